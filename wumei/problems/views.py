"""Problem pages: list, detail with history and action forms, raising, statistics, the ladder. Thin: parse →
fetch scoped → call a service → render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wumei.calendar.services import load_calendar
from wumei.core.errors import ConflictError, ValidationError
from wumei.org.models import Region
from wumei.org.principal import principal_of
from wumei.photos.services import store_photo
from wumei.problems import conf, forms, permissions, queries, rules, services
from wumei.problems.models import ACTIVE_STATUSES, LadderPost, Problem, ProblemTransition
from wumei.projects.models import Project
from wumei.projects.queries import projects_visible_to

PAGE_SIZE = 20
Action = ProblemTransition.Action


def _region_paths(user) -> list[str] | None:
    """The regions whose units the user may filter by (None: all, for superusers)."""
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


# List ----------------------------------------------------------------------------------------------------------

@login_required
@require_GET
def problem_list(request):
    today = timezone.localdate()
    form = forms.ProblemFilterForm(request.GET or None, region_paths=_region_paths(request.user))
    filters = form.filters()
    problems = queries.filter_problems(
        queries.problems_visible_to(request.user).select_related("project", "owner_unit"), on=today, **filters)
    counts = queries.status_counts(problems, today)
    page = Paginator(queries.sort_problems(problems, form.sort_key()), PAGE_SIZE).get_page(request.GET.get("page"))
    for problem in page.object_list:
        problem.overdue = problem.is_overdue_on(today)
        problem.age = rules.age_days(problem.raised_on, today)
    project = None
    if filters.get("project"):
        project = projects_visible_to(request.user).filter(pk=filters["project"]).only("pk", "name").first()
    return render(request, "problems/problem_list.html", {
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "counts": counts,
        "filtered": bool(set(filters) - {"project"}),
        "project": project,
        "can_raise": bool(permissions.possible_sources(request.user)),
        "can_see_statistics": permissions.can_see_statistics(request.user),
        "can_set_ladder": permissions.can_set_ladder(request.user),
    })


# Detail and actions ----------------------------------------------------------------------------------------------

def _visible_or_404(request, pk: int) -> Problem:
    qs = queries.problems_visible_to(request.user).select_related(
        "project__county", "project__lead_leader", "project__owner", "owner_unit", "raised_by__person",
        "rated_by__person",
    )
    return get_object_or_404(qs, pk=pk)


ACTION_FORMS = {
    Action.ASSIGN: "assign_form",
    Action.START: "start_form",
    Action.SOLVE: "solve_form",
    Action.CONFIRM: "confirm_form",
    Action.REOPEN: "reopen_form",
    Action.ESCALATE: "escalate_form",
}


def _action_form(action: str, problem: Problem, data=None):
    if action == Action.ASSIGN:
        initial = {"owner_unit": problem.owner_unit_id, "deadline_days": problem.deadline_days}
        return forms.AssignForm(data, county=problem.project.county, initial=initial, prefix="assign")
    if action == Action.SOLVE:
        return forms.SolveForm(data, prefix="solve")
    if action == Action.REOPEN:
        return forms.ReasonForm(data, label="退回原因", help_text="说明哪些方面没有解决到位", prefix="reopen")
    if action == Action.ESCALATE:
        return forms.ReasonForm(data, label="提级原因", help_text="需上级研究解决的事项，如跨部门、跨领域问题",
                                prefix="escalate")
    return forms.NoteForm(data, prefix=action)


def _holder(problem: Problem):
    """Who answers for the problem's current level: the unit, the lead leader or the county's post holder."""
    if problem.level == Problem.Level.UNIT:
        return problem.owner_unit
    if problem.level == Problem.Level.LEAD_LEADER:
        return problem.project.lead_leader
    post = LadderPost.objects.filter(county_id=problem.project.county_id, level=problem.level) \
        .select_related("person").first()
    return post.person if post else None


def _render_detail(request, problem: Problem, bound: dict | None = None, status: int = 200):
    today = timezone.localdate()
    hats = permissions.hats_of(request.user, problem)
    actions = rules.allowed_actions(problem.status, problem.level, hats)
    bound = bound or {}
    action_forms = [(action, Action(action).label, bound.get(action) or _action_form(action, problem))
                    for action in actions]
    transitions = problem.transitions.select_related("actor__person")
    return render(request, "problems/problem_detail.html", {
        "problem": problem,
        "project": problem.project,
        "transitions": transitions,
        "photos": problem.photos.all(),
        "action_forms": action_forms,
        "open_action": next(iter(bound), ""),
        "can_rate": rules.can_rate(problem.status, problem.rating is not None, hats),
        "rate_form": bound.get("rate") or forms.RateForm(prefix="rate"),
        "overdue": problem.is_overdue_on(today),
        "holder": _holder(problem),
        "ladder": Problem.Level.choices,
        "today": today,
    }, status=status)


@login_required
@require_GET
def problem_detail(request, pk: int):
    return _render_detail(request, _visible_or_404(request, pk))


@login_required
@require_POST
def problem_act(request, pk: int, action: str):
    """Apply one transition from the detail page's action forms."""
    if action not in ACTION_FORMS:
        raise Http404
    problem = _visible_or_404(request, pk)
    verdict = rules.check(action, problem.status, problem.level, permissions.hats_of(request.user, problem))
    if verdict is rules.Verdict.FORBIDDEN:
        raise PermissionDenied
    form = _action_form(action, problem, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.transition(request.user, problem, action, reason=data.get("reason", ""),
                                solution=data.get("solution", ""), owner_unit=data.get("owner_unit"),
                                deadline_days=data.get("deadline_days"))
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("problems:problem-detail", pk=pk)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, f"已{Action(action).label}")
            return redirect("problems:problem-detail", pk=pk)
    return _render_detail(request, problem, bound={action: form})


