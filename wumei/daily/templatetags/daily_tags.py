"""`{% daily_project_panel project user %}`: the project page's card of recent daily reports."""

from django import template
from django.utils import timezone

from wumei.daily.models import DailyReport
from wumei.projects.queries import can_edit

register = template.Library()

RECENT = 5


@register.inclusion_tag("daily/panel.html")
def daily_project_panel(project, user):
    """The project's latest reports, today's state and the links to report and to read all (two queries)."""
    reports = list(DailyReport.objects.filter(project=project).order_by("-report_on")[:RECENT])
    today = timezone.localdate()
    return {
        "project": project,
        "reports": reports,
        "today_report": next((r for r in reports if r.report_on == today), None),
        "can_report": can_edit(user, project),
    }
