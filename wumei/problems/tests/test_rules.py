"""The pure rules: transition table, escalation deadlines across holidays and 调休, overdue edges, the top of
the ladder, ages and the statistics (by hand-computed values). No database."""

import datetime
from decimal import Decimal

import pytest

from wumei.calendar.rules import WorkCalendar
from wumei.problems import rules
from wumei.problems.models import Problem, ProblemTransition
from wumei.problems.rules import Age, Hat, Row, Step, Verdict
from wumei.problems.tests.helpers import HOLIDAYS, MAKE_UP_DAYS, d

S = Problem.Status
A = ProblemTransition.Action
CALENDAR = WorkCalendar(special={**{day: False for day in HOLIDAYS}, **{day: True for day in MAKE_UP_DAYS}},
                        published_years=frozenset({2026}))
ALL_HATS = frozenset(Hat)


# The transition table ------------------------------------------------------------------------------------------

# (action, from status, hats that may) → allowed; every other (status, hat) pair is checked below too.
TABLE = {
    A.ASSIGN: ({S.OPEN, S.ASSIGNED}, {Hat.HQ}),
    A.START: ({S.ASSIGNED}, {Hat.HQ, Hat.OWNER_UNIT}),
    A.SOLVE: ({S.OPEN, S.ASSIGNED, S.IN_PROGRESS, S.REOPENED}, {Hat.HQ, Hat.OWNER_UNIT, Hat.LEVEL_HOLDER}),
    A.CONFIRM: ({S.SOLVED}, {Hat.HQ, Hat.REPORTER}),
    A.REOPEN: ({S.SOLVED}, {Hat.HQ, Hat.REPORTER}),
    A.ESCALATE: ({S.OPEN, S.ASSIGNED, S.IN_PROGRESS, S.REOPENED}, {Hat.HQ, Hat.LEVEL_HOLDER}),
}


@pytest.mark.parametrize("action", list(TABLE))
@pytest.mark.parametrize("status", S.values)
@pytest.mark.parametrize("hat", list(Hat))
def test_transition_table_for_every_action_status_and_hat(action, status, hat):
    statuses, hats = TABLE[action]
    verdict = rules.check(action, status, 0, {hat})
    if hat not in hats:
        assert verdict is Verdict.FORBIDDEN
    elif status in statuses:
        assert verdict is Verdict.ALLOWED
    else:
        assert verdict is Verdict.CONFLICT


def test_an_enterprise_or_a_reporter_cannot_solve_or_escalate():
    for hat in (Hat.ENTERPRISE, Hat.REPORTER):
        assert rules.allowed_actions(S.IN_PROGRESS, 0, {hat}) == []


def test_nobody_escalates_past_the_county_head():
    assert rules.check(A.ESCALATE, S.IN_PROGRESS, 2, {Hat.HQ}) is Verdict.ALLOWED
    assert rules.check(A.ESCALATE, S.IN_PROGRESS, 3, {Hat.HQ}) is Verdict.CONFLICT
    assert rules.conflict_message(A.ESCALATE, S.IN_PROGRESS, 3) == "该问题已提级至县长，不能再提级"


def test_an_escalated_problem_is_not_assigned_again():
    assert rules.check(A.ASSIGN, S.OPEN, 1, {Hat.HQ}) is Verdict.CONFLICT
    assert rules.conflict_message(A.ASSIGN, S.OPEN, 1) == "该问题已提级办理，不能再交办给单位"


def test_conflict_message_names_the_status_and_the_action():
    assert rules.conflict_message(A.CONFIRM, S.IN_PROGRESS, 0) == "该问题当前状态为「办理中」，不能确认办结"


def test_transitions_lead_where_the_life_cycle_says():
    assert [rules.to_status(a, s) for a, s in [
        (A.ASSIGN, S.OPEN), (A.START, S.ASSIGNED), (A.SOLVE, S.IN_PROGRESS), (A.CONFIRM, S.SOLVED),
        (A.REOPEN, S.SOLVED), (A.ESCALATE, S.IN_PROGRESS), (A.SOLVE, S.REOPENED),
    ]] == [S.ASSIGNED, S.IN_PROGRESS, S.SOLVED, S.CONFIRMED, S.REOPENED, S.IN_PROGRESS, S.SOLVED]


