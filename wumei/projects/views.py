"""The registry's pages: list, detail, create/edit, stage change and schedule. Thin: parse → fetch scoped →
call a service → render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from wumei.core.errors import ConflictError, ValidationError
from wumei.org.models import Region, Role
from wumei.org.principal import REGION_EDITORS, principal_of
from wumei.org.services import home_county
from wumei.projects import rules
from wumei.projects.forms import MilestoneFormSet, ProjectFilterForm, ProjectForm, StageForm
from wumei.projects.models import STAGE_ORDER, AnnualPlan, Progress, Project, Stage, StageChange, Team
from wumei.projects.queries import (
    can_create,
    can_edit,
    filter_projects,
    projects_visible_to,
    sort_projects,
)
from wumei.projects.services import (
    change_stage,
    create_project,
    replace_milestones,
    set_annual_plan,
    update_project,
)

PAGE_SIZE = 20
LATEST_PROGRESS = 5


@login_required
def project_list(request):
    today = timezone.localdate()
    form = ProjectFilterForm(request.GET, region_paths=_region_paths(request.user))
    filters = form.filters()
    plan_this_year = AnnualPlan.objects.filter(project=OuterRef("pk"), year=today.year)
    projects = (
        projects_visible_to(request.user)
        .select_related("owner", "responsible_unit")
        .annotate(plan_investment=Subquery(plan_this_year.values("planned_investment")[:1]))
    )
    projects = sort_projects(filter_projects(projects, on=today, **filters), form.sort_key())
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    for project in page.object_list:
        project.overdue = rules.is_overdue(_date_facts(project), project.stage, today)
    return render(request, "projects/project_list.html", {
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "year": today.year,
        "filtered": bool(filters),
        "advanced_filtered": bool(set(filters) - {"q", "region"}),
        "region_filter": Region.objects.filter(code=filters["region"]).first() if "region" in filters else None,
        "can_create": can_create(request.user),
    })


@login_required
def project_detail(request, pk: int):
    today = timezone.localdate()
    project = _visible_or_404(
        request, pk,
        related=("county", "owner", "chain", "park", "town", "responsible_unit", "lead_leader", "butler",
                 "police", "inspector"),
        prefetch=(
            "plans", "milestones",
            Prefetch("stage_changes", queryset=StageChange.objects.select_related("actor__person")),
        ),
    )
    team = Team.objects.filter(project=project).select_related("leader").prefetch_related("members").first()
    progress = list(Progress.objects.filter(project=project).order_by("-as_of")[:LATEST_PROGRESS])
    principal = principal_of(request.user)
    return render(request, "projects/project_detail.html", {
        "project": project,
        "team": team,
        "progress": progress,
        "milestones": [(m, *_milestone_state(m, today)) for m in project.milestones.all()],
        "overdue": rules.is_overdue(_date_facts(project), project.stage, today),
        "can_edit": can_edit(request.user, project),
        "show_phones": principal.has_role(Role.HQ_OFFICE),
        "stage_form": StageForm(initial={"stage": project.stage}),
        "stages": _stage_steps(project.stage),
    })


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    if not can_create(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    county = _county_for_new(request.user)
    form = ProjectForm(request.POST or None, county=county, year=today.year, creating=True)
    if request.method == "POST" and form.is_valid():
        data = {**form.project_data(), "county": county}
        try:
            project = create_project(request.user, data, stage=form.cleaned_data["stage"], plan=form.plan_data(),
                                     today=today)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, f"项目「{project.name}」已登记入库")
            return redirect("projects:project-detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": None, "title": "新建项目"})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int):
    project = _editable_or_403(request, pk)
    today = timezone.localdate()
    title = project.name  # the bound form overwrites the instance's fields with the user's input
    plan = project.plans.filter(year=today.year).first()
    initial = {"version": project.version}
    if plan:
        initial.update(plan_kind=plan.kind, plan_investment=plan.planned_investment)
    form = ProjectForm(request.POST or None, instance=project, initial=initial, county=project.county,
                       year=today.year)
    if request.method == "POST" and form.is_valid():
        # The bound form has written its values onto `project`; the service diffs against the stored row.
        stored = Project.objects.select_related("county").get(pk=pk)
        try:
            with transaction.atomic():
                update_project(request.user, stored, form.project_data(),
                               expected_version=form.cleaned_data["version"], today=today)
                if form.plan_data():
                    set_annual_plan(request.user, stored, **form.plan_data())
        except ConflictError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "项目信息已保存")
            return redirect("projects:project-detail", pk=pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def project_stage(request, pk: int):
    project = _editable_or_403(request, pk)
    form = StageForm(request.POST or None, initial={"stage": project.stage})
    if request.method == "POST" and form.is_valid():
        try:
            change = change_stage(request.user, project, form.cleaned_data["stage"], form.cleaned_data["reason"])
        except ConflictError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            if change is None:
                messages.info(request, "项目阶段未变化")
            else:
                messages.success(request, f"项目阶段已变更为「{change.get_to_stage_display()}」")
            return redirect("projects:project-detail", pk=pk)
    return render(request, "projects/project_stage.html", {
        "project": project, "form": form, "stages": _stage_steps(project.stage),
    })


@login_required
@require_http_methods(["GET", "POST"])
def project_milestones(request, pk: int):
    project = _editable_or_403(request, pk)
    today = timezone.localdate()
    current = list(project.milestones.values("name", "planned_on", "actual_on"))
    formset = MilestoneFormSet(request.POST or None, initial=current, prefix="m", form_kwargs={"today": today})
    if request.method == "POST" and formset.is_valid():
        replace_milestones(request.user, project, formset.lines())
        messages.success(request, "进度节点已保存")
        return redirect("projects:project-detail", pk=pk)
    return render(request, "projects/project_milestones.html", {"project": project, "formset": formset})


# Helpers -----------------------------------------------------------------------------------------------------

def _visible_or_404(request, pk: int, related=("county",), prefetch=()) -> Project:
    """The project if the user may read it; otherwise 404, so its existence is not revealed."""
    queryset = projects_visible_to(request.user).select_related(*related).prefetch_related(*prefetch)
    return get_object_or_404(queryset, pk=pk)


def _editable_or_403(request, pk: int) -> Project:
    """The project if the user may change it: 404 when he cannot see it, 403 when he can only read it."""
    project = _visible_or_404(request, pk)
    if not can_edit(request.user, project):
        raise PermissionDenied
    return project


def _region_paths(user) -> list[str] | None:
    """The regions whose units and chains the user may pick from (None: all, for superusers)."""
    principal = principal_of(user)
    if principal.is_superuser:
        return None
    paths = {a.region.path for a in principal.assignments}
    if not paths and principal.person is not None:
        paths = {principal.person.region.path}
    return sorted(paths)


def _county_for_new(user):
    """Where a new project is registered: the region the user keeps the registry of."""
    principal = principal_of(user)
    for assignment in principal.assignments:
        if assignment.role in REGION_EDITORS:
            return assignment.region
    return principal.home_region or home_county()


def _show_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its fields where the form has them."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _date_facts(project: Project) -> rules.DateFacts:
    return rules.DateFacts(project.planned_start_on, project.actual_start_on,
                           project.planned_completion_on, project.actual_completion_on)


_MILESTONE_BADGES = {
    rules.MilestoneState.DONE_ON_TIME: "bg-green-lt",
    rules.MilestoneState.DONE_LATE: "bg-orange-lt",
    rules.MilestoneState.LATE: "bg-red-lt",
    rules.MilestoneState.NOT_DUE: "bg-secondary-lt",
}


def _milestone_state(milestone, today: datetime.date) -> tuple[str, str]:
    state = rules.milestone_state(milestone.planned_on, milestone.actual_on, today)
    return state.value, _MILESTONE_BADGES[state]


def _stage_steps(current: str) -> list[tuple[str, str, bool]]:
    """The lifecycle as steps for the progress bar: (value, label, reached)."""
    return [(value, label, STAGE_ORDER[value] <= STAGE_ORDER[current]) for value, label in Stage.choices]
