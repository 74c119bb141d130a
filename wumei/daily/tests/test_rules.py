"""The rules of 每日必盯 as pure functions: no database."""

import datetime
from decimal import Decimal

import pytest

from wumei.calendar.rules import WorkCalendar
from wumei.daily import rules
from wumei.daily.rules import Baseline, DayState, HeatLevel, Obligation, Tally

D = datetime.date
T = datetime.time
CUTOFF = T(17, 0)
# 2026's National Day: 10-01..07 off; Sunday 09-20 and Saturday 10-10 are make-up working days (调休).
CALENDAR = WorkCalendar(
    special={**{D(2026, 10, d): False for d in range(1, 8)}, D(2026, 9, 20): True, D(2026, 10, 10): True},
    published_years=frozenset({2026}),
)


def moment(day, hour, minute=0, second=0):
    return datetime.datetime.combine(day, T(hour, minute, second))


# ---------------------------------------------------------------- cut-off


@pytest.mark.parametrize("submitted, late", [
    (moment(D(2026, 3, 18), 8, 30), False),
    (moment(D(2026, 3, 18), 16, 59), False),
    (moment(D(2026, 3, 18), 16, 59, 59), False),
    (moment(D(2026, 3, 18), 17, 0), True),
    (moment(D(2026, 3, 18), 17, 1), True),
    (moment(D(2026, 3, 19), 8, 0), True),  # the next morning, for yesterday: late
])
def test_a_report_is_on_time_strictly_before_the_cutoff_of_its_own_day(submitted, late):
    assert rules.is_late(D(2026, 3, 18), submitted, CUTOFF) is late


def test_the_cutoff_is_configurable():
    cutoff = rules.parse_cutoff("18:30")
    assert not rules.is_late(D(2026, 3, 18), moment(D(2026, 3, 18), 18, 29), cutoff)
    assert rules.is_late(D(2026, 3, 18), moment(D(2026, 3, 18), 18, 30), cutoff)


@pytest.mark.parametrize("text", ["", "5pm", "25:00", "17:00+08:00"])
def test_a_malformed_cutoff_is_refused_in_chinese(text):
    with pytest.raises(ValueError, match="截止时间"):
        rules.parse_cutoff(text)


def test_a_report_for_a_future_day_is_refused():
    assert "今天以后" in rules.report_date_error(D(2026, 3, 19), D(2026, 3, 18), None)
    assert rules.report_date_error(D(2026, 3, 18), D(2026, 3, 18), None) is None
    assert rules.report_date_error(D(2026, 3, 2), D(2026, 3, 18), None) is None  # past days: accepted (late)


def test_a_report_before_the_projects_latest_report_is_refused_but_the_same_day_updates():
    assert "不能再补报更早日期" in rules.report_date_error(D(2026, 3, 16), D(2026, 3, 18), D(2026, 3, 17))
    assert rules.report_date_error(D(2026, 3, 17), D(2026, 3, 18), D(2026, 3, 17)) is None


# ---------------------------------------------------------------- values


BASE = Baseline(cumulative=Decimal(1000), stage="started", total_investment=Decimal(10000))


def errors(cumulative, stage="started", **reasons):
    return rules.report_errors(cumulative=Decimal(cumulative), stage=stage, baseline=BASE, **reasons)


def test_unchanged_or_rising_investment_and_a_forward_stage_need_no_reason():
    assert errors(1000) == {}
    assert errors(1500, stage="assessment") == {}
    assert errors(10000) == {}  # exactly the total


def test_investment_falling_needs_a_reason():
    assert "比上次填报的1,000万元少" in errors("999.99")["investment_reason"]
    assert errors(900, investment_reason="审计核减100万元") == {}
    assert "investment_reason" in errors(900, investment_reason="   ")


def test_investment_above_the_total_needs_a_reason():
    assert "超过项目总投资10,000万元" in errors("10000.0001")["investment_reason"]
    assert errors(10500, investment_reason="总投资调增，待批复") == {}


def test_a_stage_going_back_needs_a_reason():
    assert errors(1000, stage="siting")["stage_reason"] == "项目阶段从「落地开工」退回「规划选址」，请填写原因"
    assert errors(1000, stage="siting", stage_reason="施工许可被撤销，重新办理") == {}


def test_negative_investment_and_unknown_stages_are_refused():
    assert errors(-1)["cumulative_investment"] == "累计完成投资不能为负数"
    assert "无效的项目阶段" in errors(1000, stage="flying")["stage"]


