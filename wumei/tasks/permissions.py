"""Who may read, keep and complete the four lists' tasks.

- The HQ office keeps every task of the projects in its region (create, edit, complete, cancel).
- A responsible unit's liaison keeps the tasks of his unit's projects, and completes the tasks his unit
  answers for (owner unit) wherever they are.
- Everyone else who may read a project reads its tasks; a unit's liaison and head also read the tasks
  their unit answers for on other projects (the responsibility list names them).
"""

from django.db.models import Q, QuerySet

from wumei.org.models import Role
from wumei.org.principal import REGION_EDITORS, UNIT_EDITORS, UNIT_READERS, principal_of
from wumei.projects.models import Project
from wumei.projects.queries import projects_editable_by, projects_visible_to
from wumei.tasks.models import Task


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def visibility_q(user) -> Q:
    """The tasks `user` may read, as a filter."""
    principal = principal_of(user)
    if principal.is_superuser:
        return Q()
    if not _authenticated(user):
        return Q(pk__in=[])
    q = Q(project__in=projects_visible_to(user).values("pk"))
    unit_ids = principal.unit_ids(UNIT_READERS)
    if unit_ids:
        q |= Q(owner_unit_id__in=unit_ids)
    return q


def tasks_visible_to(user) -> QuerySet[Task]:
    return Task.objects.filter(visibility_q(user))


def keepable_projects(user) -> QuerySet[Project]:
    """The projects whose tasks `user` keeps: the HQ office's region, a liaison's unit's projects."""
    if not _authenticated(user):
        return Project.objects.none()
    return projects_editable_by(user)


def can_keep(user, project: Project) -> bool:
    """May `user` add, edit and cancel the tasks of `project`?"""
    if not _authenticated(user):
        return False
    if is_hq(user, project):
        return True
    unit_id = project.responsible_unit_id
    return bool(unit_id) and unit_id in principal_of(user).unit_ids(UNIT_EDITORS)


def can_complete(user, task: Task) -> bool:
    """May `user` mark `task` done: its keepers, and the liaisons of the unit that answers for it."""
    if can_keep(user, task.project):
        return True
    principal = principal_of(user)
    return bool(task.owner_unit_id) and task.owner_unit_id in principal.unit_ids(UNIT_EDITORS)


def can_keep_any(user) -> bool:
    """Does `user` keep the tasks of some project (to show the 新增任务 button)?"""
    principal = principal_of(user)
    return _authenticated(user) and (principal.is_superuser or principal.has_role(Role.HQ_OFFICE, Role.LIAISON))


def is_hq(user, project: Project) -> bool:
    """The HQ office (or a superuser) for `project`'s county: it keeps every task there and may choose any
    source for a task. Needs project.county loaded."""
    if not _authenticated(user):
        return False
    principal = principal_of(user)
    if principal.is_superuser:
        return True
    return any(project.county.path.startswith(p) for p in principal.region_paths(REGION_EDITORS))


def sources_for(user, project: Project | None = None) -> list[str]:
    """The sources `user` may give a task: the HQ office any; a unit's liaison only 责任单位."""
    principal = principal_of(user)
    hq = is_hq(user, project) if project is not None else (principal.is_superuser
                                                          or principal.has_role(*REGION_EDITORS))
    return list(Task.Source.values) if hq else [Task.Source.UNIT]

