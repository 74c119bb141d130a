"""The four lists' rules as pure functions: deadlines, the responsibility list, a task's values. Dates are passed
in; no now() here."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

OPEN, DONE, CANCELLED = "open", "done", "cancelled"  # Task.Status values
DUE_SOON_DAYS = 3  # an open task due within this many days is shown as 临期
MAX_TITLE = 200
# How far back a new deadline may lie: a task written down after the fact (e.g. from the start-of-year
# commitment) may carry a past deadline, but not one from another era.
MAX_PAST_DAYS = 366


class DeadlineState(StrEnum):
    """Where a task stands against its deadline (时限清单)."""

    DONE = "done"
    CANCELLED = "cancelled"
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"

    @property
    def label(self) -> str:
        return DEADLINE_LABELS[self]


DEADLINE_LABELS = {
    DeadlineState.DONE: "已完成",
    DeadlineState.CANCELLED: "已取消",
    DeadlineState.OVERDUE: "逾期",
    DeadlineState.DUE_TODAY: "今日到期",
    DeadlineState.DUE_SOON: "临期",
    DeadlineState.ON_TRACK: "正常推进",
}


def is_overdue(status: str, due_on: datetime.date, on: datetime.date) -> bool:
    """An open task whose deadline passed before `on` (the deadline day itself is not overdue)."""
    return status == OPEN and on > due_on


def deadline_state(status: str, due_on: datetime.date, on: datetime.date,
                   soon_days: int = DUE_SOON_DAYS) -> DeadlineState:
    if status == DONE:
        return DeadlineState.DONE
    if status == CANCELLED:
        return DeadlineState.CANCELLED
    if on > due_on:
        return DeadlineState.OVERDUE
    if on == due_on:
        return DeadlineState.DUE_TODAY
    if (due_on - on).days <= soon_days:
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TRACK


def days_overdue(due_on: datetime.date, on: datetime.date) -> int:
    """Days past the deadline (0 on or before it)."""
    return max(0, (on - due_on).days)


def finished_late(due_on: datetime.date, done_on: datetime.date | None) -> bool:
    """A done task completed after its deadline."""
    return done_on is not None and done_on > due_on


def task_errors(*, title: str, due_on: datetime.date | None, today: datetime.date) -> dict[str, str]:
    """What is wrong with a task's values (field → Chinese message); empty when it may be kept."""
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = "请填写任务内容"
    elif len(title.strip()) > MAX_TITLE:
        errors["title"] = f"任务内容不能超过{MAX_TITLE}个字"
    if due_on is None:
        errors["due_on"] = "请填写完成时限"
    elif due_on < today - datetime.timedelta(days=MAX_PAST_DAYS):
        errors["due_on"] = "完成时限早于一年前，请核对"
    return errors


def completion_errors(*, done_on: datetime.date | None, today: datetime.date,
                      created_on: datetime.date | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if done_on is None:
        errors["done_on"] = "请填写完成日期"
    elif done_on > today:
        errors["done_on"] = "完成日期不能晚于今天"
    elif created_on is not None and done_on < created_on - datetime.timedelta(days=MAX_PAST_DAYS):
        errors["done_on"] = "完成日期过早，请核对"
    return errors


# The responsibility list (责任清单) -------------------------------------------------------------------------------

@dataclass(frozen=True)
class TaskLine:
    """A task as the lists need it: plain values."""

    id: int
    title: str
    status: str
    due_on: datetime.date
    unit: str  # owner unit's name, "" when none
    person: str  # owner person's name, "" when none
    done_on: datetime.date | None = None


@dataclass
class Responsibility:
    """One line of the responsibility list: a unit (and person) and what it answers for."""

    unit: str
    person: str
    tasks: list[TaskLine] = field(default_factory=list)
    open: int = 0
    overdue: int = 0
    done: int = 0

    @property
    def next_due(self) -> datetime.date | None:
        dates = [t.due_on for t in self.tasks if t.status == OPEN]
        return min(dates) if dates else None


UNASSIGNED = "未明确责任单位"


def responsibilities(lines: Iterable[TaskLine], on: datetime.date) -> list[Responsibility]:
    """Who answers for what: the project's tasks (cancelled ones left out) grouped by owner unit and person,
    the ones with overdue tasks first, then by open tasks, then by name."""
    groups: dict[tuple[str, str], Responsibility] = {}
    for line in lines:
        if line.status == CANCELLED:
            continue
        key = (line.unit or UNASSIGNED, line.person)
        group = groups.setdefault(key, Responsibility(unit=key[0], person=key[1]))
        group.tasks.append(line)
        if line.status == DONE:
            group.done += 1
        else:
            group.open += 1
            group.overdue += is_overdue(line.status, line.due_on, on)
    for group in groups.values():
        group.tasks.sort(key=lambda t: (t.status != OPEN, t.due_on, t.id))
    return sorted(groups.values(), key=lambda g: (-g.overdue, -g.open, g.unit == UNASSIGNED, g.unit, g.person))


def deadline_list(lines: Iterable[TaskLine], on: datetime.date) -> list[tuple[TaskLine, DeadlineState, int]]:
    """The deadline list (时限清单): open tasks by deadline (overdue ones first, as they come first by date),
    then the finished ones by deadline; each with its state and the days it is overdue."""
    kept = [line for line in lines if line.status != CANCELLED]
    kept.sort(key=lambda t: (t.status != OPEN, t.due_on, t.id))
    return [(t, deadline_state(t.status, t.due_on, on), days_overdue(t.due_on, on) if t.status == OPEN else 0)
            for t in kept]
