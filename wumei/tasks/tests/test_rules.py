"""The four lists' rules: deadlines at their edges, the responsibility and deadline lists, a task's values."""

import datetime

from wumei.tasks import rules
from wumei.tasks.rules import DeadlineState, TaskLine

D = datetime.date
DUE = datetime.date(2026, 6, 10)


def line(pk, status="open", due=DUE, unit="县工信局", person="", title=None, done_on=None):
    return TaskLine(id=pk, title=title or f"任务{pk}", status=status, due_on=due, unit=unit, person=person,
                    done_on=done_on)


def test_a_task_is_overdue_only_from_the_day_after_its_deadline():
    due = D(2026, 6, 10)
    assert not rules.is_overdue("open", due, D(2026, 6, 10))
    assert rules.is_overdue("open", due, D(2026, 6, 11))
    assert not rules.is_overdue("done", due, D(2026, 6, 30))
    assert not rules.is_overdue("cancelled", due, D(2026, 6, 30))


def test_deadline_states_at_their_edges():
    due = D(2026, 6, 10)
    assert rules.deadline_state("open", due, D(2026, 6, 11)) is DeadlineState.OVERDUE
    assert rules.deadline_state("open", due, D(2026, 6, 10)) is DeadlineState.DUE_TODAY
    assert rules.deadline_state("open", due, D(2026, 6, 7)) is DeadlineState.DUE_SOON  # three days ahead
    assert rules.deadline_state("open", due, D(2026, 6, 6)) is DeadlineState.ON_TRACK  # four days ahead
    assert rules.deadline_state("done", due, D(2026, 7, 1)) is DeadlineState.DONE
    assert rules.deadline_state("cancelled", due, D(2026, 5, 1)) is DeadlineState.CANCELLED
    assert DeadlineState.OVERDUE.label == "逾期"


def test_days_overdue_and_finishing_late():
    assert rules.days_overdue(D(2026, 6, 10), D(2026, 6, 25)) == 15
    assert rules.days_overdue(D(2026, 6, 10), D(2026, 6, 1)) == 0
    assert rules.finished_late(D(2026, 6, 10), D(2026, 6, 11))
    assert not rules.finished_late(D(2026, 6, 10), D(2026, 6, 10))
    assert not rules.finished_late(D(2026, 6, 10), None)


def test_a_task_needs_a_title_and_a_plausible_deadline():
    today = D(2026, 6, 15)
    assert rules.task_errors(title="完成施工图审查", due_on=D(2026, 1, 31), today=today) == {}
    errors = rules.task_errors(title="  ", due_on=None, today=today)
    assert errors == {"title": "请填写任务内容", "due_on": "请填写完成时限"}
    assert "due_on" in rules.task_errors(title="x", due_on=D(2025, 6, 13), today=today)
    assert "title" in rules.task_errors(title="长" * 201, due_on=today, today=today)


def test_a_task_cannot_be_done_in_the_future():
    today = D(2026, 6, 15)
    assert rules.completion_errors(done_on=today, today=today) == {}
    assert rules.completion_errors(done_on=D(2026, 6, 16), today=today) == {"done_on": "完成日期不能晚于今天"}
    assert rules.completion_errors(done_on=None, today=today) == {"done_on": "请填写完成日期"}


def test_the_responsibility_list_groups_by_unit_and_person_with_overdue_units_first():
    on = D(2026, 6, 15)
    lines = [
        line(1, unit="县自然资源局", due=D(2026, 6, 30)),
        line(2, unit="县工信局", person="李四", due=D(2026, 6, 1)),  # overdue
        line(3, unit="县工信局", person="李四", status="done", done_on=D(2026, 5, 1)),
        line(4, unit="", due=D(2026, 7, 1)),
        line(5, unit="县自然资源局", status="cancelled"),
        line(6, unit="县自然资源局", due=D(2026, 6, 20)),
    ]
    groups = rules.responsibilities(lines, on)

    assert [(g.unit, g.person, g.open, g.overdue, g.done) for g in groups] == [
        ("县工信局", "李四", 1, 1, 1),
        ("县自然资源局", "", 2, 0, 0),
        (rules.UNASSIGNED, "", 1, 0, 0),
    ]
    assert [t.id for t in groups[1].tasks] == [6, 1]  # by deadline; the cancelled one left out
    assert groups[0].next_due == D(2026, 6, 1)
    assert [t.id for t in groups[0].tasks] == [2, 3]  # open before done


def test_the_deadline_list_orders_open_tasks_by_deadline_with_overdue_marked_then_finished_ones():
    on = D(2026, 6, 15)
    lines = [line(1, due=D(2026, 6, 20)), line(2, due=D(2026, 6, 1)), line(3, status="done", due=D(2026, 5, 1)),
             line(4, status="cancelled", due=D(2026, 5, 2)), line(5, due=D(2026, 6, 15))]

    listed = rules.deadline_list(lines, on)

    assert [(t.id, state, late) for t, state, late in listed] == [
        (2, DeadlineState.OVERDUE, 14), (5, DeadlineState.DUE_TODAY, 0), (1, DeadlineState.ON_TRACK, 0),
        (3, DeadlineState.DONE, 0),
    ]
