"""Read side of the organisation for the API, always scoped to the asking user.

The rule: hq_office, commander and sys_admin (ORG_READERS) see their region and everything below it;
every other role sees the regions it is assigned in, and of units and people only its own unit(s).
These belong in wumei/org/queries.py once the organisation pages need the same scopes.
"""

from django.db.models import Prefetch, Q, QuerySet

from wumei.org.models import Chain, Person, Region, Role, RoleAssignment, Unit, WorkingGroup
from wumei.org.principal import ORG_READERS, REGION_EDITORS, principal_of

# Who sees people's phone numbers in full; everyone else sees 138****1234.
PHONE_READERS = {Role.HQ_OFFICE, Role.SYS_ADMIN}


def _subtree_q(paths: list[str], prefix: str = "") -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def regions_visible_to(user) -> QuerySet[Region]:
    principal = principal_of(user)
    if principal.is_superuser:
        return Region.objects.all()
    own = [a.region_id for a in principal.assignments]
    if principal.person is not None:
        own.append(principal.person.region_id)
    return Region.objects.filter(_subtree_q(principal.region_paths(ORG_READERS)) | Q(pk__in=own))


def _own_unit_ids(principal) -> list[int]:
    ids = [a.unit_id for a in principal.assignments if a.unit_id]
    if principal.person is not None and principal.person.unit_id:
        ids.append(principal.person.unit_id)
    return ids


def units_visible_to(user) -> QuerySet[Unit]:
    principal = principal_of(user)
    if principal.is_superuser:
        return Unit.objects.all()
    q = _subtree_q(principal.region_paths(ORG_READERS), "region__") | Q(pk__in=_own_unit_ids(principal))
    return Unit.objects.filter(q)


def people_visible_to(user) -> QuerySet[Person]:
    principal = principal_of(user)
    if principal.is_superuser:
        return Person.objects.all()
    q = _subtree_q(principal.region_paths(ORG_READERS), "region__") | Q(unit_id__in=_own_unit_ids(principal))
    if principal.person is not None:
        q |= Q(pk=principal.person.pk)
    return Person.objects.filter(q)


def chains_visible_to(user) -> QuerySet[Chain]:
    return Chain.objects.filter(region__in=regions_visible_to(user))


def working_groups_visible_to(user) -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.filter(region__in=regions_visible_to(user))


def with_roles(people: QuerySet[Person]) -> QuerySet[Person]:
    return people.prefetch_related(
        Prefetch("roles", queryset=RoleAssignment.objects.select_related("region", "unit").order_by("id"))
    )


def sees_full_phones(user) -> bool:
    return principal_of(user).has_role(*PHONE_READERS)


def mask_phone(phone: str) -> str:
    """13812341234 → 138****1234: enough to recognise a number, not to call it."""
    phone = phone.strip()
    if len(phone) < 8:
        return "*" * len(phone)
    return f"{phone[:3]}****{phone[-4:]}"


def regions_for_new_projects(user) -> QuerySet[Region]:
    """Where `user` may register projects: the regions (and below) where he keeps the registry."""
    principal = principal_of(user)
    if principal.is_superuser:
        return Region.objects.all()
    return Region.objects.filter(_subtree_q(principal.region_paths(REGION_EDITORS)))
