"""The four lists' pages: all tasks in scope, a project's four lists, a task with its actions, the task form.
Thin: parse → fetch scoped → call a service → render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wumei.audit.models import AuditEvent
from wumei.calendar.rules import dekad_of
from wumei.core.errors import ConflictError, ValidationError
from wumei.org.models import Unit
from wumei.org.principal import principal_of
from wumei.problems.models import ACTIVE_STATUSES
from wumei.problems.queries import problems_visible_to
from wumei.projects.models import Project
from wumei.projects.queries import projects_visible_to
from wumei.tasks import forms, permissions, queries, rules, services
from wumei.tasks.models import Task

PAGE_SIZE = 25
LISTS = {"task": "任务清单", "responsibility": "责任清单", "problem": "问题清单", "deadline": "时限清单"}
ACTIONS = {"complete": "办结", "cancel": "取消", "reopen": "重新打开"}


def _region_paths(user) -> list[str] | None:
    """The regions whose units and people the user may choose from (None: all, for superusers)."""
    principal = principal_of(user)
    if principal.is_superuser:
        return None
    paths = {a.region.path for a in principal.assignments}
    if not paths and principal.person is not None:
        paths = {principal.person.region.path}
    return sorted(paths)


def _show_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# All tasks -------------------------------------------------------------------------------------------------------

@login_required
@require_GET
def task_list(request):
    today = timezone.localdate()
    visible = permissions.tasks_visible_to(request.user)
    form = forms.TaskFilterForm(
        request.GET or None,
        projects=projects_visible_to(request.user).filter(pk__in=visible.values("project_id")).order_by("name"),
        units=Unit.objects.filter(pk__in=visible.values("owner_unit_id")).order_by("kind", "name"),
    )
    filters = form.filters()
    tasks = queries.filter_tasks(visible, on=today, **filters)
    counts = queries.task_counts(tasks, today)
    page = Paginator(
        queries.sort_tasks(tasks.select_related("project", "owner_unit", "owner_person"), form.sort_key()),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    for task in page.object_list:
        task.state = rules.deadline_state(task.status, task.due_on, today)
        task.late_days = rules.days_overdue(task.due_on, today) if task.status == Task.Status.OPEN else 0
    return render(request, "tasks/task_list.html", {
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "counts": counts,
        "filtered": bool(filters),
        "dekad": dekad_of(today),
        "can_create": permissions.can_keep_any(request.user),
        "today": today,
    })


# A project's four lists ------------------------------------------------------------------------------------------

@login_required
@require_GET
def project_lists(request, pk: int):
    today = timezone.localdate()
    project = get_object_or_404(
        projects_visible_to(request.user).select_related(
            "county", "responsible_unit", "lead_leader", "butler", "police", "inspector", "owner"),
        pk=pk,
    )
    current = request.GET.get("list", "task")
    if current not in LISTS:
        current = "task"
    tasks = Task.objects.filter(project=project)
    counts = queries.task_counts(tasks, today)
    problems = problems_visible_to(request.user).filter(project=project, status__in=ACTIVE_STATUSES)
    context = {
        "project": project,
        "lists": LISTS,
        "current": current,
        "counts": counts,
        "problem_count": problems.count(),
        "can_keep": permissions.can_keep(request.user, project),
        "today": today,
    }
    if current == "task":
        rows = list(tasks.select_related("owner_unit", "owner_person").order_by("status", "due_on", "id"))
        for task in rows:
            task.state = rules.deadline_state(task.status, task.due_on, today)
        context["tasks"] = rows
    elif current == "responsibility":
        context["responsibilities"] = rules.responsibilities(queries.task_lines(tasks), today)
    elif current == "problem":
        rows = list(problems.select_related("owner_unit").order_by("level_due_on", "id"))
        for problem in rows:
            problem.overdue = problem.is_overdue_on(today)
        context["problems"] = rows
    else:
        context["deadlines"] = rules.deadline_list(queries.task_lines(tasks), today)
    return render(request, "tasks/project_lists.html", context)


# One task --------------------------------------------------------------------------------------------------------

def _visible_or_404(request, pk: int) -> Task:
    qs = permissions.tasks_visible_to(request.user).select_related(
        "project__county", "owner_unit", "owner_person", "created_by__person")
    return get_object_or_404(qs, pk=pk)


def _action_forms(request, task: Task, today, bound: dict | None = None) -> list:
    bound = bound or {}
    out = []
    if task.status == Task.Status.OPEN:
        if permissions.can_complete(request.user, task):
            out.append(("complete", ACTIONS["complete"], bound.get("complete")
                        or forms.CompleteForm(today=today, prefix="complete")))
        if permissions.can_keep(request.user, task.project):
            out.append(("cancel", ACTIONS["cancel"], bound.get("cancel")
                        or forms.ReasonForm(label="取消原因", prefix="cancel")))
    elif permissions.can_keep(request.user, task.project):
        out.append(("reopen", ACTIONS["reopen"], bound.get("reopen")
                    or forms.ReasonForm(label="重新打开的原因", prefix="reopen")))
    return out


FIELD_LABELS = {"title": "任务内容", "detail": "具体要求", "due_on": "完成时限", "owner_unit_id": "责任单位",
                "owner_person_id": "责任人", "source": "来源"}
SHOWN_VALUES = {"due_on"}


def _changes(event: AuditEvent) -> str:
    """What an edit changed, in words: `完成时限（2026-06-18 → 2026-06-25）、责任人`."""
    if event.action != "task.update" or not isinstance(event.after, dict):
        return ""
    parts = []
    for key, label in FIELD_LABELS.items():
        if key in event.after:
            before = (event.before or {}).get(key)
            parts.append(f"{label}（{before} → {event.after[key]}）" if key in SHOWN_VALUES else label)
    return "修改了" + "、".join(parts) if parts else ""


def _render_detail(request, task: Task, bound: dict | None = None, status: int = 200):
    today = timezone.localdate()
    history = list(AuditEvent.objects.filter(object_type="tasks.task", object_id=str(task.pk))
                   .select_related("actor__person").order_by("sequence"))
    for event in history:
        event.changes = _changes(event)
    return render(request, "tasks/task_detail.html", {
        "task": task,
        "project": task.project,
        "state": rules.deadline_state(task.status, task.due_on, today),
        "late_days": rules.days_overdue(task.due_on, today) if task.status == Task.Status.OPEN else 0,
        "finished_late": rules.finished_late(task.due_on, task.done_on),
        "action_forms": _action_forms(request, task, today, bound),
        "open_action": next(iter(bound or {}), ""),
        "can_edit": task.status == Task.Status.OPEN and permissions.can_keep(request.user, task.project),
        "history": history,
    }, status=status)


@login_required
@require_GET
def task_detail(request, pk: int):
    return _render_detail(request, _visible_or_404(request, pk))


@login_required
@require_POST
def task_act(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    task = _visible_or_404(request, pk)
    today = timezone.localdate()
    if action == "complete":
        allowed = permissions.can_complete(request.user, task)
        form = forms.CompleteForm(request.POST, today=today, prefix=action)
    else:
        allowed = permissions.can_keep(request.user, task.project)
        form = forms.ReasonForm(request.POST, prefix=action)
    if not allowed:
        raise PermissionDenied
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "complete":
                services.complete_task(request.user, task, done_on=data["done_on"], result=data["result"])
            elif action == "cancel":
                services.cancel_task(request.user, task, reason=data["reason"])
            else:
                services.reopen_task(request.user, task, reason=data["reason"])
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("tasks:task-detail", pk=pk)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, f"任务已{ACTIONS[action]}")
            return redirect("tasks:task-detail", pk=pk)
    return _render_detail(request, task, bound={action: form})


# The task form ---------------------------------------------------------------------------------------------------

def _form(request, *, data=None, initial=None, project: Project | None = None):
    keepable = permissions.keepable_projects(request.user).order_by("name")
    if project is not None:
        paths = [project.county.path]
        sources = permissions.sources_for(request.user, project)
    else:
        paths = _region_paths(request.user)
        sources = permissions.sources_for(request.user)
    return forms.TaskForm(data, initial=initial, projects=keepable, region_paths=paths, sources=sources,
                          fixed_project=project is not None)


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request):
    if not permissions.can_keep_any(request.user):
        raise PermissionDenied
    project = None
    wanted = request.GET.get("project", "")
    if wanted.isdigit():
        project = get_object_or_404(permissions.keepable_projects(request.user).select_related("county"),
                                    pk=int(wanted))
    initial = {"project": project.pk} if project else {}
    form = _form(request, data=request.POST or None, initial=initial, project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = data["project"] if project is None else project
        if project is not None and data["project"].pk != project.pk:
            raise Http404
        try:
            task = services.create_task(
                request.user, chosen, title=data["title"], detail=data["detail"], due_on=data["due_on"],
                owner_unit=data["owner_unit"], owner_person=data["owner_person"], source=data["source"],
            )
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "任务已登记")
            if project is not None:
                return redirect(f"{_lists_url(project.pk)}?list=task")
            return redirect("tasks:task-detail", pk=task.pk)
    return render(request, "tasks/task_form.html", {"form": form, "project": project, "task": None})


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk: int):
    task = _visible_or_404(request, pk)
    if not permissions.can_keep(request.user, task.project):
        raise PermissionDenied
    initial = {"project": task.project_id, "title": task.title, "detail": task.detail,
               "owner_unit": task.owner_unit_id, "owner_person": task.owner_person_id, "due_on": task.due_on,
               "source": task.source, "version": task.version}
    form = _form(request, data=request.POST or None, initial=initial, project=task.project)
    if task.source not in [value for value, _ in form.fields["source"].choices]:
        # Keep a source the user could not choose (e.g. a liaison editing the HQ office's task).
        form.fields["source"].choices = [(task.source, task.get_source_display())]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_task(
                request.user, task, version=data.get("version") or 0, title=data["title"], detail=data["detail"],
                due_on=data["due_on"], owner_unit=data["owner_unit"], owner_person=data["owner_person"],
                source=data["source"],
            )
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("tasks:task-detail", pk=pk)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "任务已修改")
            return redirect("tasks:task-detail", pk=pk)
    return render(request, "tasks/task_form.html", {"form": form, "project": task.project, "task": task})


def _lists_url(project_pk: int) -> str:
    return reverse("tasks:project-lists", args=[project_pk])
