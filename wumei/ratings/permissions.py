"""Who sees what of 百企评百岗 (decisions in docs/monthly.md, 百企评百岗):

- The HQ office of a county keeps its posts and rounds, and with the inspector role (纪检监察员) of the region it
  sees every rating with its enterprise — they supervise the rounds and follow up low scores.
- Every other government user of the county (commander, leaders, unit heads and liaisons, the posts' own staff,
  butlers, police) sees aggregates and counts only, never who scored what; aggregates of fewer than the round's
  minimum sample (default 3) show as 样本不足 to them.
- An enterprise sees the open rounds of its county, scores posts, and sees only its own ratings.
- Anyone else (no role in the county, the three administrators) sees nothing: a 404.
"""

from django.db.models import Q, QuerySet

from wumei.org.models import Role, Unit
from wumei.org.principal import principal_of

GOVERNMENT_READERS = {Role.HQ_OFFICE, Role.COMMANDER, Role.LEAD_LEADER, Role.CHAIN_LEADER, Role.LIAISON,
                      Role.UNIT_HEAD, Role.BUTLER, Role.POLICE, Role.INSPECTOR}
RATER_READERS = {Role.HQ_OFFICE, Role.INSPECTOR}
KEEPERS = {Role.HQ_OFFICE}


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _ancestors(path: str) -> list[str]:
    """"/43/4304/430424/001/" → ["/43/", "/43/4304/", "/43/4304/430424/", "/43/4304/430424/001/"]."""
    codes = [code for code in path.split("/") if code]
    return ["/" + "/".join(codes[:i]) + "/" for i in range(1, len(codes) + 1)]


def county_q(paths: list[str], field: str = "county__path") -> Q:
    """Counties at or below an assignment's region, and the county a town-level assignment lies in."""
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path}) | Q(**{f"{field}__in": _ancestors(path)})
    return q


def _covers(paths: list[str], county_path: str) -> bool:
    return any(county_path.startswith(p) or p.startswith(county_path) for p in paths)


def scope_q(user, roles: set[str], field: str = "county__path") -> Q:
    principal = principal_of(user)
    if principal.is_superuser:
        return Q()
    if not _authenticated(user):
        return Q(pk__in=[])
    return county_q(principal.region_paths(roles), field)


def is_government(user, county) -> bool:
    principal = principal_of(user)
    return principal.is_superuser or _covers(principal.region_paths(GOVERNMENT_READERS), county.path)


def can_see_raters(user, county) -> bool:
    """The HQ office and the inspector of the county see who scored what."""
    principal = principal_of(user)
    return principal.is_superuser or _covers(principal.region_paths(RATER_READERS), county.path)


def can_keep(user, county) -> bool:
    """The HQ office keeps the county's posts and rounds."""
    principal = principal_of(user)
    return principal.is_superuser or any(county.path.startswith(p) for p in principal.region_paths(KEEPERS))


def can_keep_any(user) -> bool:
    principal = principal_of(user)
    return _authenticated(user) and (principal.is_superuser or principal.has_role(*KEEPERS))


def keeper_counties(user) -> list:
    """The counties whose posts and rounds `user` keeps (its HQ office assignments' regions)."""
    principal = principal_of(user)
    return [a.region for a in principal.assignments if a.role in KEEPERS]


def enterprise_of(user, county) -> Unit | None:
    """The enterprise `user` scores for in `county` (its first enterprise role there), else None."""
    principal = principal_of(user)
    for assignment in principal.assignments:
        if (assignment.role == Role.ENTERPRISE and assignment.unit_id
                and _covers([assignment.region.path], county.path)):
            return assignment.unit
    return None


def rounds_q(user) -> Q:
    return scope_q(user, GOVERNMENT_READERS | {Role.ENTERPRISE})


def posts_q(user) -> Q:
    return scope_q(user, GOVERNMENT_READERS)


def rounds_visible_to(user) -> QuerySet:
    from wumei.ratings.models import RatingRound

    return RatingRound.objects.filter(rounds_q(user))
