"""The dekad rules at their edges, without a database: expected investment and its words, the three letters
(exactly 30 days ahead, exactly 15 days overdue, dekad and year boundaries), RAG, reply deadlines."""

import datetime
from decimal import Decimal

import pytest

from wumei.calendar.rules import WorkCalendar
from wumei.dekad import rules
from wumei.dekad.rules import Kind, Rule

D = Decimal
T = rules.Thresholds()


def d(month: int, day: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, day)


def facts(**values) -> rules.ProjectFacts:
    return rules.ProjectFacts(project_id=1, name="纯碱项目", **values)


def kinds(due: list[rules.Due]) -> list[str]:
    return [x.kind for x in due]


# Expected investment ------------------------------------------------------------------------------------------

def test_expected_investment_is_the_plan_times_the_months_elapsed_over_twelve():
    exp = rules.expected_investment(D(3000), D(951), d(4, 30), T)
    assert exp.months == 4 and exp.expected == D(1000) and exp.basis == "elapsed"
    assert exp.explanation == "完成年度计划的31.7%，低于序时进度1.6个百分点"
    assert "序时进度33.3%（4/12）" in exp.detail and "为应完成的95.1%" in exp.detail


def test_a_day_before_the_month_end_counts_one_month_less():
    assert rules.expected_investment(D(1200), D(0), d(4, 29), T).expected == D(300)
    assert rules.expected_investment(D(1200), D(0), d(4, 30), T).expected == D(400)


def test_ahead_of_schedule_and_level_with_it_are_said_so():
    assert rules.expected_investment(D(1200), D(500), d(4, 30), T).explanation == \
        "完成年度计划的41.7%，高于序时进度8.4个百分点"
    assert rules.expected_investment(D(1200), D(400), d(4, 30), T).explanation == "完成年度计划的33.3%，与序时进度持平"


def test_no_plan_means_no_expectation():
    assert rules.expected_investment(None, D(5), d(4, 30), T) is None
    assert rules.expected_investment(D(0), D(5), d(4, 30), T) is None


def test_a_monthly_plan_replaces_the_months_elapsed():
    monthly = tuple(D(v) for v in (0, 0, 100, 100, 200, 200, 300, 300, 200, 200, 100, 100))
    exp = rules.expected_investment(D(1800), D(150), d(4, 30), T, monthly)
    assert exp.basis == "monthly" and exp.expected == D(200)
    assert exp.explanation == "完成年度计划的8.3%，低于月度计划进度2.8个百分点"
    off = rules.Thresholds(use_monthly_plans=False)
    assert rules.expected_investment(D(1800), D(150), d(4, 30), off, monthly).basis == "elapsed"


def test_an_s_curve_gives_the_cumulative_share_of_the_completed_months():
    curve = rules.Thresholds(basis=rules.Basis.S_CURVE)
    exp = rules.expected_investment(D(1000), D(100), d(4, 30), curve)
    assert exp.basis == "s_curve" and exp.expected == D(200)  # 20% by the end of April
    assert rules.expected_investment(D(1000), D(0), d(1, 15), curve).expected == 0


def test_parse_s_curve_refuses_what_is_not_twelve_rising_percentages_ending_at_100():
    assert rules.parse_s_curve("3,7,13,20,28,37,47,57,67,77,88,100")[-1] == 100
    for bad in ("1,2,3", "3,7,13,20,28,37,47,57,67,77,88,99", "3,7,13,20,28,37,47,57,67,77,100,90",
                "a,7,13,20,28,37,47,57,67,77,88,100", "-1,7,13,20,28,37,47,57,67,77,88,100"):
        with pytest.raises(ValueError):
            rules.parse_s_curve(bad)


# Investment completed this year ------------------------------------------------------------------------------

P = rules.ProgressPoint


def test_year_completed_takes_the_latest_year_figure():
    points = [P(d(3, 31), D(300), D(800)), P(d(4, 30), D(420), D(920))]
    assert rules.year_completed(points, d(4, 30)) == D(420)
    assert rules.year_completed(points, d(4, 29)) == D(300)


def test_year_completed_from_cumulative_figures_uses_last_years_end():
    points = [P(d(12, 31, 2025), None, D(500)), P(d(4, 20), None, D(880))]
    assert rules.year_completed(points, d(4, 30)) == D(380)