def test_the_first_report_has_no_previous_investment_to_fall_below():
    first = Baseline(cumulative=None, stage="planning", total_investment=Decimal(100))
    assert rules.report_errors(cumulative=Decimal(0), stage="planning", baseline=first) == {}
    assert rules.investment_added(Decimal(5), None) is None
    assert rules.investment_added(Decimal(5), Decimal(3)) == Decimal(2)


# ---------------------------------------------------------------- who is expected


def test_a_project_reports_from_registration_until_the_day_before_it_operates():
    ob = rules.obligation(1, 7, registered_on=D(2026, 3, 2), stage="operating",
                          actual_completion_on=D(2026, 3, 20), operating_since=D(2026, 3, 21))
    assert ob == Obligation(1, 7, D(2026, 3, 2), D(2026, 3, 19))
    assert not ob.covers(D(2026, 3, 1)) and ob.covers(D(2026, 3, 2))
    assert ob.covers(D(2026, 3, 19)) and not ob.covers(D(2026, 3, 20))


def test_an_operating_project_without_a_completion_date_stops_on_its_move_to_operating():
    ob = rules.obligation(1, 7, registered_on=D(2026, 1, 5), stage="operating", actual_completion_on=None,
                          operating_since=D(2026, 3, 10))
    assert ob.last_day == D(2026, 3, 9)


def test_a_project_under_way_reports_indefinitely_and_one_without_a_unit_never():
    ob = rules.obligation(1, 7, registered_on=D(2026, 1, 5), stage="started", actual_completion_on=D(2026, 1, 1),
                          operating_since=None)
    assert ob.last_day is None and ob.covers(D(2030, 1, 1))
    assert rules.obligation(1, None, registered_on=D(2026, 1, 5), stage="started", actual_completion_on=None,
                            operating_since=None) is None


@pytest.mark.parametrize("day, expected", [
    (D(2026, 9, 18), True),    # Friday
    (D(2026, 9, 19), False),   # Saturday
    (D(2026, 9, 20), True),    # Sunday worked (调休)
    (D(2026, 9, 30), True),
    (D(2026, 10, 1), False),   # National Day
    (D(2026, 10, 7), False),   # last day of the holiday, a Wednesday
    (D(2026, 10, 8), True),
    (D(2026, 10, 10), True),   # Saturday worked (调休)
    (D(2026, 10, 11), False),  # Sunday
])
def test_reports_are_expected_on_working_days_only_holidays_and_make_up_days_included(day, expected):
    ob = Obligation(1, 7, D(2026, 1, 1))
    assert rules.is_expected(ob, day, CALENDAR) is expected


def test_working_days_of_the_national_day_fortnight():
    days = rules.working_days(D(2026, 9, 28), D(2026, 10, 11), CALENDAR)
    assert days == [D(2026, 9, 28), D(2026, 9, 29), D(2026, 9, 30), D(2026, 10, 8), D(2026, 10, 9),
                    D(2026, 10, 10)]


# ---------------------------------------------------------------- compliance


def test_compliance_counts_expected_received_and_on_time_per_unit_and_day():
    obligations = [
        Obligation(1, 100, D(2026, 9, 1)),
        Obligation(2, 100, D(2026, 9, 29)),                    # registered mid-period
        Obligation(3, 200, D(2026, 9, 1), D(2026, 9, 28)),     # operating from 09-29
    ]
    reports = [
        (1, D(2026, 9, 28), False), (1, D(2026, 9, 29), True), (2, D(2026, 9, 29), False),
        (3, D(2026, 9, 28), False),
        (3, D(2026, 9, 29), False),   # after completion: not counted
        (1, D(2026, 10, 3), False),   # a holiday report: kept, not counted
        (99, D(2026, 9, 28), False),  # a project outside the scope
    ]
    result = rules.compliance(obligations, reports, D(2026, 9, 27), D(2026, 10, 8), CALENDAR)
    assert result.days == [D(2026, 9, 28), D(2026, 9, 29), D(2026, 9, 30), D(2026, 10, 8)]
    assert result.cell(100, D(2026, 9, 28)) == Tally(expected=1, received=1, on_time=1)
    assert result.cell(100, D(2026, 9, 29)) == Tally(expected=2, received=2, on_time=1)
    assert result.cell(200, D(2026, 9, 29)) == Tally()
    by_unit = result.by_unit()
    assert by_unit[100] == Tally(expected=7, received=3, on_time=2)
    assert by_unit[200] == Tally(expected=1, received=1, on_time=1)
    assert result.total() == Tally(expected=8, received=4, on_time=3)
    assert result.by_day()[D(2026, 10, 8)] == Tally(expected=2)


