"""Who may read and keep 每季必考.

- The HQ office of a county (or of a region above it) keeps the method, scores quarters, confirms, and adds
  or removes awards.
- The commander (总指挥长/县领导) reads everything of his county: he chairs the review meeting.
- Nobody else sees the scores before the meeting; an object outside scope is a 404.
"""

from django.db.models import Q, QuerySet

from wumei.org.models import Region
from wumei.org.principal import REGION_EDITORS, REGION_READERS, principal_of


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _under(paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return q


def _counties(user, roles) -> QuerySet[Region]:
    counties = Region.objects.filter(level=Region.Level.COUNTY)
    if not _authenticated(user):
        return counties.none()
    principal = principal_of(user)
    if principal.is_superuser:
        return counties
    return counties.filter(_under(principal.region_paths(roles)))


def readable_counties(user) -> QuerySet[Region]:
    return _counties(user, REGION_READERS)


def kept_counties(user) -> QuerySet[Region]:
    return _counties(user, REGION_EDITORS)


def can_read(user, county: Region) -> bool:
    if not _authenticated(user):
        return False
    principal = principal_of(user)
    return principal.is_superuser or any(county.path.startswith(p) for p in principal.region_paths(REGION_READERS))


def can_keep(user, county: Region) -> bool:
    if not _authenticated(user):
        return False
    principal = principal_of(user)
    return principal.is_superuser or any(county.path.startswith(p) for p in principal.region_paths(REGION_EDITORS))