def test_year_completed_from_cumulative_figures_without_last_year_uses_the_implied_baseline():
    points = [P(d(3, 31), D(300), D(800)), P(d(4, 20), None, D(880))]
    assert rules.year_completed(points, d(4, 30)) == D(380)


def test_year_completed_is_unknown_without_a_record_of_the_year():
    assert rules.year_completed([P(d(12, 31, 2025), D(900), D(900))], d(1, 10)) is None
    assert rules.year_completed([P(d(1, 5), None, D(900))], d(1, 10)) is None


# Reminder letters -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "due"), [
    (d(7, 1), True),  # exactly 30 days ahead of 06-01
    (d(7, 2), False),  # 31 days
    (d(6, 1), True),  # the planned start is today
    (d(5, 31), False),  # yesterday: overdue, not a reminder
])
def test_reminder_when_the_planned_start_is_within_thirty_days_both_ends_included(start, due):
    result = rules.letter_due(facts(planned_start_on=start), d(6, 1), T)
    assert (kinds(result) == [Kind.REMINDER]) is due
    if due:
        assert result[0].rule == Rule.START_SOON
        assert result[0].reasons[0].inputs["days_ahead"] == (start - d(6, 1)).days


def test_no_reminder_for_a_project_already_started():
    assert rules.letter_due(facts(planned_start_on=d(6, 20), actual_start_on=d(5, 28)), d(6, 1), T) == []


def test_a_start_after_the_day_does_not_count_as_started_then():
    due = rules.letter_due(facts(planned_start_on=d(6, 20), actual_start_on=d(6, 5)), d(6, 1), T)
    assert kinds(due) == [Kind.REMINDER]


def test_one_reminder_per_planned_start_date_and_a_new_one_when_the_date_moves():
    earlier = rules.LetterFact(id=9, kind=Kind.REMINDER, dekad="2026-05下旬", status=rules.CLOSED,
                               planned_start_on=d(6, 20))
    assert rules.letter_due(facts(planned_start_on=d(6, 20), letters=(earlier,)), d(6, 1), T) == []
    moved = rules.letter_due(facts(planned_start_on=d(6, 25), letters=(earlier,)), d(6, 1), T)
    assert kinds(moved) == [Kind.REMINDER]


def test_the_reminder_window_is_a_threshold():
    assert rules.letter_due(facts(planned_start_on=d(7, 1)), d(6, 1), rules.Thresholds(reminder_days=20)) == []


# Assignment letters -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("on", "due"), [(d(6, 16), True), (d(6, 15), False), (d(7, 20), True)])
def test_assignment_when_the_start_is_fifteen_or_more_days_overdue(on, due):
    result = rules.letter_due(facts(planned_start_on=d(6, 1)), on, T)
    assert (Kind.ASSIGNMENT in kinds(result)) is due
    if due:
        assert result[0].rule == Rule.START_OVERDUE
        assert result[0].reasons[0].inputs["days_overdue"] == (on - d(6, 1)).days
        assert result[0].reasons[0].threshold == {"assignment_overdue_days": 15}


def test_assignment_when_production_is_fifteen_days_overdue():
    f = facts(planned_start_on=d(1, 5, 2025), actual_start_on=d(1, 5, 2025), planned_completion_on=d(5, 31))
    assert rules.letter_due(f, d(6, 14), T) == []
    [due] = rules.letter_due(f, d(6, 15), T)
    assert due.kind == Kind.ASSIGNMENT and due.rule == Rule.COMPLETION_OVERDUE


def test_a_completed_project_is_not_overdue_to_produce():
    f = facts(planned_start_on=d(1, 5, 2025), actual_start_on=d(1, 5, 2025), planned_completion_on=d(5, 31),
              actual_completion_on=d(6, 10))
    assert rules.letter_due(f, d(6, 20), T) == []


def test_overdue_tasks_fifteen_days_past_their_deadline_give_an_assignment_letter():
    task = rules.TaskFact(3, "完成林地报批", d(6, 1))
    f = facts(planned_start_on=d(1, 5), actual_start_on=d(1, 5), overdue_tasks=(task,))
    assert rules.letter_due(f, d(6, 15), T) == []
    [due] = rules.letter_due(f, d(6, 16), T)
    assert due.rule == Rule.TASKS_OVERDUE and due.reasons[0].inputs["tasks"][0]["days_overdue"] == 15
    assert "完成林地报批" in due.reasons[0].text


