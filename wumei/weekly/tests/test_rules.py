"""每周必访 rules, without a database: ISO weeks, holiday weeks, coverage, visit dates and the lead figures."""

import datetime
from decimal import Decimal

import pytest

from wumei.calendar.rules import WorkCalendar
from wumei.weekly import rules
from wumei.weekly.rules import LeadDates, LeadFacts, ProjectRef

D = datetime.date
LARGE = Decimal("100000")


def calendar_2026() -> WorkCalendar:
    """The official 2026 arrangements these tests touch: Spring Festival 2026-02-15..23 off with 02-14 and
    02-28 worked; National Day 10-01..07 off with 09-20 and 10-10 worked."""
    special = {D(2026, 2, 14): True, D(2026, 2, 28): True, D(2026, 9, 20): True, D(2026, 10, 10): True}
    special |= {D(2026, 2, 15) + datetime.timedelta(days=i): False for i in range(9)}
    special |= {D(2026, 10, 1) + datetime.timedelta(days=i): False for i in range(7)}
    return WorkCalendar(special=special, published_years=frozenset({2026}))


# ---------------------------------------------------------------- weeks


@pytest.mark.parametrize("day", [D(2026, 6, 8), D(2026, 6, 10), D(2026, 6, 14)])
def test_a_week_runs_from_monday_to_sunday(day):
    week = rules.week_of(day)

    assert (week.start, week.end) == (D(2026, 6, 8), D(2026, 6, 14))
    assert (week.iso_year, week.number) == (2026, 24)


def test_sunday_belongs_to_the_week_before_the_next_monday():
    assert rules.week_of(D(2026, 6, 14)) != rules.week_of(D(2026, 6, 15))
    assert rules.week_of(D(2026, 6, 15)).start == D(2026, 6, 15)


def test_new_year_days_in_a_week_started_in_december_keep_the_old_iso_year():
    week = rules.week_of(D(2027, 1, 1))  # a Friday

    assert week.start == D(2026, 12, 28)
    assert (week.iso_year, week.number) == (2026, 53)
    assert week.short_label == "2026年第53周"
    assert week.label == "2026年第53周（12月28日—1月3日）"
    assert (rules.week_of(D(2027, 1, 4)).iso_year, rules.week_of(D(2027, 1, 4)).number) == (2027, 1)


def test_recent_weeks_end_with_the_week_of_the_day_oldest_first():
    weeks = rules.recent_weeks(D(2026, 6, 10), 3)

    assert [w.start for w in weeks] == [D(2026, 5, 25), D(2026, 6, 1), D(2026, 6, 8)]
    assert weeks[0].next() == weeks[1] and weeks[2].previous() == weeks[1]


def test_the_spring_festival_week_with_no_working_day_asks_for_no_visit():
    calendar = calendar_2026()

    assert not rules.is_visit_week(rules.week_of(D(2026, 2, 18)), calendar.is_working_day)
    # The week before: 02-14, a Saturday, is a make-up working day; 02-09..13 are ordinary working days.
    assert rules.is_visit_week(rules.week_of(D(2026, 2, 12)), calendar.is_working_day)
    # The week after: 02-23 still off, 02-24..28 worked.
    assert rules.is_visit_week(rules.week_of(D(2026, 2, 25)), calendar.is_working_day)


def test_a_week_whose_only_working_day_is_a_make_up_saturday_still_asks_for_visits():
    week = rules.week_of(D(2026, 10, 5))
    only_saturday = WorkCalendar(special={d: d == D(2026, 10, 10) for d in week.days()}, published_years=frozenset())

    assert rules.is_visit_week(week, only_saturday.is_working_day)
    assert rules.is_visit_week(week, calendar_2026().is_working_day)  # 10-08, 10-09 and the 10-10 make-up day


# ---------------------------------------------------------------- coverage

A, B, C = ProjectRef(1, "纯碱项目"), ProjectRef(2, "环线公路"), ProjectRef(3, "供水工程")
WEEK = rules.week_of(D(2026, 6, 10))


