"""Who may read, file and move factor requests, and keep the land cleanup figures.

- Read: whoever may read the project (projects_visible_to): the HQ office and commander of the region see all;
  a unit's liaison and head see their unit's projects' requests; an enterprise sees only its own projects'.
- File: the HQ office, the liaison of the project's responsible unit, and the project's enterprise.
- Move (consult, decide, deliver, decline): the HQ office of the project's county.
- Land cleanup figures: kept by the HQ office of the county, read by the county's readers.
"""

from django.db.models import Q, QuerySet

from wumei.dekad.queries import hq_counties, is_hq_for
from wumei.factors.models import FactorRequest
from wumei.org.models import Region, Role
from wumei.org.principal import REGION_READERS, principal_of
from wumei.projects.models import Project
from wumei.projects.queries import edit_q, projects_visible_to


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def requests_visible_to(user) -> QuerySet[FactorRequest]:
    if not _authenticated(user):
        return FactorRequest.objects.none()
    if principal_of(user).is_superuser:
        return FactorRequest.objects.all()
    return FactorRequest.objects.filter(project__in=projects_visible_to(user).values("pk"))


def requestable_projects(user) -> QuerySet[Project]:
    """Projects `user` may file a request for."""
    if not _authenticated(user):
        return Project.objects.none()
    q = edit_q(user)
    owner_ids = principal_of(user).unit_ids({Role.ENTERPRISE})
    if owner_ids:
        q |= Q(owner_id__in=owner_ids)
    return Project.objects.filter(q)


def can_request(user, project: Project) -> bool:
    return requestable_projects(user).filter(pk=project.pk).exists()


def can_request_any(user) -> bool:
    principal = principal_of(user)
    return _authenticated(user) and (principal.is_superuser
                                     or principal.has_role(Role.HQ_OFFICE, Role.LIAISON, Role.ENTERPRISE))


def can_move(user, request: FactorRequest) -> bool:
    """The HQ office of the request's county. Needs request.project.county loaded."""
    return _authenticated(user) and is_hq_for(user, request.project.county)


def land_counties(user) -> QuerySet[Region]:
    """Counties whose land cleanup figures `user` may read: the HQ office's and the commander's."""
    principal = principal_of(user)
    counties = Region.objects.filter(level=Region.Level.COUNTY)
    if principal.is_superuser:
        return counties
    q = Q(pk__in=[])
    for path in principal.region_paths(REGION_READERS):
        q |= Q(path__startswith=path)
    return counties.filter(q)


def land_keeping_counties(user) -> QuerySet[Region]:
    return hq_counties(user)


def can_keep_land(user, county: Region) -> bool:
    return _authenticated(user) and is_hq_for(user, county)
