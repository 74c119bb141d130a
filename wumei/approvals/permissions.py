"""Who reads and keeps approval items.

- The HQ office keeps every item of the projects in its region; an approval department's liaison keeps the
  items his department handles.
- Readers: whoever may read the project (projects_visible_to), and an approval department's liaison and head
  read the items of their department.
- The county summary (per-department figures) is for the HQ office and the commanders.
"""

from django.db.models import Q, QuerySet

from wumei.approvals.models import ApprovalItem
from wumei.org.models import Region, Role, Unit
from wumei.org.principal import REGION_EDITORS, REGION_READERS, UNIT_EDITORS, UNIT_READERS, principal_of
from wumei.projects.models import Project
from wumei.projects.queries import projects_visible_to


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _under(path: str, paths: list[str]) -> bool:
    return any(path.startswith(p) for p in paths)


def items_visible_to(user) -> QuerySet[ApprovalItem]:
    principal = principal_of(user)
    if principal.is_superuser:
        return ApprovalItem.objects.all()
    if not _authenticated(user):
        return ApprovalItem.objects.none()
    q = Q(project__in=projects_visible_to(user).values("pk"))
    unit_ids = principal.unit_ids(UNIT_READERS)
    if unit_ids:
        q |= Q(department_id__in=unit_ids)
    return ApprovalItem.objects.filter(q)


def projects_with_items_visible_to(user) -> QuerySet[Project]:
    """The projects whose items page `user` may open: readable projects, and those his department serves."""
    principal = principal_of(user)
    visible = projects_visible_to(user)
    unit_ids = principal.unit_ids(UNIT_READERS)
    if not unit_ids or principal.is_superuser:
        return visible
    served = ApprovalItem.objects.filter(department_id__in=unit_ids).values("project_id")
    return Project.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=served))


def is_hq(user, county: Region) -> bool:
    principal = principal_of(user)
    return _authenticated(user) and (principal.is_superuser
                                     or _under(county.path, principal.region_paths(REGION_EDITORS)))


def can_keep(user, project: Project, department: Unit | None = None) -> bool:
    """May `user` add or change an item of `project` (handled by `department`)?"""
    if not _authenticated(user):
        return False
    if is_hq(user, project.county):
        return True
    return department is not None and department.pk in principal_of(user).unit_ids(UNIT_EDITORS)


def keepable_departments(user, project: Project) -> QuerySet[Unit]:
    """The approval departments `user` may choose for an item of `project`."""
    departments = Unit.objects.filter(kind=Unit.Kind.APPROVAL, is_active=True,
                                      region__path__startswith=project.county.path).order_by("name")
    if is_hq(user, project.county):
        return departments
    return departments.filter(pk__in=principal_of(user).unit_ids(UNIT_EDITORS))


def can_keep_project(user, project: Project) -> bool:
    return keepable_departments(user, project).exists()


def summary_counties(user) -> QuerySet[Region]:
    """The counties whose summary `user` reads: those of his HQ office or commander role."""
    principal = principal_of(user)
    counties = Region.objects.filter(level=Region.Level.COUNTY).order_by("code")
    if principal.is_superuser:
        return counties
    q = Q(pk__in=[])
    for path in principal.region_paths(REGION_READERS):
        q |= Q(path__startswith=path)
    return counties.filter(q)


def can_read_summary(user) -> bool:
    return _authenticated(user) and (principal_of(user).has_role(Role.HQ_OFFICE, Role.COMMANDER))


def projects_for_new_items(user) -> QuerySet[Project]:
    """The projects `user` may add items to: the HQ office's region; for an approval department's liaison, the
    projects of his department's county (a department serves every project there)."""
    principal = principal_of(user)
    if principal.is_superuser:
        return Project.objects.all()
    if not _authenticated(user):
        return Project.objects.none()
    q = Q(pk__in=[])
    for path in principal.region_paths(REGION_EDITORS):
        q |= Q(county__path__startswith=path)
    for assignment in principal.assignments:
        if assignment.role in UNIT_EDITORS and assignment.unit and assignment.unit.kind == Unit.Kind.APPROVAL:
            q |= Q(county__path__startswith=assignment.region.path)
    return Project.objects.filter(q)
