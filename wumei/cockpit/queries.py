"""Who sees which region's cockpit: the HQ office and commanders of a region see it and every region below it
(a city's office sees the roll-up and drills down to each county); nobody else. A region outside scope is a 404."""

from django.db.models import Q, QuerySet
from django.http import Http404

from wumei.cockpit.models import MonthlyStatistic
from wumei.org.models import Region
from wumei.org.principal import REGION_EDITORS, REGION_READERS, principal_of


def _under(paths: list[str], field: str = "path") -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def sees_cockpit(user) -> bool:
    return principal_of(user).has_role(*REGION_READERS)


def regions_visible_to(user) -> QuerySet[Region]:
    """The regions whose cockpit `user` may open: his regions and every region below them (towns excluded)."""
    principal = principal_of(user)
    regions = Region.objects.exclude(level=Region.Level.TOWN)
    if principal.is_superuser:
        return regions
    return regions.filter(_under(principal.region_paths(REGION_READERS)))


def home_region(user) -> Region | None:
    """The highest region of the user's cockpit roles (a city office lands on the city's roll-up)."""
    return regions_visible_to(user).order_by("path").first()


def region_for(user, code: str | None) -> Region:
    """The region asked for (default: the user's own), or 404 when it is outside his scope."""
    regions = regions_visible_to(user)
    region = regions.filter(code=code).first() if code else home_region(user)
    if region is None:
        raise Http404("没有该行政区划或无权查看")
    return region


def statistics_regions(user) -> QuerySet[Region]:
    """The regions whose statistics `user` may enter: those of his HQ office roles and below."""
    principal = principal_of(user)
    regions = Region.objects.exclude(level=Region.Level.TOWN)
    if principal.is_superuser:
        return regions
    return regions.filter(_under(principal.region_paths(REGION_EDITORS)))


def can_edit_statistics(user) -> bool:
    return principal_of(user).has_role(*REGION_EDITORS)


def statistics_visible_to(user) -> QuerySet[MonthlyStatistic]:
    principal = principal_of(user)
    if principal.is_superuser:
        return MonthlyStatistic.objects.all()
    return MonthlyStatistic.objects.filter(_under(principal.region_paths(REGION_READERS), "region__path"))