def test_an_open_assignment_letter_of_an_earlier_dekad_holds_the_next_one_back():
    open_letter = rules.LetterFact(id=4, kind=Kind.ASSIGNMENT, dekad="2026-06上旬", status=rules.ISSUED,
                                   reply_due_on=d(6, 30))
    f = facts(planned_start_on=d(5, 1), letters=(open_letter,))
    assert Kind.ASSIGNMENT not in kinds(rules.letter_due(f, d(6, 11), T))
    closed = rules.LetterFact(id=4, kind=Kind.ASSIGNMENT, dekad="2026-06上旬", status=rules.CLOSED)
    assert Kind.ASSIGNMENT in kinds(rules.letter_due(facts(planned_start_on=d(5, 1), letters=(closed,)), d(6, 11), T))


def test_a_letter_of_the_same_dekad_does_not_hold_itself_back():
    same = rules.LetterFact(id=4, kind=Kind.ASSIGNMENT, dekad="2026-06中旬", status=rules.DRAFT)
    assert Kind.ASSIGNMENT in kinds(rules.letter_due(facts(planned_start_on=d(5, 1), letters=(same,)), d(6, 11), T))


# Supervision letters ----------------------------------------------------------------------------------------

def started(**values) -> rules.ProjectFacts:
    return facts(planned_start_on=d(1, 5, 2025), actual_start_on=d(1, 5, 2025), planned_completion_on=d(12, 31, 2027),
                 **values)


def test_supervision_when_investment_is_under_half_of_what_is_expected():
    # End of June: 6/12 of 2400 = 1200 expected; 599.99 is under half, 600 is not.
    [due] = rules.letter_due(started(annual_plan=D(2400), year_done=D("599.99")), d(6, 30), T)
    assert due.kind == Kind.SUPERVISION and due.rule == Rule.INVESTMENT_LAGGING
    inputs = due.reasons[0].inputs
    assert inputs["expected"] == "1200.0000" and inputs["completed"] == "599.99" and inputs["months"] == 6
    assert due.reasons[0].threshold == {"supervision_percent": "50"}
    assert "低于序时进度" in due.reasons[0].text
    assert rules.letter_due(started(annual_plan=D(2400), year_done=D(600)), d(6, 30), T) == []


def test_no_supervision_for_investment_in_january_or_before_the_start():
    assert rules.letter_due(started(annual_plan=D(2400), year_done=D(0)), d(1, 30), T) == []
    not_started = facts(planned_start_on=d(8, 20), annual_plan=D(2400), year_done=D(0))
    assert rules.letter_due(not_started, d(6, 30), T) == []


def test_a_missing_completion_figure_counts_as_nothing_done():
    [due] = rules.letter_due(started(annual_plan=D(2400)), d(6, 30), T)
    assert due.kind == Kind.SUPERVISION


def test_supervision_when_an_assignment_letter_goes_unanswered_past_its_deadline():
    letter = rules.LetterFact(id=7, kind=Kind.ASSIGNMENT, dekad="2026-06上旬", status=rules.RECEIVED,
                              doc_number="示范重项交〔2026〕3号", reply_due_on=d(6, 12))
    assert kinds(rules.letter_due(started(letters=(letter,)), d(6, 12), T)) == []
    [due] = rules.letter_due(started(letters=(letter,)), d(6, 13), T)
    assert due.kind == Kind.SUPERVISION and due.rule == Rule.ASSIGNMENT_UNANSWERED
    assert due.reasons[0].inputs["letters"][0]["id"] == 7


def test_the_supervision_share_is_a_threshold():
    stricter = rules.Thresholds(supervision_percent=D(60))
    assert kinds(rules.letter_due(started(annual_plan=D(2400), year_done=D(700)), d(6, 30), stricter)) == \
        [Kind.SUPERVISION]


def test_an_open_supervision_letter_holds_back_assignment_letters_too():
    sup = rules.LetterFact(id=8, kind=Kind.SUPERVISION, dekad="2026-05下旬", status=rules.ISSUED)
    f = facts(planned_start_on=d(5, 1), letters=(sup,))
    assert rules.letter_due(f, d(6, 11), T) == []


