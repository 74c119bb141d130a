"""Hypothesis over the pure rules: the working calendar and dekads (wumei/calendar/rules.py), the registry's
date and stage rules (wumei/projects/rules.py) and the problem transitions and escalation ladder
(wumei/problems/rules.py). Properties that must hold for every date, calendar and sequence of actions."""

import datetime
import os
import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from wumei.calendar.rules import Dekad, WorkCalendar, dekad_of, year_elapsed_share
from wumei.problems import rules as problem_rules
from wumei.problems.models import ACTIVE_STATUSES, Problem
from wumei.problems.rules import TOP_LEVEL, Hat, Row, Step, Verdict
from wumei.projects import rules as project_rules
from wumei.projects.models import STAGE_ORDER, Stage

EXAMPLES = int(os.environ.get("WUMEI_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
CJK = re.compile(r"[\u4e00-\u9fff]")

days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 12, 31))
# An official calendar: holidays on weekdays, make-up working weekends (调休), a long closure now and then.
specials = st.dictionaries(st.dates(min_value=datetime.date(2019, 1, 1), max_value=datetime.date(2031, 12, 31)),
                           st.booleans(), max_size=60)
calendars = specials.map(lambda s: WorkCalendar(special=s, published_years=frozenset({2024, 2025})))
near_days = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 12, 31))


# --------------------------------------------------------------------------------------------- calendar

@FUZZ
@given(calendars, near_days, st.integers(min_value=0, max_value=60))
def test_adding_working_days_lands_on_a_working_day_exactly_that_many_later(cal, start, count):
    due = cal.add_working_days(start, count)
    assert due >= start
    assert cal.working_days_between(start, due) == count
    if count:
        assert cal.is_working_day(due)