def test_a_visit_counts_only_for_that_leaders_due_project_within_the_week():
    due = {10: [A, B, C], 20: [ProjectRef(4, "医院")]}
    visits = [
        (10, 1, D(2026, 6, 8)),   # Monday: counts
        (10, 2, D(2026, 6, 14)),  # Sunday: counts
        (10, 3, D(2026, 6, 15)),  # next Monday: another week
        (20, 3, D(2026, 6, 10)),  # another leader at leader 10's project: not his
        (10, 4, D(2026, 6, 10)),  # leader 10 at a project he does not lead: ignored
        (99, 1, D(2026, 6, 10)),  # a leader out of scope: ignored
    ]

    cov = rules.coverage(WEEK, due, visits)

    assert cov[10].visited == [A, B] and cov[10].not_visited == [C]
    assert (cov[10].visited_count, cov[10].due_count, cov[10].rate) == (2, 3, Decimal("66.7"))
    assert cov[20].visited == [] and cov[20].rate == Decimal("0.0")
    assert not cov[10].complete


def test_two_visits_to_one_project_count_once():
    cov = rules.coverage(WEEK, {10: [A, B]}, [(10, 1, D(2026, 6, 8)), (10, 1, D(2026, 6, 11))])

    assert cov[10].visited_count == 1 and cov[10].rate == Decimal("50.0")


def test_every_project_visited_is_complete_at_one_hundred_percent():
    cov = rules.coverage(WEEK, {10: [A]}, [(10, 1, D(2026, 6, 9))])

    assert cov[10].complete and cov[10].rate == Decimal("100.0") and cov[10].not_visited == []


def test_an_exempt_week_has_no_rate_and_nothing_missing():
    cov = rules.coverage(WEEK, {10: [A, B]}, [], exempt=True)

    assert cov[10].rate is None and cov[10].not_visited == [] and cov[10].due_count == 0
    assert rules.overall_rate(cov.values()) is None


def test_a_leader_with_no_due_project_has_no_rate():
    assert rules.coverage(WEEK, {10: []}, [])[10].rate is None


def test_overall_rate_weighs_each_project_not_each_leader():
    cov = rules.coverage(WEEK, {10: [A], 20: [B, C, ProjectRef(4, "医院")]},
                         [(10, 1, D(2026, 6, 9)), (20, 2, D(2026, 6, 9))])

    assert rules.overall_rate(cov.values()) == Decimal("50.0")  # 2 of 4, not (100 + 33.3) / 2


@pytest.mark.parametrize("stage, due", [("planning", True), ("started", True), ("assessment", True),
                                        ("operating", False)])
def test_completed_and_operating_projects_need_no_weekly_visit(stage, due):
    assert rules.is_due_for_visits(stage, ["operating"]) is due


@pytest.mark.parametrize("numerator, denominator, expected", [
    (8, 9, Decimal("88.9")), (2, 3, Decimal("66.7")), (1, 8, Decimal("12.5")), (1, 3, Decimal("33.3")),
    (0, 5, Decimal("0.0")), (5, 5, Decimal("100.0")), (0, 0, None),
])
def test_percent_has_one_decimal_rounded_half_up(numerator, denominator, expected):
    assert rules.percent(numerator, denominator) == expected


# ---------------------------------------------------------------- visit dates


def test_a_visit_may_be_logged_for_today_and_up_to_the_backdate_limit():
    today = D(2026, 6, 10)

    assert rules.visit_date_error(today, today, 30) is None
    assert rules.visit_date_error(D(2026, 5, 11), today, 30) is None  # exactly 30 days back
    assert rules.visit_date_error(D(2026, 5, 10), today, 30) == "只能补录30天内的走访（2026-05-11及以后）"
    assert rules.visit_date_error(D(2026, 6, 11), today, 30) == "走访日期不能晚于今天"


# ---------------------------------------------------------------- investment-lead figures

ON = D(2026, 6, 10)


