"""Template helpers of the four lists and the project page's tasks panel."""

from django import template
from django.utils import timezone

from wumei.tasks import permissions, queries, rules
from wumei.tasks.models import Task

register = template.Library()

PANEL_SIZE = 5
STATE_BADGES = {
    rules.DeadlineState.DONE: "bg-green-lt",
    rules.DeadlineState.CANCELLED: "bg-secondary-lt",
    rules.DeadlineState.OVERDUE: "bg-red text-red-fg",
    rules.DeadlineState.DUE_TODAY: "bg-orange text-orange-fg",
    rules.DeadlineState.DUE_SOON: "bg-yellow-lt",
    rules.DeadlineState.ON_TRACK: "bg-blue-lt",
}


@register.filter
def task_state_badge(state) -> str:
    return STATE_BADGES.get(state, "bg-secondary-lt")


@register.filter
def task_state_label(state) -> str:
    try:
        return rules.DeadlineState(state).label
    except ValueError:
        return ""


ACTIONS = {"task.create": "登记任务", "task.update": "修改任务", "task.complete": "办结", "task.cancel": "取消任务",
           "task.reopen": "重新打开"}


@register.filter
def task_action(action: str) -> str:
    """A task's audit action in words (the history on the task page)."""
    return ACTIONS.get(action, action)


@register.inclusion_tag("tasks/_project_panel.html")
def tasks_project_panel(project, user):
    """The project page's card: the four lists' counts and the nearest open deadlines. Two queries (the counts,
    the next tasks) plus the principal, loaded once per request."""
    today = timezone.localdate()
    of_project = Task.objects.filter(project=project)
    counts = queries.task_counts(of_project, today)
    upcoming = list(of_project.filter(status=Task.Status.OPEN).select_related("owner_unit")
                    .order_by("due_on", "id")[:PANEL_SIZE])
    for task in upcoming:
        task.state = rules.deadline_state(task.status, task.due_on, today)
    return {"project": project, "counts": counts, "upcoming": upcoming,
            "can_keep": permissions.can_keep(user, project)}
