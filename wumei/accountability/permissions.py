"""Who sees and records accountability cases: the inspector role (纪检监察员), the HQ office and the commander
of the case's region see them; the HQ office and the inspector record them. Nobody else learns they exist (404)."""

from django.db.models import Q, QuerySet

from wumei.accountability.models import Case
from wumei.org.models import Role
from wumei.org.principal import principal_of

READERS = {Role.INSPECTOR, Role.HQ_OFFICE, Role.COMMANDER}
RECORDERS = {Role.INSPECTOR, Role.HQ_OFFICE}


def _paths(user, roles: set[str]) -> list[str] | None:
    """Region paths of `user`'s assignments in `roles`; None for a superuser (everywhere)."""
    principal = principal_of(user)
    if principal.is_superuser:
        return None
    if not getattr(user, "is_authenticated", False):
        return []
    return principal.region_paths(roles)


def cases_visible_to(user) -> QuerySet[Case]:
    paths = _paths(user, READERS)
    if paths is None:
        return Case.objects.all()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(county__path__startswith=path)
    return Case.objects.filter(q)


def can_read_any(user) -> bool:
    paths = _paths(user, READERS)
    return paths is None or bool(paths)


def can_record(user, county) -> bool:
    paths = _paths(user, RECORDERS)
    return paths is None or any(county.path.startswith(p) for p in paths)


def recorder_counties(user) -> list:
    """The regions where `user` records cases (its HQ office or inspector assignments' regions)."""
    principal = principal_of(user)
    seen, out = set(), []
    for assignment in principal.assignments:
        if assignment.role in RECORDERS and assignment.region_id not in seen:
            seen.add(assignment.region_id)
            out.append(assignment.region)
    return out