def lead(amount="10000", stage="signed", signed=None, contract=None, started=None, top500=False, park=False):
    return LeadFacts(amount=Decimal(amount), stage=stage, signed_on=signed, contract_start_on=contract,
                     started_on=started, is_top500=top500, in_park=park)


def test_signed_this_year_runs_from_the_first_of_january_to_the_day():
    leads = [
        lead(signed=D(2025, 12, 31)),                     # last year
        lead(signed=D(2026, 1, 1)),                       # first day of the year: counts
        lead(signed=ON),                                  # the day itself: counts
        lead(signed=D(2026, 6, 11)),                      # after the day: not yet
        lead(stage="negotiating"),                        # not signed
        lead(stage="dropped", signed=D(2026, 3, 1)),      # signed, then dropped: no longer attracted
        lead(stage="started", signed=D(2026, 2, 1), started=D(2026, 4, 1)),  # started still counts as signed
    ]

    assert len(rules.signed_this_year(leads, ON)) == 3


def test_signed_amount_sums_exact_wan_of_this_years_signed_leads():
    leads = [lead("1234.5678", signed=D(2026, 2, 1)), lead("0.0001", signed=D(2026, 3, 1)),
             lead("99999", signed=D(2025, 3, 1))]

    assert rules.signed_amount(leads, ON) == Decimal("1234.5679")
    assert rules.signed_amount([], ON) == Decimal(0)


def test_a_lead_of_exactly_ten_yi_counts_as_large_and_one_yuan_less_does_not():
    leads = [lead("100000", signed=D(2026, 2, 1)), lead("99999.9999", signed=D(2026, 2, 1)),
             lead("350000", signed=D(2025, 2, 1))]

    assert rules.large_signed_count(leads, ON, LARGE) == 1


def test_top500_counts_only_this_years_signed_leads():
    leads = [lead(signed=D(2026, 2, 1), top500=True), lead(stage="negotiating", top500=True),
             lead(signed=D(2026, 2, 1)), lead(stage="dropped", signed=D(2026, 2, 1), top500=True)]

    assert rules.top500_signed_count(leads, ON) == 1


def test_started_this_year_counts_ground_breaking_between_new_year_and_the_day_whenever_signed():
    leads = [
        lead(stage="started", signed=D(2025, 11, 1), started=D(2026, 1, 1)),  # signed last year: counts
        lead(stage="started", signed=D(2026, 2, 1), started=ON),
        lead(stage="started", signed=D(2025, 3, 1), started=D(2025, 12, 31)),
        lead(stage="started", signed=D(2026, 2, 1), started=D(2026, 6, 11)),
    ]

    assert len(rules.started_this_year(leads, ON)) == 2


def test_fulfilment_counts_contracts_due_before_the_day_and_started_by_it():
    leads = [
        lead(signed=D(2026, 1, 10), contract=D(2026, 6, 9), started=ON),            # due yesterday, started today
        lead(signed=D(2026, 1, 10), contract=D(2026, 3, 1), started=D(2026, 2, 20)),  # started early: fulfilled
        lead(signed=D(2026, 1, 10), contract=D(2026, 3, 1)),                          # due, not started
        lead(signed=D(2026, 1, 10), contract=D(2026, 3, 1), started=D(2026, 6, 11)),  # starts after the day
        lead(stage="dropped", signed=D(2026, 1, 10), contract=D(2026, 4, 1)),        # contract terminated
        lead(signed=D(2026, 1, 10), contract=ON),                                     # due only tomorrow
        lead(signed=D(2025, 6, 1), contract=D(2025, 12, 31)),                         # due last year
        lead(stage="negotiating", contract=D(2026, 3, 1)),                            # never signed
    ]

    result = rules.fulfilment(leads, ON)

    assert (result.fulfilled, result.due) == (2, 5)
    assert result.rate == Decimal("40.0")


def test_fulfilment_with_nothing_due_has_no_rate():
    assert rules.fulfilment([lead(signed=D(2026, 5, 1), contract=D(2026, 7, 1))], ON).rate is None