@FUZZ
@given(calendars, near_days, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_more_working_days_never_come_sooner_and_going_back_returns(cal, start, a, b):
    low, high = sorted((a, b))
    assert cal.add_working_days(start, low) <= cal.add_working_days(start, high)
    assume(cal.is_working_day(start))
    assert cal.add_working_days(cal.add_working_days(start, a), -a) == start


@FUZZ
@given(days)
def test_a_day_lies_in_its_dekad_and_dekads_tile_the_calendar(day):
    dekad = dekad_of(day)
    assert dekad.start <= day <= dekad.end and dekad.index in (0, 1, 2)
    assert dekad.next().start == dekad.end + datetime.timedelta(days=1)
    assert dekad.previous().end == dekad.start - datetime.timedelta(days=1)
    assert dekad.previous() < dekad < dekad.next()
    assert dekad.label.startswith(f"{day.year}-{day.month:02d}") and dekad.label[-2:] in ("上旬", "中旬", "下旬")
    length = (dekad.end - dekad.start).days + 1
    assert length == 10 if dekad.index < 2 else 8 <= length <= 11


@FUZZ
@given(st.integers(min_value=2000, max_value=2099), st.integers(min_value=1, max_value=12))
def test_three_dekads_cover_the_month(year, month):
    thirds = [Dekad(year, month, i) for i in range(3)]
    assert thirds[0].start.day == 1 and thirds[2].next().start == (thirds[2].end + datetime.timedelta(days=1))
    assert all(a.end + datetime.timedelta(days=1) == b.start for a, b in zip(thirds, thirds[1:], strict=False))


@FUZZ
@given(days)
def test_the_elapsed_share_of_the_year_is_whole_months(day):
    months, twelve = year_elapsed_share(day)
    assert twelve == 12 and 0 <= months <= 12 and months in (day.month - 1, day.month)


# --------------------------------------------------------------------------------------------- projects

optional_days = st.none() | near_days


@FUZZ
@given(optional_days, optional_days, optional_days, optional_days, near_days)
def test_date_errors_name_real_fields_in_chinese_and_consistent_dates_have_none(ps, as_, pc, ac, today):
    facts = project_rules.DateFacts(ps, as_, pc, ac)
    errors = project_rules.date_errors(facts, today)
    assert set(errors) <= {"planned_completion_on", "actual_start_on", "actual_completion_on"}
    assert all(CJK.search(message) for message in errors.values())
    consistent = ((not ps or not pc or ps <= pc) and (not as_ or as_ <= today)
                  and (not ac or (as_ and as_ <= ac <= today)))
    assert (errors == {}) == bool(consistent)


stages = st.sampled_from(Stage.values)


@FUZZ
@given(stages | st.just(""), stages | st.text(max_size=8), st.text(max_size=10))
def test_a_stage_moves_forward_freely_and_back_only_with_a_reason(from_stage, to_stage, reason):
    error = project_rules.stage_change_error(from_stage, to_stage, reason)
    if to_stage not in STAGE_ORDER:
        assert error and CJK.search(error)
    elif from_stage and STAGE_ORDER[to_stage] < STAGE_ORDER[from_stage] and not reason.strip():
        assert error and "必须填写原因" in error
    else:
        assert error is None


@FUZZ
@given(near_days, optional_days, near_days)
def test_a_milestone_is_late_only_when_past_due_and_not_done(planned, actual, today):
    state = project_rules.milestone_state(planned, actual, today)
    assert (state is project_rules.MilestoneState.LATE) == (actual is None and planned < today)
    facts = project_rules.DateFacts(None, None, planned, actual)
    assert project_rules.is_overdue(facts, Stage.STARTED, today) == (actual is None and planned < today)


@FUZZ
@given(st.text(max_size=20))
def test_the_search_key_is_lower_case_text_for_any_name(name):
    key = project_rules.search_key(name)
    assert isinstance(key, str) and key == key.lower()


# --------------------------------------------------------------------------------------------- problems

statuses = st.sampled_from(Problem.Status.values)
levels = st.sampled_from(Problem.Level.values)
hat_sets = st.frozensets(st.sampled_from(list(Hat)), max_size=3)
actions = st.sampled_from(list(problem_rules.TRANSITIONS)) | st.sampled_from(["raise", "flag_overdue", "nonsense"])


@FUZZ
@given(actions, statuses, levels, hat_sets)
def test_a_verdict_follows_the_transition_table_and_a_conflict_is_explained_in_chinese(action, status, level, hats):
    verdict = problem_rules.check(action, status, level, hats)
    rule = problem_rules.TRANSITIONS.get(action)
    if verdict is Verdict.ALLOWED:
        assert rule and rule.hats & hats and status in rule.from_statuses
        assert problem_rules.to_status(action, status) in Problem.Status.values
        assert action in problem_rules.allowed_actions(status, level, hats)
    elif verdict is Verdict.CONFLICT:
        assert CJK.search(problem_rules.conflict_message(action, status, level))
    else:
        assert rule is None or not rule.hats & hats


@FUZZ
@given(st.lists(st.sampled_from(list(problem_rules.TRANSITIONS)), max_size=30), hat_sets)
def test_any_sequence_of_actions_keeps_a_problem_in_a_valid_state_and_on_the_ladder(sequence, hats):
    status, level = Problem.Status.OPEN, Problem.Level.UNIT
    for action in sequence:
        if problem_rules.check(action, status, level, hats) is not Verdict.ALLOWED:
            continue
        status = problem_rules.to_status(action, status)
        if action == "escalate":
            level += 1
        assert status in Problem.Status.values and Problem.Level.UNIT <= level <= TOP_LEVEL
    if status == Problem.Status.CONFIRMED:
        assert problem_rules.allowed_actions(status, level, frozenset(Hat)) == []


@FUZZ
@given(statuses, levels, near_days, near_days, st.booleans())
def test_escalation_never_comes_before_the_deadline_nor_past_the_top(status, level, due_on, on, flagged):
    step = problem_rules.escalation_step(status, level, due_on, on, flagged)
    if on <= due_on or status not in ACTIVE_STATUSES:
        assert step is None
    elif step is Step.ESCALATE:
        assert level < TOP_LEVEL
    elif step is Step.FLAG_TOP:
        assert level >= TOP_LEVEL and not flagged


@FUZZ
@given(near_days, near_days)
def test_a_problem_lies_in_the_raised_range_of_its_own_age(raised_on, on):
    assume(raised_on <= on)
    first, last = problem_rules.raised_between(problem_rules.age_of(raised_on, on), on)
    assert (first is None or first <= raised_on) and (last is None or raised_on <= last)


rows = st.builds(Row, raised_on=near_days, solved_on=optional_days, unit=st.sampled_from(["工信局", "交通局"]),
                 category=st.just("other"), level=levels)


@FUZZ
@given(st.lists(rows, max_size=20), near_days, near_days, calendars)
def test_statistics_never_count_more_solved_than_collected(problems, start, end, cal):
    assume(start <= end)
    problems = [p for p in problems if p.solved_on is None or p.solved_on >= p.raised_on]
    figures = problem_rules.figures(problems, start, end, cal)
    assert 0 <= figures.solved <= figures.collected == sum(start <= p.raised_on <= end for p in problems)
    assert figures.solved_rate is None or 0 <= figures.solved_rate <= 100
    assert figures.median_days is None or figures.median_days >= 0
    groups = problem_rules.breakdown(problems, start, end, cal, key=lambda r: r.unit)
    assert sum(f.collected for _, f in groups) == figures.collected
