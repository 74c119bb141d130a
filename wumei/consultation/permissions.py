"""Who may read and keep the monthly consultations.

- Read: the HQ office and the commander (county leaders) of the county or a region above it.
- Keep (draft the agenda, edit it, attendance, minutes, decisions): the county's HQ office.
"""

from django.db.models import Q, QuerySet

from wumei.consultation.models import Consultation
from wumei.dekad.queries import hq_counties, is_hq_for
from wumei.org.models import Region
from wumei.org.principal import REGION_READERS, principal_of


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def consultations_visible_to(user) -> QuerySet[Consultation]:
    if not _authenticated(user):
        return Consultation.objects.none()
    principal = principal_of(user)
    if principal.is_superuser:
        return Consultation.objects.all()
    q = Q(pk__in=[])
    for path in principal.region_paths(REGION_READERS):
        q |= Q(county__path__startswith=path)
    return Consultation.objects.filter(q)


def readable_counties(user) -> QuerySet[Region]:
    principal = principal_of(user)
    counties = Region.objects.filter(level=Region.Level.COUNTY)
    if principal.is_superuser:
        return counties
    q = Q(pk__in=[])
    for path in principal.region_paths(REGION_READERS):
        q |= Q(path__startswith=path)
    return counties.filter(q) if _authenticated(user) else counties.none()


def keeping_counties(user) -> QuerySet[Region]:
    return hq_counties(user) if _authenticated(user) else Region.objects.none()


def can_keep(user, county: Region) -> bool:
    return _authenticated(user) and is_hq_for(user, county)
