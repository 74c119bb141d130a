"""Who reads and keeps the loan requests.

- An enterprise sees and makes only its own requests (and may add a follow-up note to them).
- The HQ office of a region sees every request of it, records requests for any enterprise there, follows them up
  and moves their status; the commanders read them.
"""

from django.db.models import Q, QuerySet

from wumei.financing.models import LoanRequest
from wumei.org.models import Region, Role, Unit
from wumei.org.principal import REGION_EDITORS, REGION_READERS, principal_of


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _paths_q(field: str, paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def enterprise_ids(user) -> list[int]:
    return principal_of(user).unit_ids({Role.ENTERPRISE})


def requests_visible_to(user) -> QuerySet[LoanRequest]:
    principal = principal_of(user)
    if principal.is_superuser:
        return LoanRequest.objects.all()
    if not _authenticated(user):
        return LoanRequest.objects.none()
    q = _paths_q("county__path", principal.region_paths(REGION_READERS))
    ids = enterprise_ids(user)
    if ids:
        q |= Q(enterprise_id__in=ids)
    return LoanRequest.objects.filter(q)


def is_hq(user, county: Region) -> bool:
    principal = principal_of(user)
    return _authenticated(user) and (principal.is_superuser
                                     or any(county.path.startswith(p) for p in principal.region_paths(REGION_EDITORS)))


def requestable_enterprises(user) -> QuerySet[Unit]:
    """The enterprises `user` may record a request for: his own; the HQ office every one of its region."""
    principal = principal_of(user)
    enterprises = Unit.objects.filter(kind=Unit.Kind.ENTERPRISE, is_active=True)
    if principal.is_superuser:
        return enterprises
    if not _authenticated(user):
        return enterprises.none()
    q = _paths_q("region__path", principal.region_paths(REGION_EDITORS))
    ids = enterprise_ids(user)
    if ids:
        q |= Q(pk__in=ids)
    return enterprises.filter(q)


def can_request(user, enterprise: Unit) -> bool:
    return requestable_enterprises(user).filter(pk=enterprise.pk).exists()


def can_follow_up(user, request: LoanRequest) -> bool:
    """The HQ office, and the enterprise itself (a note on its own request; it does not move the status)."""
    return is_hq(user, request.county) or request.enterprise_id in enterprise_ids(user)


def can_read_totals(user) -> bool:
    return _authenticated(user) and principal_of(user).has_role(*REGION_READERS)


def totals_counties(user) -> QuerySet[Region]:
    principal = principal_of(user)
    counties = Region.objects.filter(level=Region.Level.COUNTY).order_by("code")
    if principal.is_superuser:
        return counties
    return counties.filter(_paths_q("path", principal.region_paths(REGION_READERS)))
