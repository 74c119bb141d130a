"""Read side of problems, always scoped to the asking user."""

import datetime

from django.db.models import Count, Q, QuerySet

from wumei.org.principal import UNIT_READERS, principal_of
from wumei.problems import rules
from wumei.problems.models import ACTIVE_STATUSES, CLOSED_STATUSES, LadderPost, Problem
from wumei.projects.queries import projects_visible_to


def visibility_q(user) -> Q:
    """The problems `user` may read: those of his projects; a leader's escalated to his level in his county;
    those assigned to his unit."""
    principal = principal_of(user)
    if principal.is_superuser:
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    q = Q(project__in=projects_visible_to(user).values("pk"))
    unit_ids = principal.unit_ids(UNIT_READERS)
    if unit_ids:
        q |= Q(owner_unit_id__in=unit_ids)
    person = principal.person
    if person is not None:
        q |= Q(project__lead_leader=person, level__gte=Problem.Level.LEAD_LEADER)
        for county_id, level in LadderPost.objects.filter(person=person).values_list("county_id", "level"):
            q |= Q(project__county_id=county_id, level__gte=level)
    return q


def problems_visible_to(user) -> QuerySet[Problem]:
    return Problem.objects.filter(visibility_q(user))


def overdue_q(on: datetime.date) -> Q:
    """Unsolved and past the current level's deadline (rules.is_overdue as a filter)."""
    return Q(status__in=ACTIVE_STATUSES, level_due_on__lt=on)


def age_q(age: rules.Age, on: datetime.date) -> Q:
    earliest, latest = rules.raised_between(age, on)
    q = Q()
    if earliest is not None:
        q &= Q(raised_on__gte=earliest)
    if latest is not None:
        q &= Q(raised_on__lte=latest)
    return q


# Status filter values beyond the statuses themselves.
ACTIVE = "active"
CLOSED = "closed"


def filter_problems(qs: QuerySet[Problem], *, on: datetime.date, status: str = "", category: str = "",
                    level: int | None = None, unit: int | None = None, project: int | None = None,
                    source: str = "", age: str = "", overdue: bool = False) -> QuerySet[Problem]:
    """The list's filters, shared by the page and the API. `level` is the level reached."""
    if status == ACTIVE:
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    elif status == CLOSED:
        qs = qs.filter(status__in=CLOSED_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if level is not None:
        qs = qs.filter(level=level)
    if unit:
        qs = qs.filter(owner_unit_id=unit)
    if project:
        qs = qs.filter(project_id=project)
    if source:
        qs = qs.filter(source=source)
    if age:
        qs = qs.filter(age_q(rules.Age(age), on))
    if overdue:
        qs = qs.filter(overdue_q(on))
    return qs


SORT_KEYS = {
    "age": ("raised_on", "id"),        # oldest first
    "-age": ("-raised_on", "-id"),     # newest first
    "due": ("level_due_on", "id"),
    "level": ("-level", "raised_on", "id"),
}


def sort_problems(qs: QuerySet[Problem], key: str) -> QuerySet[Problem]:
    return qs.order_by(*SORT_KEYS.get(key, SORT_KEYS["-age"]))


def status_counts(qs: QuerySet[Problem], on: datetime.date) -> dict[str, int]:
    """Active, overdue and closed counts of `qs` in one query."""
    return qs.aggregate(
        total=Count("id"),
        active=Count("id", filter=Q(status__in=ACTIVE_STATUSES)),
        overdue=Count("id", filter=overdue_q(on)),
        closed=Count("id", filter=Q(status__in=CLOSED_STATUSES)),
    )


def statistics_rows(qs: QuerySet[Problem], start: datetime.date, end: datetime.date) -> list[rules.Row]:
    """The problems raised in [start, end] as plain rows for rules.figures (one query)."""
    rows = qs.filter(raised_on__gte=start, raised_on__lte=end).values_list(
        "raised_on", "solved_on", "status", "owner_unit__name", "category", "level")
    return [
        rules.Row(raised_on=raised, solved_on=solved if status in CLOSED_STATUSES else None,
                  unit=unit or "未指定单位", category=category, level=level)
        for raised, solved, status, unit, category, level in rows
    ]
