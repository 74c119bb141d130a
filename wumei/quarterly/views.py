"""每季必考 pages: the quarters of a county, the assessment method (view, edit, put in force, copy), a quarter's
scores, ranking and awards. Thin: parse → fetch scoped → call a service → render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wumei.core.errors import ValidationError
from wumei.quarterly import forms, indicators, permissions, queries, rules, services
from wumei.quarterly.documents import KIND, overview
from wumei.quarterly.models import AssessmentMethod, Award, ScoringRun


def _messages(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _county(request):
    """The county the page is about: ?county=CODE among the readable ones, else the first; 404 if none."""
    counties = permissions.readable_counties(request.user).order_by("code")
    code = request.GET.get("county") or request.POST.get("county")
    county = counties.filter(code=code).first() if code else counties.first()
    if county is None:
        raise Http404
    return county, counties


def _downloads(run: ScoringRun) -> list[tuple[str, str]]:
    from wumei.documents.views import download_url

    return [("Word", download_url(KIND, run.pk, "docx")), ("PDF", download_url(KIND, run.pk, "pdf"))]


def _scorable_quarters(today) -> list[rules.Quarter]:
    """The ended quarters of this year and last year, latest first."""
    quarters = rules.quarters_ended(today.year, today) + rules.quarters_ended(today.year - 1, today)
    return sorted(quarters, reverse=True)


@login_required
@require_GET
def home(request):
    county, counties = _county(request)
    today = timezone.localdate()
    can_keep = permissions.can_keep(request.user, county)
    runs = list(ScoringRun.objects.filter(county=county).select_related("method")
                .order_by("-year", "-quarter")[:12])
    methods = list(AssessmentMethod.objects.filter(county=county).order_by("-year", "-id")[:12])
    return render(request, "quarterly/home.html", {
        "county": county, "counties": counties if counties.count() > 1 else [], "runs": runs, "methods": methods,
        "can_keep": can_keep, "today": today,
        "score_form": forms.ScoreForm(quarters=_scorable_quarters(today)) if can_keep else None,
        "new_method_form": forms.NewMethodForm(initial={"year": today.year}) if can_keep else None,
        "in_force": services.method_in_force(county, today.year),
    })


@login_required
@require_POST
def method_create(request):
    county, _ = _county(request)
    if not permissions.can_keep(request.user, county):
        raise PermissionDenied
    form = forms.NewMethodForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect(f"{reverse('quarterly:home')}?county={county.code}")
    try:
        method = services.create_method(request.user, county, form.cleaned_data["year"], name=form.cleaned_data["name"])
    except ValidationError as exc:
        messages.error(request, _messages(exc))
        return redirect(f"{reverse('quarterly:home')}?county={county.code}")
    messages.success(request, "已按默认指标和权重新建考核办法草稿，请核对后施行")
    return redirect("quarterly:method-detail", method.pk)


def _method_or_404(request, pk: int) -> AssessmentMethod:
    return get_object_or_404(queries.methods_visible_to(request.user), pk=pk)


@login_required
@require_GET
def method_detail(request, pk: int):
    method = _method_or_404(request, pk)
    labels = indicators.labels()
    groups = []
    for group in rules.Group:
        lines = [line for line in method.lines.all() if line.group == group]
        if lines:
            groups.append((rules.GROUP_LABELS[group], [(labels.get(x.indicator, x.indicator), x.weight,
                                                       indicators.CATALOG.get(x.indicator)) for x in lines]))
    award_rules = [(r, r.spec().describe(labels)) for r in method.award_rules.all()]
    return render(request, "quarterly/method_detail.html", {
        "method": method, "groups": groups, "award_rules": award_rules, "locked": method.is_locked,
        "can_keep": permissions.can_keep(request.user, method.county),
        "runs": list(method.runs.order_by("-year", "-quarter")),
        "catalog": list(indicators.CATALOG.values()),
    })


@login_required
@require_http_methods(["GET", "POST"])
def method_edit(request, pk: int):
    method = _method_or_404(request, pk)
    if not permissions.can_keep(request.user, method.county):
        raise PermissionDenied
    if method.is_locked:
        messages.error(request, services.LOCKED_MESSAGE)
        return redirect("quarterly:method-detail", method.pk)
    errors: list[str] = []
    if request.method == "POST":
        form = forms.MethodForm(request.POST)
        lines = forms.LineFormSet(request.POST, prefix="lines")
        award_rules = forms.AwardRuleFormSet(request.POST, prefix="rules")
        if form.is_valid() and lines.is_valid() and award_rules.is_valid():
            try:
                services.update_method(request.user, method, name=form.cleaned_data["name"],
                                       note=form.cleaned_data["note"], lines=forms.lines_of(lines),
                                       award_rules=forms.award_rules_of(award_rules))
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, "考核办法已保存")
                return redirect("quarterly:method-detail", method.pk)
    else:
        form = forms.MethodForm(initial={"name": method.name, "note": method.note})
        lines = forms.LineFormSet(initial=forms.line_initial(method), prefix="lines")
        award_rules = forms.AwardRuleFormSet(initial=forms.rule_initial(method), prefix="rules")
    return render(request, "quarterly/method_edit.html", {
        "method": method, "form": form, "lines": lines, "award_rules": award_rules, "errors": errors,
    })


@login_required
@require_POST
def method_act(request, pk: int, action: str):
    method = _method_or_404(request, pk)
    if not permissions.can_keep(request.user, method.county):
        raise PermissionDenied
    try:
        if action == "activate":
            services.activate_method(request.user, method)
            messages.success(request, f"{method}已施行")
        elif action == "copy":
            year = request.POST.get("year") or ""
            copy = services.copy_method(request.user, method, int(year) if year.isdigit() else None)
            messages.success(request, f"已复制为{copy.year}年考核办法草稿")
            return redirect("quarterly:method-detail", copy.pk)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, _messages(exc))
    return redirect("quarterly:method-detail", method.pk)


@login_required
@require_POST
def quarter_score(request):
    county, _ = _county(request)
    if not permissions.can_keep(request.user, county):
        raise PermissionDenied
    form = forms.ScoreForm(request.POST, quarters=_scorable_quarters(timezone.localdate()))
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect(f"{reverse('quarterly:home')}?county={county.code}")
    quarter = form.cleaned_data["quarter"]
    try:
        services.score_quarter(county, quarter, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _messages(exc))
        return redirect(f"{reverse('quarterly:home')}?county={county.code}")
    messages.success(request, f"{quarter.label}已评分，请核对得分和拟奖励名单后确认")
    return redirect("quarterly:quarter-detail", county.code, quarter.code)


def _run_or_404(request, code: str, quarter: str) -> ScoringRun:
    try:
        period = rules.parse_quarter(quarter)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(queries.runs_visible_to(request.user), county__code=code, year=period.year,
                             quarter=period.number)


@login_required
@require_GET
def quarter_detail(request, code: str, quarter: str):
    run = _run_or_404(request, code, quarter)
    can_keep = permissions.can_keep(request.user, run.county)
    return render(request, "quarterly/quarter_detail.html", {
        "run": run, "groups": queries.group_scores(run), "awards": queries.awards_of(run),
        "award_counts": queries.award_counts(run), "can_keep": can_keep, "downloads": _downloads(run),
        "add_form": forms.AwardAddForm(run=run) if can_keep else None,
        "remove_form": forms.AwardRemoveForm() if can_keep else None,
        "overview": overview(run),
    })


@login_required
@require_POST
def quarter_act(request, code: str, quarter: str, action: str):
    run = _run_or_404(request, code, quarter)
    if not permissions.can_keep(request.user, run.county):
        raise PermissionDenied
    try:
        if action == "rescore":
            services.score_quarter(run.county, run.period, actor=request.user)
            messages.success(request, "已重新评分")
        elif action == "confirm":
            services.confirm_run(request.user, run)
            messages.success(request, f"{run.period.label}考核结果已确认")
        elif action == "award-add":
            form = forms.AwardAddForm(request.POST, run=run)
            if not form.is_valid():
                raise ValidationError({k: v for k, v in form.errors.items()})
            services.add_award(request.user, run, kind=form.cleaned_data["kind"], score=form.cleaned_data["score"],
                               reason=form.cleaned_data["reason"])
            messages.success(request, "已增补奖项")
        elif action == "award-remove":
            award = get_object_or_404(Award, run=run, pk=request.POST.get("award") or 0)
            services.remove_award(request.user, award, reason=request.POST.get("reason", ""))
            messages.success(request, f"已撤销{award.name}的{award.get_kind_display()}")
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, _messages(exc))
    return redirect("quarterly:quarter-detail", run.county.code, run.period.code)
