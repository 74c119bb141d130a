"""Who keeps and who reads the reception days.

- The HQ office of a county (or of a region above it) sets the days, records the visits and the answers.
- The HQ office and the commanders (county leaders) of the region read every day of it; a leader who
  receives on a day reads that day.
"""

from django.db.models import Q, QuerySet

from wumei.org.models import Region
from wumei.org.principal import REGION_EDITORS, REGION_READERS, principal_of
from wumei.reception.models import ReceptionDay


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _paths_q(field: str, paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def days_visible_to(user) -> QuerySet[ReceptionDay]:
    principal = principal_of(user)
    if principal.is_superuser:
        return ReceptionDay.objects.all()
    if not _authenticated(user):
        return ReceptionDay.objects.none()
    q = _paths_q("county__path", principal.region_paths(REGION_READERS))
    if principal.person is not None:
        q |= Q(pk__in=ReceptionDay.leaders.through.objects.filter(person=principal.person).values("receptionday_id"))
    return ReceptionDay.objects.filter(q)


def keepable_counties(user) -> QuerySet[Region]:
    """The counties whose reception days `user` keeps."""
    principal = principal_of(user)
    counties = Region.objects.filter(level=Region.Level.COUNTY)
    if principal.is_superuser:
        return counties
    if not _authenticated(user):
        return counties.none()
    return counties.filter(_paths_q("path", principal.region_paths(REGION_EDITORS)))


def can_keep(user, county: Region) -> bool:
    principal = principal_of(user)
    if not _authenticated(user):
        return False
    return principal.is_superuser or any(county.path.startswith(p) for p in principal.region_paths(REGION_EDITORS))
