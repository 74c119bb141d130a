"""Who reads and who keeps the bulletins.

- The county's HQ office drafts, edits and issues them (drafts are its working papers).
- The county's commanders read drafts and issued ones.
- An issued bulletin is circulated (印发) to the county: every leader, unit and service post with a role there
  reads it. Enterprises and the three administrators do not.
"""

from django.db.models import Q, QuerySet

from wumei.bulletins.models import Bulletin
from wumei.org.models import Region, Role
from wumei.org.principal import REGION_EDITORS, REGION_READERS, principal_of

# Roles that receive issued bulletins of their county.
CIRCULATION = {Role.HQ_OFFICE, Role.COMMANDER, Role.LEAD_LEADER, Role.CHAIN_LEADER, Role.LIAISON, Role.UNIT_HEAD,
               Role.BUTLER, Role.POLICE, Role.INSPECTOR}


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _under(paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(county__path__startswith=path)
    return q


def _over(paths: list[str]) -> Q:
    """Counties at or below any of the regions — and, for a role held in a town, the town's county."""
    q = _under(paths)
    for path in paths:
        parts = [p for p in path.strip("/").split("/") if p]
        for n in range(1, len(parts)):
            q |= Q(county__path="/" + "/".join(parts[:n]) + "/")
    return q


def visibility_q(user) -> Q:
    principal = principal_of(user)
    if principal.is_superuser:
        return Q()
    if not _authenticated(user):
        return Q(pk__in=[])
    drafts = _under(principal.region_paths(REGION_READERS))
    issued = _over(principal.region_paths(CIRCULATION)) & Q(status=Bulletin.Status.ISSUED)
    return drafts | issued


def bulletins_visible_to(user) -> QuerySet[Bulletin]:
    return Bulletin.objects.filter(visibility_q(user))


def is_hq_for(user, county: Region) -> bool:
    """The HQ office of `county` (or of a region above it): drafts, edits and issues its bulletins."""
    if not _authenticated(user):
        return False
    principal = principal_of(user)
    return principal.is_superuser or any(county.path.startswith(p) for p in principal.region_paths(REGION_EDITORS))


def hq_counties(user) -> QuerySet[Region]:
    """The counties whose HQ office `user` is."""
    counties = Region.objects.filter(level=Region.Level.COUNTY)
    if not _authenticated(user):
        return counties.none()
    principal = principal_of(user)
    if principal.is_superuser:
        return counties
    q = Q(pk__in=[])
    for path in principal.region_paths(REGION_EDITORS):
        q |= Q(path__startswith=path)
    return counties.filter(q)


def reading_counties(user) -> QuerySet[Region]:
    """The counties whose document counts `user` may see: those he reads as the HQ office or a commander."""
    counties = Region.objects.filter(level=Region.Level.COUNTY)
    if not _authenticated(user):
        return counties.none()
    principal = principal_of(user)
    if principal.is_superuser:
        return counties
    q = Q(pk__in=[])
    for path in principal.region_paths(REGION_READERS):
        q |= Q(path__startswith=path)
    return counties.filter(q)