@login_required
@require_POST
def problem_rate(request, pk: int):
    problem = _visible_or_404(request, pk)
    if rules.Hat.ENTERPRISE not in permissions.hats_of(request.user, problem):
        raise PermissionDenied
    form = forms.RateForm(request.POST, prefix="rate")
    if form.is_valid():
        try:
            services.rate_problem(request.user, problem, rating=form.cleaned_data["rating"],
                                  comment=form.cleaned_data["comment"])
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("problems:problem-detail", pk=pk)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "感谢您的评价")
            return redirect("problems:problem-detail", pk=pk)
    return _render_detail(request, problem, bound={"rate": form})


@login_required
@require_GET
def problem_photo(request, pk: int, photo: int, size: str):
    """A problem's attached photo, to whoever may see the problem (also a leader who cannot see the project)."""
    problem = get_object_or_404(queries.problems_visible_to(request.user), pk=pk)
    found = get_object_or_404(problem.photos.all(), pk=photo)
    file = {"full": found.image, "thumb": found.thumbnail}.get(size)
    if file is None:
        raise Http404
    response = FileResponse(file.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response


# Raising ---------------------------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def problem_create(request):
    sources = permissions.possible_sources(request.user)
    projects = permissions.raisable_projects(request.user).order_by("name")
    if not sources:
        raise PermissionDenied
    hq = any(s == Problem.Source.HQ for s in sources)
    initial = {}
    if request.GET.get("project", "").isdigit():
        initial["project"] = int(request.GET["project"])
    form = forms.RaiseForm(request.POST or None, request.FILES or None, projects=projects, sources=sources, hq=hq,
                           region_paths=_region_paths(request.user), initial=initial)
    if request.method == "POST" and form.is_valid():
        problem = _raise(request, form)
        if problem is not None:
            return redirect("problems:problem-detail", pk=problem.pk)
    return render(request, "problems/problem_form.html", {"form": form})


def _raise(request, form) -> Problem | None:
    data = form.cleaned_data
    project: Project = data["project"]
    if data["source"] not in permissions.raise_sources(request.user, project):
        form.add_error("source", "您不能以该来源为此项目反映问题")
        return None
    owner_unit = data.get("owner_unit")
    if owner_unit is not None and not owner_unit.region.path.startswith(project.county.path):
        form.add_error("owner_unit", "承办单位不在该项目所属县（区）")
        return None
    stored, refused = [], []
    for upload in data["photos"]:
        try:
            stored.append(store_photo(request.user, project, upload))
        except ValidationError as exc:
            refused.extend(exc.message_dict.get("photos", exc.messages))
    try:
        problem = services.raise_problem(
            request.user, project, source=data["source"], description=data["description"],
            category=data["category"], owner_unit=owner_unit,
            deadline_days=data.get("deadline_days") or services.DEFAULT_DEADLINE_DAYS, photos=stored,
        )
    except ValidationError as exc:
        _show_errors(form, exc)
        return None
    messages.success(request, "问题已登记" + (f"，附照片{len(stored)}张" if stored else ""))
    for message in refused:
        messages.warning(request, f"{message}；问题已登记，该照片未保存")
    return problem


# Statistics ------------------------------------------------------------------------------------------------------

@login_required
@require_GET
def problem_stats(request):
    if not permissions.can_see_statistics(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    default = {"start": today.replace(month=1, day=1), "end": today}
    form = forms.PeriodForm(request.GET if "start" in request.GET else None, initial=default)
    start, end = form.period(today)
    visible = queries.problems_visible_to(request.user)
    rows = queries.statistics_rows(visible, start, end)
    calendar = load_calendar()
    categories, levels = dict(Problem.Category.choices), dict(Problem.Level.choices)
    backlog = list(visible.filter(status__in=ACTIVE_STATUSES).values_list("raised_on", "level", "level_due_on"))
    return render(request, "problems/problem_stats.html", {
        "form": form,
        "start": start,
        "end": end,
        "total": rules.figures(rows, start, end, calendar),
        "by_unit": rules.breakdown(rows, start, end, calendar, lambda r: r.unit),
        "by_category": [(categories[k], f) for k, f in rules.breakdown(rows, start, end, calendar,
                                                                        lambda r: r.category)],
        "by_level": [(levels[k], f) for k, f in sorted(rules.breakdown(rows, start, end, calendar,
                                                                        lambda r: r.level))],
        "backlog": _backlog(backlog, today),
        "today": today,
    })


def _backlog(rows, today) -> dict:
    """Unsolved problems now, by age and by level, with how many are overdue."""
    ages = {age: 0 for age in rules.Age}
    levels = {level: 0 for level in Problem.Level}
    overdue = 0
    for raised_on, level, due_on in rows:
        ages[rules.age_of(raised_on, today)] += 1
        levels[Problem.Level(level)] += 1
        overdue += today > due_on
    return {"total": len(rows), "overdue": overdue,
            "ages": [(age.label, age.value, n) for age, n in ages.items()],
            "levels": [(level.label, level.value, n) for level, n in levels.items()]}


# The ladder ------------------------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def ladder(request):
    if not permissions.can_set_ladder(request.user):
        raise PermissionDenied
    counties = permissions.ladder_counties(request.user)
    county = _chosen_county(request, counties)
    posts = {p.level: p for p in LadderPost.objects.filter(county=county).select_related("person")}
    levels = [Problem.Level.EXECUTIVE_VICE_HEAD, Problem.Level.COUNTY_HEAD]
    ladder_forms = {}
    for level in levels:
        post = posts.get(level)
        initial = {"person": post.person_id, "deadline_days": post.deadline_days} if post else None
        data = request.POST if request.method == "POST" and request.POST.get("level") == str(level.value) else None
        ladder_forms[level] = forms.LadderPostForm(data, county=county, initial=initial, prefix=f"l{level.value}")
    if request.method == "POST":
        level = next((lv for lv in levels if request.POST.get("level") == str(lv.value)), None)
        if level is None:
            raise Http404
        form = ladder_forms[level]
        if form.is_valid():
            try:
                services.set_ladder_post(request.user, county, level, form.cleaned_data["person"],
                                         form.cleaned_data["deadline_days"])
            except ValidationError as exc:
                _show_errors(form, exc)
            else:
                messages.success(request, f"{level.label}层级已设置")
                return redirect(f"{request.path}?county={county.pk}")
    return render(request, "problems/ladder.html", {
        "county": county,
        "counties": counties if counties.count() > 1 else None,
        "rows": [(level, posts.get(level), ladder_forms[level]) for level in levels],
        "lead_leader_days": conf.LEAD_LEADER_DAYS,
        "default_days": conf.DEFAULT_DEADLINE_DAYS,
    })


def _chosen_county(request, counties) -> Region:
    wanted = request.GET.get("county", "")
    if wanted.isdigit():
        found = counties.filter(pk=int(wanted)).first()
        if found is not None:
            return found
    principal = principal_of(request.user)
    home = principal.home_region
    if home is not None:
        found = counties.filter(pk=home.pk).first()
        if found is not None:
            return found
    return counties.first()

