"""What a user is to a problem (his hats) and what he may do: raise, see statistics, set the ladder."""

from django.db.models import Q, QuerySet

from wumei.org.models import Region, Role
from wumei.org.principal import REGION_EDITORS, UNIT_READERS, principal_of
from wumei.problems.models import LadderPost, Problem
from wumei.problems.rules import Hat
from wumei.projects.models import Project
from wumei.projects.queries import projects_editable_by

STATS_ROLES = (Role.HQ_OFFICE, Role.COMMANDER)


def _under(path: str, paths: list[str]) -> bool:
    return any(path.startswith(p) for p in paths)


def is_hq_for(user, county: Region) -> bool:
    """The HQ office of `county` (or of a region above it)."""
    principal = principal_of(user)
    return principal.is_superuser or _under(county.path, principal.region_paths(REGION_EDITORS))


def level_holder_id(problem: Problem) -> int | None:
    """The person who answers for the problem's current level (1: lead leader, 2–3: the county's post)."""
    if problem.level == Problem.Level.LEAD_LEADER:
        return problem.project.lead_leader_id
    if problem.level > Problem.Level.LEAD_LEADER:
        return (LadderPost.objects.filter(county_id=problem.project.county_id, level=problem.level)
                .values_list("person_id", flat=True).first())
    return None


def hats_of(user, problem: Problem) -> frozenset[Hat]:
    """The user's hats for one problem (needs problem.project and its county loaded)."""
    principal = principal_of(user)
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    hats: set[Hat] = set()
    project = problem.project
    if is_hq_for(user, project.county):
        hats.add(Hat.HQ)
    if problem.owner_unit_id and problem.owner_unit_id in principal.unit_ids(UNIT_READERS):
        hats.add(Hat.OWNER_UNIT)
    if problem.level == Problem.Level.UNIT:
        if Hat.OWNER_UNIT in hats:
            hats.add(Hat.LEVEL_HOLDER)
    elif principal.person is not None and level_holder_id(problem) == principal.person.pk:
        hats.add(Hat.LEVEL_HOLDER)
    if problem.raised_by_id and problem.raised_by_id == user.pk:
        hats.add(Hat.REPORTER)
    if project.owner_id and project.owner_id in principal.unit_ids({Role.ENTERPRISE}):
        hats.add(Hat.ENTERPRISE)
    return frozenset(hats)


# Raising ---------------------------------------------------------------------------------------------------------

def raise_sources(user, project: Project) -> list[str]:
    """The sources under which `user` may raise a problem for `project` (empty: he may not).

    The HQ office raises its own or the reception day's; the project's enterprise, its liaison (daily report)
    and its lead leader (visit) raise theirs. Inspectors and other readers only read.
    """
    principal = principal_of(user)
    S = Problem.Source
    if not getattr(user, "is_authenticated", False):
        return []
    sources: list[str] = []
    if is_hq_for(user, project.county):
        sources += [S.HQ, S.RECEPTION]
    if project.owner_id and project.owner_id in principal.unit_ids({Role.ENTERPRISE}):
        sources.append(S.ENTERPRISE)
    if project.responsible_unit_id and project.responsible_unit_id in principal.unit_ids({Role.LIAISON}):
        sources.append(S.DAILY)
    if principal.person is not None and project.lead_leader_id == principal.person.pk:
        sources.append(S.VISIT)
    return sources


def raisable_projects(user) -> QuerySet[Project]:
    """The projects `user` may raise a problem for (the union of raise_sources' cases)."""
    principal = principal_of(user)
    if principal.is_superuser:
        return Project.objects.all()
    q = Q(pk__in=projects_editable_by(user).values("pk"))
    owner_ids = principal.unit_ids({Role.ENTERPRISE})
    if owner_ids:
        q |= Q(owner_id__in=owner_ids)
    if principal.person is not None:
        q |= Q(lead_leader=principal.person)
    return Project.objects.filter(q)


# Pages -----------------------------------------------------------------------------------------------------------

def can_see_statistics(user) -> bool:
    return principal_of(user).has_role(*STATS_ROLES)


def ladder_counties(user) -> QuerySet[Region]:
    """The counties whose ladder `user` may set: those his HQ office role covers."""
    principal = principal_of(user)
    counties = Region.objects.filter(level=Region.Level.COUNTY)
    if principal.is_superuser:
        return counties
    q = Q(pk__in=[])
    for path in principal.region_paths(REGION_EDITORS):
        q |= Q(path__startswith=path)
    return counties.filter(q)


def possible_sources(user) -> list[str]:
    """Every source `user` might raise under, whatever the project (for the raise form's choices)."""
    principal = principal_of(user)
    S = Problem.Source
    if principal.is_superuser:
        return list(S.values)
    sources: list[str] = []
    if principal.has_role(*REGION_EDITORS):
        sources += [S.HQ, S.RECEPTION]
    if principal.has_role(Role.ENTERPRISE):
        sources.append(S.ENTERPRISE)
    if principal.has_role(Role.LIAISON):
        sources.append(S.DAILY)
    if principal.person is not None and (principal.has_role(Role.LEAD_LEADER)
                                         or Project.objects.filter(lead_leader=principal.person).exists()):
        sources.append(S.VISIT)
    return sources


def can_set_ladder(user) -> bool:
    return principal_of(user).has_role(Role.HQ_OFFICE) and ladder_counties(user).exists()
