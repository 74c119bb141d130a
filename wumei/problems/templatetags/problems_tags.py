"""Template helpers of the problem pages and the project page's problems panel."""

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from wumei.problems.models import ACTIVE_STATUSES, Problem
from wumei.problems.permissions import raise_sources
from wumei.problems.queries import overdue_q

register = template.Library()

PANEL_SIZE = 5
STATUS_BADGES = {
    "open": "bg-red-lt", "assigned": "bg-orange-lt", "in_progress": "bg-blue-lt", "reopened": "bg-purple-lt",
    "solved": "bg-green-lt", "confirmed": "bg-teal-lt",
}
LEVEL_BADGES = {0: "bg-secondary-lt", 1: "bg-yellow-lt", 2: "bg-orange-lt", 3: "bg-red-lt"}


@register.filter
def problem_status_badge(status) -> str:
    return STATUS_BADGES.get(str(status), "bg-secondary-lt")


@register.filter
def problem_level_badge(level) -> str:
    return LEVEL_BADGES.get(level, "bg-secondary-lt")


@register.filter
def actor_name(user) -> str:
    """A user as people know him: his person's name, else his username; nobody → 系统."""
    if user is None:
        return "系统"
    person = getattr(user, "person", None)
    return person.name if person is not None else user.get_username()


@register.inclusion_tag("problems/_project_panel.html")
def problems_project_panel(project, user):
    """The project page's card: its unsolved problems (the latest few), how many are overdue, and links.
    Three queries: the counts, the latest problems, and (for the raise link) nothing more than the principal."""
    today = timezone.localdate()
    of_project = Problem.objects.filter(project=project)
    counts = of_project.aggregate(
        total=Count("id"), active=Count("id", filter=Q(status__in=ACTIVE_STATUSES)),
        overdue=Count("id", filter=overdue_q(today)),
    )
    latest = list(of_project.filter(status__in=ACTIVE_STATUSES).select_related("owner_unit")
                  .order_by("-raised_on", "-id")[:PANEL_SIZE])
    for problem in latest:
        problem.overdue = problem.is_overdue_on(today)
    return {"project": project, "counts": counts, "latest": latest, "can_raise": bool(raise_sources(user, project))}
