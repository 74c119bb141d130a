"""Read side of the four lists."""

import datetime

from django.db.models import Count, Q, QuerySet

from wumei.calendar.rules import dekad_of
from wumei.tasks import rules
from wumei.tasks.models import Task


def overdue_tasks(on: datetime.date, projects: QuerySet | None = None) -> QuerySet[Task]:
    """Open tasks whose deadline passed before `on` (the deadline day itself is not overdue)."""
    qs = Task.objects.filter(status=Task.Status.OPEN, due_on__lt=on)
    if projects is not None:
        qs = qs.filter(project__in=projects)
    return qs


def overdue_q(on: datetime.date) -> Q:
    return Q(status=Task.Status.OPEN, due_on__lt=on)


def due_in_dekad_q(on: datetime.date) -> Q:
    """Open tasks due within the dekad of `on` (旬内到期)."""
    dekad = dekad_of(on)
    return Q(status=Task.Status.OPEN, due_on__gte=dekad.start, due_on__lte=dekad.end)


# Status filter value beyond the statuses themselves.
ACTIVE = Task.Status.OPEN


def filter_tasks(qs: QuerySet[Task], *, on: datetime.date, project: int | None = None, unit: int | None = None,
                 status: str = "", source: str = "", overdue: bool = False, dekad: bool = False) -> QuerySet[Task]:
    """The task list's filters: project, owner unit, status, source, overdue, due this dekad."""
    if project:
        qs = qs.filter(project_id=project)
    if unit:
        qs = qs.filter(owner_unit_id=unit)
    if status:
        qs = qs.filter(status=status)
    if source:
        qs = qs.filter(source=source)
    if overdue:
        qs = qs.filter(overdue_q(on))
    if dekad:
        qs = qs.filter(due_in_dekad_q(on))
    return qs


SORT_KEYS = {
    "due": ("due_on", "id"),
    "-due": ("-due_on", "-id"),
    "new": ("-created_at", "-id"),
    "project": ("project__name", "due_on", "id"),
}


def sort_tasks(qs: QuerySet[Task], key: str) -> QuerySet[Task]:
    return qs.order_by(*SORT_KEYS.get(key, SORT_KEYS["due"]))


def task_counts(qs: QuerySet[Task], on: datetime.date) -> dict[str, int]:
    """Open, overdue, due-this-dekad and done counts of `qs`, in one query."""
    return qs.aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status=Task.Status.OPEN)),
        overdue=Count("id", filter=overdue_q(on)),
        dekad=Count("id", filter=due_in_dekad_q(on)),
        done=Count("id", filter=Q(status=Task.Status.DONE)),
    )


def task_lines(qs: QuerySet[Task]) -> list[rules.TaskLine]:
    """The tasks as plain lines for the responsibility and deadline lists (one query)."""
    rows = qs.order_by("due_on", "id").values_list(
        "id", "title", "status", "due_on", "owner_unit__name", "owner_person__name", "done_on")
    return [rules.TaskLine(id=pk, title=title, status=status, due_on=due_on, unit=unit or "", person=person or "",
                           done_on=done_on)
            for pk, title, status, due_on, unit, person, done_on in rows]