def test_rates_are_on_time_over_expected_in_percent_with_one_decimal():
    tally = Tally(expected=3, received=2, on_time=1)
    assert tally.rate == Decimal("33.3") and tally.received_rate == Decimal("66.7")
    assert (tally.late, tally.missing) == (1, 1)
    assert Tally().rate is None


def test_units_rank_by_on_time_rate_and_ties_share_a_rank():
    tallies = {1: Tally(10, 10, 9), 2: Tally(10, 10, 10), 3: Tally(10, 9, 9), 4: Tally(0, 0, 0), 5: Tally(4, 2, 1)}
    ranked = rules.rank_units(tallies, {1: "甲", 2: "乙", 3: "丙", 5: "丁"})
    assert [(rank, unit) for rank, unit, _ in ranked] == [(1, 2), (2, 1), (2, 3), (4, 5)]


@pytest.mark.parametrize("tally, working, day, level", [
    (Tally(4, 4, 4), True, D(2026, 3, 18), HeatLevel.FULL),
    (Tally(10, 10, 9), True, D(2026, 3, 18), HeatLevel.GOOD),
    (Tally(10, 10, 7), True, D(2026, 3, 18), HeatLevel.FAIR),
    (Tally(10, 10, 1), True, D(2026, 3, 18), HeatLevel.POOR),
    (Tally(10, 10, 0), True, D(2026, 3, 18), HeatLevel.ZERO),
    (None, True, D(2026, 3, 18), HeatLevel.NONE),
    (None, False, D(2026, 3, 21), HeatLevel.REST),
    (None, True, D(2026, 3, 19), HeatLevel.FUTURE),
])
def test_a_calendar_cell_is_coloured_by_the_days_rate(tally, working, day, level):
    assert rules.heat_level(day, D(2026, 3, 18), tally, working) == level


# ---------------------------------------------------------------- a day's state, the chase, periods


@pytest.mark.parametrize("expected, late, hour, state", [
    (True, None, 16, DayState.PENDING),
    (True, None, 17, DayState.MISSING),
    (True, False, 17, DayState.REPORTED),
    (True, True, 18, DayState.LATE),
    (False, None, 18, DayState.NOT_EXPECTED),
    (False, False, 10, DayState.REPORTED),
])
def test_the_liaisons_page_shows_each_projects_state_of_the_day(expected, late, hour, state):
    day = D(2026, 3, 18)
    assert rules.day_state(expected=expected, report_is_late=late, day=day, now_local=moment(day, hour),
                           cutoff=CUTOFF) == state


def test_the_chase_runs_only_after_the_cutoff_of_a_working_day():
    assert "未到" in rules.chase_refusal(D(2026, 9, 30), moment(D(2026, 9, 30), 16, 59), CUTOFF, CALENDAR)
    assert rules.chase_refusal(D(2026, 9, 30), moment(D(2026, 9, 30), 17, 0), CUTOFF, CALENDAR) is None
    assert "不是工作日" in rules.chase_refusal(D(2026, 10, 1), moment(D(2026, 10, 2), 9), CUTOFF, CALENDAR)
    assert rules.chase_refusal(D(2026, 10, 10), moment(D(2026, 10, 12), 9), CUTOFF, CALENDAR) is None


def test_periods_are_ordered_and_at_most_a_year_long():
    assert rules.period_error(D(2026, 3, 2), D(2026, 3, 1)) == "结束日期不能早于开始日期"
    assert rules.period_error(D(2024, 1, 1), D(2024, 12, 31)) is None  # 366 days, a leap year
    assert "最长" in rules.period_error(D(2026, 1, 1), D(2027, 1, 2))


def test_the_month_grid_starts_on_monday_and_pads_outside_days():
    weeks = rules.month_grid(2026, 2)  # 2026-02-01 is a Sunday
    assert weeks[0] == [None] * 6 + [D(2026, 2, 1)]
    assert weeks[-1][-1] is None or weeks[-1][-1] == D(2026, 2, 28)
    assert sum(day is not None for week in weeks for day in week) == 28
    assert rules.shift_month(2026, 1, -1) == (2025, 12) and rules.shift_month(2026, 12, 1) == (2027, 1)
