"""Read side of the registry, always scoped to the asking user."""

import datetime

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from wumei.org.models import Person, Role
from wumei.org.principal import REGION_EDITORS, REGION_READERS, UNIT_EDITORS, UNIT_READERS, principal_of
from wumei.projects.models import Level, Project, Stage


def _region_q(paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(county__path__startswith=path)
    return q


def visibility_q(user) -> Q:
    """The projects `user` may read, as a filter."""
    principal = principal_of(user)
    if principal.is_superuser:
        return Q()
    q = _region_q(principal.region_paths(REGION_READERS))
    unit_ids = principal.unit_ids(UNIT_READERS)
    if unit_ids:
        q |= Q(responsible_unit_id__in=unit_ids)
    owner_ids = principal.unit_ids({Role.ENTERPRISE})
    if owner_ids:
        q |= Q(owner_id__in=owner_ids)
    person = principal.person
    if person is not None:
        if Role.LEAD_LEADER in principal.roles:
            q |= Q(lead_leader=person)
        if Role.BUTLER in principal.roles:
            q |= Q(butler=person)
        if Role.POLICE in principal.roles:
            q |= Q(police=person)
        if Role.INSPECTOR in principal.roles:
            q |= Q(inspector=person)
        if Role.CHAIN_LEADER in principal.roles:
            q |= Q(chain__leader=person) | Q(chain__deputies=person)
        # A secretary who logs weekly visits for a leader (weekly.VisitDelegate) sees that leader's projects.
        # A subquery, not a join, so rows are not repeated and no extra query runs.
        q |= Q(lead_leader__in=Person.objects.filter(visit_delegations__secretary=person).values("pk"))
    return q


def edit_q(user) -> Q:
    """The projects `user` may change, as a filter."""
    principal = principal_of(user)
    if principal.is_superuser:
        return Q()
    q = _region_q(principal.region_paths(REGION_EDITORS))
    unit_ids = principal.unit_ids(UNIT_EDITORS)
    if unit_ids:
        q |= Q(responsible_unit_id__in=unit_ids)
    return q


def projects_visible_to(user) -> QuerySet[Project]:
    q = visibility_q(user)
    if principal_of(user).has_role(Role.CHAIN_LEADER):
        # The deputies join may repeat rows; filter by id instead of DISTINCT so ordering stays free.
        return Project.objects.filter(pk__in=Project.objects.filter(q).values("pk"))
    return Project.objects.filter(q)


def projects_editable_by(user) -> QuerySet[Project]:
    return Project.objects.filter(edit_q(user))


def can_edit(user, project: Project) -> bool:
    return projects_editable_by(user).filter(pk=project.pk).exists()


def can_create(user) -> bool:
    principal = principal_of(user)
    return principal.has_role(*REGION_EDITORS)


def overdue_q(on: datetime.date) -> Q:
    """Projects past a planned date: not started after the planned start, or not completed after the planned
    completion."""
    not_started = Q(planned_start_on__lt=on, actual_start_on__isnull=True)
    not_completed = Q(planned_completion_on__lt=on, actual_completion_on__isnull=True) & ~Q(stage=Stage.OPERATING)
    return not_started | not_completed



SORT_KEYS = {
    "name": "name",
    "-name": "-name",
    "investment": "total_investment",
    "-investment": "-total_investment",
    "start": "planned_start_on",
    "-start": "-planned_start_on",
    "stage": "stage",
    "-stage": "-stage",
    "level": "level",
    "-level": "-level",
    "updated": "updated_at",
    "-updated": "-updated_at",
}


def filter_projects(
    qs: QuerySet[Project],
    *,
    on: datetime.date,
    q: str = "",
    level: str = "",
    stage: str = "",
    chain: int | None = None,
    unit: int | None = None,
    place: int | None = None,
    overdue: bool = False,
    region: str = "",
) -> QuerySet[Project]:
    """The registry's filters, shared by the list page, the export and the API.

    `q` matches the name, the owner's name, or their pinyin / pinyin initials (`qyjt` → 轻盐集团);
    `place` is a town or park unit.
    """
    from wumei.projects.rules import normalise_query

    if q:
        needle = normalise_query(q)
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(owner__name__icontains=q.strip())
                       | Q(search_key__contains=needle))
    if region:
        qs = qs.filter(county__path__contains=f"/{region}/")
    if level:
        qs = qs.filter(level=level)
    if stage:
        qs = qs.filter(stage=stage)
    if chain:
        qs = qs.filter(chain_id=chain)
    if unit:
        qs = qs.filter(responsible_unit_id=unit)
    if place:
        qs = qs.filter(Q(town_id=place) | Q(park_id=place))
    if overdue:
        qs = qs.filter(overdue_q(on))
    return qs


def _rank(field: str, values: list[str]) -> Case:
    return Case(*(When(**{field: v}, then=Value(i)) for i, v in enumerate(values)), output_field=IntegerField())


def sort_projects(qs: QuerySet[Project], key: str) -> QuerySet[Project]:
    """Order by a sort key; stage sorts in lifecycle order and level from provincial down."""
    field = SORT_KEYS.get(key, "id")
    name = field.lstrip("-")
    if name in ("stage", "level"):
        values = Stage.values if name == "stage" else Level.values
        rank = _rank(name, values)
        return qs.order_by(rank.desc() if field.startswith("-") else rank.asc(), "id")
    return qs.order_by(field, "id")