def test_allowed_actions_of_the_hq_office_on_an_open_problem():
    assert rules.allowed_actions(S.OPEN, 0, {Hat.HQ}) == [A.ASSIGN, A.SOLVE, A.ESCALATE]
    assert rules.allowed_actions(S.CONFIRMED, 0, ALL_HATS) == []


@pytest.mark.parametrize(("status", "rated", "hats", "expected"), [
    (S.SOLVED, False, {Hat.ENTERPRISE}, True),
    (S.CONFIRMED, False, {Hat.ENTERPRISE}, True),
    (S.CONFIRMED, True, {Hat.ENTERPRISE}, False),   # once
    (S.IN_PROGRESS, False, {Hat.ENTERPRISE}, False),  # not before it is solved
    (S.REOPENED, False, {Hat.ENTERPRISE}, False),
    (S.SOLVED, False, {Hat.HQ, Hat.REPORTER}, False),  # only the project's enterprise
])
def test_rating_is_the_enterprises_once_after_solving(status, rated, hats, expected):
    assert rules.can_rate(status, rated, hats) is expected


# Escalation deadlines ----------------------------------------------------------------------------------------------

def test_level_deadline_skips_the_national_day_holiday():
    # Fri 09-25 + 5 working days: 09-28, 09-29, 09-30, (10-01..07 off) 10-08, 10-09.
    assert rules.level_due_on(CALENDAR, d(9, 25), 5) == d(10, 9)


def test_level_deadline_counts_make_up_working_days():
    # Fri 09-18 + 2: Sunday 09-20 is worked (调休), then Monday 09-21.
    assert rules.level_due_on(CALENDAR, d(9, 18), 2) == d(9, 21)
    # Fri 10-09 + 1: Saturday 10-10 is worked.
    assert rules.level_due_on(CALENDAR, d(10, 9), 1) == d(10, 10)


def test_level_deadline_from_a_holiday_counts_from_the_next_working_day():
    assert rules.level_due_on(CALENDAR, d(10, 1), 1) == d(10, 8)


def test_each_level_gets_its_own_number_of_days():
    days = rules.LadderDays(lead_leader=5, posts={2: 3, 3: 2}, default=4)
    assert [days.for_level(level, unit_days=10) for level in range(4)] == [10, 5, 3, 2]
    assert rules.LadderDays(lead_leader=5, posts={}, default=4).for_level(3, unit_days=10) == 4


def test_overdue_the_day_after_the_deadline_not_on_the_deadline_day():
    due = d(10, 9)
    assert not rules.is_overdue(S.IN_PROGRESS, due, d(10, 9))
    assert rules.is_overdue(S.IN_PROGRESS, due, d(10, 10))


def test_a_solved_problem_is_never_overdue():
    assert not rules.is_overdue(S.SOLVED, d(10, 9), d(12, 31))
    assert not rules.is_overdue(S.CONFIRMED, d(10, 9), d(12, 31))


@pytest.mark.parametrize(("level", "on", "flagged", "expected"), [
    (0, d(10, 9), False, None),           # the deadline day itself
    (0, d(10, 10), False, Step.ESCALATE),  # the day after
    (2, d(10, 10), False, Step.ESCALATE),
    (3, d(10, 10), False, Step.FLAG_TOP),  # the top: nobody above, flag it
    (3, d(10, 10), True, None),            # ... once
    (3, d(10, 9), False, None),
])
def test_escalation_step(level, on, flagged, expected):
    assert rules.escalation_step(S.IN_PROGRESS, level, d(10, 9), on, flagged) is expected


def test_escalation_step_ignores_solved_problems():
    assert rules.escalation_step(S.SOLVED, 0, d(10, 9), d(10, 20), False) is None


