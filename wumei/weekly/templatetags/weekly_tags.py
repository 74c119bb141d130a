"""Template pieces of 每周必访: the project page's visit panel, coverage badges, links to problems."""

from django import template
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from wumei.weekly import queries, rules
from wumei.weekly.models import Visit

register = template.Library()

PANEL_VISITS = 5


@register.inclusion_tag("weekly/_project_panel.html")
def weekly_project_panel(project, user):
    """One card for the project page: this week's state and the latest visits, in a bounded number of queries."""
    week = rules.week_of(timezone.localdate())
    visits = list(
        queries.visits_visible_to(user).filter(project=project).select_related("leader")
        .annotate(photo_count=Count("photos", distinct=True), problem_count=Count("problems", distinct=True))
        .order_by("-visited_on", "-id")[:PANEL_VISITS]
    )
    visited_this_week = Visit.objects.filter(project=project, leader_id=project.lead_leader_id,
                                             visited_on__range=(week.start, week.end)).exists()
    return {
        "project": project,
        "visits": visits,
        "week": week,
        "visited_this_week": visited_this_week,
        "has_leader": project.lead_leader_id is not None,
        "can_log": project.lead_leader_id is not None and queries.can_log_visit(user, project),
    }


@register.filter
def rate_badge(rate) -> str:
    """Badge colour of a coverage rate (percent): full green, half or more orange, less red."""
    if rate is None:
        return "bg-secondary-lt"
    if rate >= 100:
        return "bg-green-lt"
    return "bg-orange-lt" if rate >= 50 else "bg-red-lt"


@register.filter
def problem_url(problem) -> str:
    """The problem's page, once the problems app has one; otherwise the problem list."""
    for name, args in (("problems:problem-detail", [problem.pk]), ("problems:problem-list", [])):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return ""


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{value}%"


@register.filter
def visit_week(day):
    return rules.week_of(day)