def test_the_seeds_park_shape_gives_eighty_eight_point_nine_percent():
    due_started = [lead(signed=D(2026, 1, 5), contract=D(2026, 3, 1), started=D(2026, 3, 5), park=True)] * 8
    due_not_started = [lead(signed=D(2026, 1, 5), contract=D(2026, 3, 1), park=True)]
    early = [lead(stage="started", signed=D(2026, 4, 1), contract=D(2026, 8, 1), started=D(2026, 5, 1),
                  park=True)] * 3
    pending = [lead(signed=D(2026, 5, 1), contract=D(2026, 9, 1), park=True)] * 6
    town = [lead("300000", signed=D(2026, 2, 1), contract=D(2026, 3, 1), started=D(2026, 3, 2))]

    figures = rules.lead_figures(rules.park_only(due_started + due_not_started + early + pending + town), ON, LARGE)

    assert (figures.signed_count, figures.started_count) == (18, 11)
    assert (figures.fulfilment.fulfilled, figures.fulfilment.due, figures.fulfilment_rate) == (8, 9, Decimal("88.9"))
    assert figures.large_count == 0


# ---------------------------------------------------------------- lead dates and stages


SIGNED, CONTRACT = D(2026, 2, 1), D(2026, 4, 1)


def dates(stage="signed", contacted=None, signed=SIGNED, contract=CONTRACT, started=None):
    return LeadDates(stage, contacted, signed, contract, started)


def test_consistent_lead_dates_have_no_error():
    assert rules.lead_errors(dates(contacted=D(2026, 1, 1)), ON) == {}
    assert rules.lead_errors(dates(stage="started", started=D(2026, 4, 1)), ON) == {}
    assert rules.lead_errors(LeadDates("contact", D(2026, 1, 1), None, None, None), ON) == {}


@pytest.mark.parametrize("facts, field, message", [
    (dates(signed=None), "signed_on", "已签约的项目须填写签约日期"),
    (dates(contract=None), "contract_start_on", "已签约的项目须填写合同约定开工日期（用于计算履约率）"),
    (dates(stage="started"), "started_on", "已开工的项目须填写开工日期"),
    (dates(stage="negotiating"), "stage", "已填写签约日期，项目阶段应为“签约”或“开工”"),
    (dates(started=D(2026, 4, 2)), "stage", "已填写开工日期，项目阶段应为“开工”"),
    (dates(signed=D(2026, 6, 11)), "signed_on", "签约日期不能晚于今天"),
    (dates(contacted=D(2026, 3, 1)), "signed_on", "签约日期不能早于接洽日期"),
    (dates(stage="started", started=D(2026, 1, 31)), "started_on", "开工日期不能早于签约日期"),
    (dates(contract=D(2026, 1, 31)), "contract_start_on", "合同约定开工日期不能早于签约日期"),
])
def test_contradicting_lead_dates_are_refused_with_a_message(facts, field, message):
    assert rules.lead_errors(facts, ON)[field] == message


def test_a_contracted_start_may_lie_ahead_but_a_start_may_not():
    assert rules.lead_errors(dates(contract=D(2027, 1, 1)), ON) == {}
    assert "started_on" in rules.lead_errors(dates(stage="started", started=D(2026, 6, 11)), ON)


@pytest.mark.parametrize("from_stage, to_stage, needs_reason", [
    ("contact", "negotiating", False), ("negotiating", "signed", False), ("signed", "started", False),
    ("contact", "started", False), ("started", "signed", True), ("signed", "negotiating", True),
    ("negotiating", "dropped", True), ("dropped", "negotiating", True), ("signed", "signed", False),
    ("", "signed", False),
])
def test_a_lead_goes_forward_freely_but_back_dropped_or_revived_only_with_a_reason(from_stage, to_stage,
                                                                                   needs_reason):
    assert (rules.lead_stage_change_error(from_stage, to_stage, "") is not None) is needs_reason
    assert rules.lead_stage_change_error(from_stage, to_stage, "企业调整投资计划") is None
