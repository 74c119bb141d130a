"""Template helpers of the dekad pages, the registry's RAG badge and the project page's dekad panel."""

from django import template
from django.utils import timezone

from wumei.dekad import queries, rules
from wumei.dekad.models import Letter
from wumei.projects.models import Project

register = template.Library()

PANEL_LETTERS = 6
STATUS_BADGES = {
    "draft": "bg-secondary-lt", "issued": "bg-orange-lt", "received": "bg-yellow-lt", "answered": "bg-blue-lt",
    "closed": "bg-green-lt", "escalated": "bg-red-lt", "withdrawn": "bg-secondary-lt",
}
KIND_BADGES = {"reminder": "bg-azure-lt", "assignment": "bg-orange-lt", "supervision": "bg-red-lt"}
RAG_BADGES = {"green": "bg-green text-green-fg", "amber": "bg-yellow text-yellow-fg", "red": "bg-red text-red-fg"}


@register.filter
def letter_status_badge(status) -> str:
    return STATUS_BADGES.get(str(status), "bg-secondary-lt")


@register.filter
def letter_kind_badge(kind) -> str:
    return KIND_BADGES.get(str(kind), "bg-secondary-lt")


@register.filter
def rag_class(status) -> str:
    return RAG_BADGES.get(str(status), "bg-secondary-lt")


@register.filter
def actor_name(user) -> str:
    if user is None:
        return "系统"
    person = getattr(user, "person", None)
    return person.name if person is not None else user.get_username()


@register.simple_tag
def dekad_rag_map(projects, on=None) -> dict:
    """project id → RAG status for a page of projects, in six queries whatever its length:
    `{% dekad_rag_map page.object_list as rags %}` then `{% rag_badge project rags %}`."""
    items = list(projects)
    if not items:
        return {}
    return queries.rag_for(items, on or timezone.localdate())


@register.inclusion_tag("dekad/_rag_badge.html")
def rag_badge(project, rags=None):
    """The project's RAG badge (红黄绿灯) with its reasons as the tooltip. Without a map from dekad_rag_map it
    computes the one project (six queries): fine on a project page, not in a list."""
    if rags is None:
        status = queries.rag_for([project], timezone.localdate()).get(project.pk)
    else:
        status = rags.get(project.pk)
    return {"rag": status}


@register.inclusion_tag("dekad/_project_panel.html")
def dekad_project_panel(project: Project, user):
    """The project page's card: RAG with its reasons, expected vs completed investment explained, and the
    project's letters (drafts only for the HQ office). About ten queries whatever the project's history."""
    today = timezone.localdate()
    facts = queries.project_facts(Project.objects.filter(pk=project.pk), today).get(project.pk)
    thresholds = queries.settings_for(project.county).thresholds()
    letters = list(queries.letters_visible_to(user).filter(project=project).exclude(status=Letter.Status.WITHDRAWN)
                   .select_related("recipient_unit").order_by("-dekad_start", "-pk")[:PANEL_LETTERS])
    for letter in letters:
        letter.overdue = letter.is_overdue_on(today)
    is_hq = queries.is_hq_for(user, project.county)
    return {
        "project": project,
        "rag": rules.rag(facts, today, thresholds) if facts else None,
        "expectation": rules.expectation_of(facts, today, thresholds) if facts else None,
        "letters": letters,
        "total": queries.letters_visible_to(user).filter(project=project)
        .exclude(status=Letter.Status.WITHDRAWN).count() if len(letters) >= PANEL_LETTERS else len(letters),
        "is_hq": is_hq,
        "today": today,
    }


INPUT_LABELS = {
    "planned_start_on": "计划开工日期", "days_ahead": "距计划开工（天）", "days_overdue": "已逾期（天）",
    "planned_completion_on": "计划竣工投产日期", "basis": "应完成投资口径", "months": "已过月数（序时）",
    "annual_plan": "年度计划投资（万元）", "expected": "应完成投资（万元）", "completed": "本年完成投资（万元）",
    "completion_percent": "完成年度计划（%）", "schedule_percent": "计划进度（%）",
    "of_expected_percent": "为应完成的（%）", "letter_id": "原函件编号", "doc_number": "原函件文号",
    "reminder_days": "提醒函：计划开工前天数", "assignment_overdue_days": "交办函：逾期天数",
    "supervision_percent": "督办函：低于应完成的（%）",
}
BASIS_NAMES = {value: label for value, label in rules.BASIS_LABELS.items()}


def _shown(key: str, value) -> str:
    if key == "tasks":
        return "；".join(f"{t['title']}（{t['due_on']}到期，逾期{t['days_overdue']}天）" for t in value)
    if key == "letters":
        return "；".join(f"{x.get('doc_number') or x['id']}（{x['reply_due_on']}前回复）" for x in value)
    if key == "basis":
        return BASIS_NAMES.get(value, value)
    return "—" if value in (None, "") else str(value)


@register.filter
def basis_rows(mapping) -> list[tuple[str, str]]:
    """A rule's inputs or thresholds as (Chinese label, value) rows."""
    rows = []
    for key, value in (mapping or {}).items():
        label = {"tasks": "逾期任务", "letters": "逾期未回复的交办函"}.get(key, INPUT_LABELS.get(key, key))
        rows.append((label, _shown(key, value)))
    return rows
