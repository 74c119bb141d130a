"""Read side of the organisation for the API, always scoped to the asking user.

The organisation pages' scopes (wumei.org.queries: hq_office, commander and sys_admin see their region and
everything below it), widened for the API's other callers: every role also sees the regions it is
assigned in (with their chains and working groups) and its own unit(s) and their people.
"""

from django.db.models import Prefetch, Q, QuerySet

from wumei.org import queries as org
from wumei.org.models import Chain, Person, Region, RoleAssignment, Unit, WorkingGroup
from wumei.org.principal import REGION_EDITORS, principal_of


def _own_region_ids(principal) -> list[int]:
    ids = [a.region_id for a in principal.assignments]
    if principal.person is not None:
        ids.append(principal.person.region_id)
    return ids


def _own_unit_ids(principal) -> list[int]:
    ids = [a.unit_id for a in principal.assignments if a.unit_id]
    if principal.person is not None and principal.person.unit_id:
        ids.append(principal.person.unit_id)
    return ids


def regions_visible_to(user) -> QuerySet[Region]:
    principal = principal_of(user)
    return org.regions_visible_to(user) | Region.objects.filter(pk__in=_own_region_ids(principal))


def units_visible_to(user) -> QuerySet[Unit]:
    principal = principal_of(user)
    return org.units_visible_to(user) | Unit.objects.filter(pk__in=_own_unit_ids(principal))


def people_visible_to(user) -> QuerySet[Person]:
    principal = principal_of(user)
    own = Q(unit_id__in=_own_unit_ids(principal))
    if principal.person is not None:
        own |= Q(pk=principal.person.pk)
    return org.people_visible_to(user) | Person.objects.filter(own)


def chains_visible_to(user) -> QuerySet[Chain]:
    return Chain.objects.filter(region__in=regions_visible_to(user).values("pk"))


def working_groups_visible_to(user) -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.filter(region__in=regions_visible_to(user).values("pk"))


def with_roles(people: QuerySet[Person], user) -> QuerySet[Person]:
    """People with their role assignments, of the regions `user` sees only (as on the person page)."""
    roles = (RoleAssignment.objects.filter(region__in=regions_visible_to(user).values("pk"))
             .select_related("region", "unit").order_by("id"))
    return people.prefetch_related(Prefetch("roles", queryset=roles))


def regions_for_projects(user) -> QuerySet[Region]:
    """Where `user` may register projects, or move them to: the regions (and below) where he keeps the registry."""
    principal = principal_of(user)
    if principal.is_superuser:
        return Region.objects.all()
    q = Q(pk__in=[])
    for path in principal.region_paths(REGION_EDITORS):
        q |= Q(path__startswith=path)
    return Region.objects.filter(q)