def test_the_basis_records_rule_inputs_thresholds_and_the_day():
    [due] = rules.letter_due(facts(planned_start_on=d(6, 1)), d(6, 16), T)
    basis = due.basis(d(6, 16), T)
    assert basis["rule"] == "assignment.start_overdue" and basis["on"] == "2026-06-16"
    assert basis["reasons"][0]["label"] == "计划开工逾期未开工"
    assert basis["thresholds"]["assignment_overdue_days"] == 15


# Dekad and year boundaries -------------------------------------------------------------------------------------

def test_the_dekad_decides_which_earlier_letters_hold_back_at_a_year_boundary():
    december = rules.LetterFact(id=1, kind=Kind.ASSIGNMENT, dekad="2025-12下旬", status=rules.DRAFT)
    f = facts(planned_start_on=d(12, 1, 2025), letters=(december,))
    assert rules.letter_due(f, d(12, 31, 2025), T)  # same dekad: the round finds its own draft again
    assert rules.letter_due(f, d(1, 1), T) == []  # next dekad, next year: the open draft holds it back


def test_on_new_years_day_nothing_is_expected_of_the_new_years_plan():
    f = started(annual_plan=D(1200), year_done=None)
    assert rules.letter_due(f, d(1, 1), T) == []
    assert rules.letter_due(started(annual_plan=D(1200), year_done=D(10)), d(12, 31, 2025), T)[0].kind == \
        Kind.SUPERVISION


# RAG -------------------------------------------------------------------------------------------------------

def test_rag_is_red_when_seriously_lagging_with_its_reason():
    status = rules.rag(started(annual_plan=D(2400), year_done=D(500)), d(6, 30), T)
    assert status.status == "red" and "投资完成严重滞后" in status.reasons[0]


def test_rag_is_amber_under_eighty_percent_of_expected_or_a_few_days_late():
    assert rules.rag(started(annual_plan=D(2400), year_done=D(900)), d(6, 30), T).status == "amber"
    late = rules.rag(facts(planned_start_on=d(6, 20)), d(6, 30), T)
    assert late.status == "amber" and late.reasons == ("计划开工已逾期10天",)
    assert rules.rag(facts(planned_start_on=d(6, 15)), d(6, 30), T).status == "red"


def test_rag_is_green_on_schedule_and_says_why():
    status = rules.rag(started(annual_plan=D(2400), year_done=D(1200)), d(6, 30), T)
    assert status.status == "green" and status.reasons == ("投资进度正常：完成年度计划的50%，与序时进度持平",)


def test_rag_counts_letters_awaiting_answers_and_open_supervision():
    waiting = rules.LetterFact(id=1, kind=Kind.REMINDER, dekad="2026-06上旬", status=rules.ISSUED,
                               doc_number="示范重项提〔2026〕1号", reply_due_on=d(6, 20))
    assert rules.rag(started(letters=(waiting,)), d(6, 10), T).status == "amber"
    sup = rules.LetterFact(id=2, kind=Kind.SUPERVISION, dekad="2026-06上旬", status=rules.ANSWERED,
                           doc_number="示范重项督〔2026〕1号")
    assert rules.rag(started(letters=(sup,)), d(6, 10), T).reasons == ("督办函示范重项督〔2026〕1号尚未办结",)
    draft = rules.LetterFact(id=3, kind=Kind.SUPERVISION, dekad="2026-06上旬", status=rules.DRAFT)
    assert rules.rag(started(letters=(draft,)), d(6, 10), T).status == "green"


# Reply deadlines and numbers -------------------------------------------------------------------------------------

def test_reply_deadline_counts_working_days_over_holidays_and_make_up_days():
    national_day = {d(10, n): False for n in range(1, 8)} | {d(9, 20): True, d(10, 10): True}
    calendar = WorkCalendar(special=national_day, published_years=frozenset({2026}))
    # Issued Wednesday 09-30: 10-01..07 off; 10-08, 10-09, Saturday 10-10 (worked), 10-12, 10-13.
    assert rules.reply_due_on(calendar, d(9, 30), 5) == d(10, 13)
    # Issued Friday 09-18: Monday 21 … Thursday 24, and the make-up Sunday 09-20 counts first.
    assert rules.reply_due_on(calendar, d(9, 18), 5) == d(9, 24)


def test_document_numbers_use_the_hexagonal_brackets():
    assert rules.doc_number("示范重项督", 2026, 15) == "示范重项督〔2026〕15号"
    assert rules.county_short("示范县") == "示范" and rules.county_short("衡东") == "衡东"