# Ages ----------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raised", "expected"), [
    (d(6, 15), Age.FRESH), (d(6, 9), Age.FRESH), (d(6, 8), Age.WEEKS), (d(5, 16), Age.WEEKS), (d(5, 15), Age.OLD),
])
def test_age_buckets_at_their_edges(raised, expected):
    # On 06-15: 6 days → <7; 7 days → 7–30; 30 days → 7–30; 31 days → >30.
    assert rules.age_of(raised, d(6, 15)) is expected


def test_raised_between_matches_age_of():
    on = d(6, 15)
    for age in Age:
        earliest, latest = rules.raised_between(age, on)
        for offset in range(0, 60):
            day = on - datetime.timedelta(days=offset)
            inside = (earliest is None or day >= earliest) and (latest is None or day <= latest)
            assert inside == (rules.age_of(day, on) is age), (age, day)


# Statistics ------------------------------------------------------------------------------------------------------------

def row(raised, solved=None, unit="县工业和信息化局", category="land", level=0):
    return Row(raised_on=raised, solved_on=solved, unit=unit, category=category, level=level)


ROWS = [
    row(d(9, 25), d(10, 9), category="power", level=1),     # 5 working days: 09-28, 29, 30, 10-08, 09
    row(d(9, 18), d(9, 21), unit="县交通运输局"),             # 2: Sunday 09-20 (调休) and 09-21
    row(d(10, 9), d(10, 10), category="power"),             # 1: Saturday 10-10 (调休)
    row(d(10, 12), None, unit="县交通运输局", level=3),       # unsolved
    row(d(8, 31), d(9, 2)),                                 # raised before the period: not counted
    row(d(10, 20), d(11, 3), level=2),                      # solved after the period: collected, not solved
    row(d(10, 30), d(10, 30), category="funds"),            # solved the same day: 0
]


def test_figures_of_a_period_by_hand():
    figures = rules.figures(ROWS, d(9, 1), d(10, 31), CALENDAR)
    assert (figures.collected, figures.solved, figures.unsolved) == (6, 4, 2)
    assert figures.solved_rate == Decimal("66.7")
    assert figures.median_days == Decimal("1.5")  # of 0, 1, 2, 5


def test_the_seeds_sixty_three_collected_fifty_six_solved():
    rows = [row(d(1, 5), d(1, 6)) for _ in range(56)] + [row(d(1, 5)) for _ in range(7)]
    figures = rules.figures(rows, d(1, 1), d(12, 31), CALENDAR)
    assert (figures.collected, figures.solved, figures.solved_rate) == (63, 56, Decimal("88.9"))
    assert figures.median_days == Decimal("1")


def test_figures_of_an_empty_period():
    assert rules.figures(ROWS, d(1, 1), d(1, 31), CALENDAR) == rules.Figures(0, 0, None, None)


def test_breakdown_by_unit_category_and_level_by_hand():
    start, end = d(9, 1), d(10, 31)
    by_unit = dict(rules.breakdown(ROWS, start, end, CALENDAR, lambda r: r.unit))
    assert by_unit["县工业和信息化局"] == rules.Figures(4, 3, Decimal("75.0"), Decimal("1"))  # 5, 1, 0
    assert by_unit["县交通运输局"] == rules.Figures(2, 1, Decimal("50.0"), Decimal("2"))
    by_category = rules.breakdown(ROWS, start, end, CALENDAR, lambda r: r.category)
    assert [(k, f.collected, f.solved, f.median_days) for k, f in by_category] == [
        ("land", 3, 1, Decimal("2")), ("power", 2, 2, Decimal("3")), ("funds", 1, 1, Decimal("0")),
    ]
    by_level = dict(rules.breakdown(ROWS, start, end, CALENDAR, lambda r: r.level))
    assert {k: (f.collected, f.solved) for k, f in by_level.items()} == {0: (3, 3), 1: (1, 1), 2: (1, 0), 3: (1, 0)}


def test_median_of_an_odd_and_an_even_count():
    assert rules.median([7, 1, 3]) == Decimal("3")
    assert rules.median([4, 1, 2, 8]) == Decimal("3")
    assert rules.median([1, 2]) == Decimal("1.5")
    assert rules.median([]) is None
