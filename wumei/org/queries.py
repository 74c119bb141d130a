"""Read side of the organisation, always scoped to the asking user.

A user reads the organisation of the regions where he holds an ORG_READERS role, and keeps (edits) it
where he holds an ORG_EDITORS role: each such region and every region below it (Region.path prefix).
Superusers see everything.
"""

from django.db.models import Count, Q, QuerySet

from wumei.org.models import Chain, Person, Region, RoleAssignment, Unit, WorkingGroup
from wumei.org.principal import ORG_EDITORS, ORG_READERS, principal_of
from wumei.projects.models import Project, Team


def _paths(user, roles: set[str]) -> list[str] | None:
    """Region path prefixes in scope; None means no limit (superuser)."""
    principal = principal_of(user)
    if principal.is_superuser:
        return None
    return principal.region_paths(roles)


def _within(field: str, paths: list[str] | None) -> Q:
    if paths is None:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def _read(user, field: str) -> Q:
    return _within(field, _paths(user, ORG_READERS))


def _edit(user, field: str) -> Q:
    return _within(field, _paths(user, ORG_EDITORS))


def regions_visible_to(user) -> QuerySet[Region]:
    return Region.objects.filter(_read(user, "path"))


def regions_editable_by(user) -> QuerySet[Region]:
    return Region.objects.filter(_edit(user, "path"))


def units_visible_to(user) -> QuerySet[Unit]:
    return Unit.objects.filter(_read(user, "region__path"))


def units_editable_by(user) -> QuerySet[Unit]:
    return Unit.objects.filter(_edit(user, "region__path"))


def people_visible_to(user) -> QuerySet[Person]:
    return Person.objects.filter(_read(user, "region__path"))


def people_editable_by(user) -> QuerySet[Person]:
    return Person.objects.filter(_edit(user, "region__path"))


def assignments_editable_by(user) -> QuerySet[RoleAssignment]:
    """Role assignments whose person and region both lie in the user's editing scope."""
    return RoleAssignment.objects.filter(_edit(user, "region__path") & _edit(user, "person__region__path"))


def working_groups_visible_to(user) -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.filter(_read(user, "region__path"))


def working_groups_editable_by(user) -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.filter(_edit(user, "region__path"))


def chains_visible_to(user) -> QuerySet[Chain]:
    return Chain.objects.filter(_read(user, "region__path"))


def chains_editable_by(user) -> QuerySet[Chain]:
    return Chain.objects.filter(_edit(user, "region__path"))


def teams_visible_to(user) -> QuerySet[Team]:
    return Team.objects.filter(_read(user, "project__county__path"))


def org_projects_visible_to(user) -> QuerySet[Project]:
    """Projects of the regions in the user's organisation scope (for the org pages' lists and counts)."""
    return Project.objects.filter(_read(user, "county__path"))


def search_units(qs: QuerySet[Unit], *, q: str = "", kind: str = "") -> QuerySet[Unit]:
    if q.strip():
        text = q.strip()
        qs = qs.filter(Q(name__icontains=text) | Q(short_name__icontains=text))
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def unit_kind_counts(qs: QuerySet[Unit]) -> dict[str, int]:
    """Number of units of each kind (one query)."""
    rows = qs.order_by().values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}


def search_people(qs: QuerySet[Person], *, q: str = "", unit: int | None = None, role: str = "") -> QuerySet[Person]:
    if q.strip():
        qs = qs.filter(name__icontains=q.strip())
    if unit:
        qs = qs.filter(unit_id=unit)
    if role:
        qs = qs.filter(pk__in=RoleAssignment.objects.filter(role=role).values("person_id"))
    return qs
