"""Pages of the reception day: the year's months, a day with its visits, and the forms. Thin: parse → fetch
scoped → call a service → render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wumei.calendar.services import load_calendar
from wumei.core.errors import ValidationError
from wumei.org.models import Region, Unit
from wumei.org.principal import REGION_READERS, principal_of
from wumei.projects.models import Project
from wumei.reception import forms, permissions, queries, rules, services
from wumei.reception.models import ReceptionDay, ReceptionVisit


def _show_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _counties(user):
    """The counties whose reception days the user reads: those of his region roles, or of the days he receives."""
    principal = principal_of(user)
    counties = Region.objects.filter(level=Region.Level.COUNTY).order_by("code")
    if principal.is_superuser:
        return counties
    paths = principal.region_paths(REGION_READERS)
    ids = set(permissions.days_visible_to(user).values_list("county_id", flat=True))
    return [c for c in counties if c.pk in ids or any(c.path.startswith(p) for p in paths)]


def _year(raw: str, default: int) -> int:
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default


@login_required
@require_GET
def day_list(request):
    today = timezone.localdate()
    counties = list(_counties(request.user))
    code = request.GET.get("county", "")
    county = next((c for c in counties if c.code == code), counties[0] if counties else None)
    year = _year(request.GET.get("year", ""), today.year)
    lines = []
    if county is not None:
        lines = queries.year_months(permissions.days_visible_to(request.user), county, year, load_calendar())
    return render(request, "reception/day_list.html", {
        "counties": counties, "county": county, "year": year, "lines": lines, "today": today,
        "can_keep": county is not None and permissions.can_keep(request.user, county),
        "years": range(today.year - 2, today.year + 2),
    })


def _day_or_404(request, pk: int) -> ReceptionDay:
    return get_object_or_404(permissions.days_visible_to(request.user).select_related("county"), pk=pk)


def _render_day(request, day: ReceptionDay, answer_forms: dict | None = None, status: int = 200):
    visits = list(day.visits.select_related("enterprise", "project").prefetch_related("problems"))
    answer_forms = answer_forms or {}
    can_keep = permissions.can_keep(request.user, day.county)
    for visit in visits:
        visit.answer_form = answer_forms.get(visit.pk) or forms.AnswerForm(
            prefix=f"v{visit.pk}", initial={"answer": visit.answer, "answered_on": visit.answered_on
                                            or timezone.localdate()})
    return render(request, "reception/day_detail.html", {
        "day": day, "leaders": list(day.leaders.all()), "visits": visits, "can_keep": can_keep,
        "answered": sum(1 for v in visits if v.answer), "problem_count": sum(len(v.problems.all()) for v in visits),
    }, status=status)


@login_required
@require_GET
def day_detail(request, pk: int):
    return _render_day(request, _day_or_404(request, pk))


def _keepable_county_or_404(request, code: str) -> Region:
    county = permissions.keepable_counties(request.user).filter(code=code).first()
    if county is None:
        if not permissions.keepable_counties(request.user).exists():
            raise PermissionDenied
        raise Http404
    return county


@login_required
@require_http_methods(["GET", "POST"])
def day_form(request):
    """Set (or change) a month's reception day: ?county=<code>&month=YYYY-MM."""
    counties = permissions.keepable_counties(request.user).order_by("code")
    if not counties.exists():
        raise PermissionDenied
    county = _keepable_county_or_404(request, request.GET.get("county") or counties.first().code)
    try:
        month = datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        month = timezone.localdate().replace(day=1)
    existing = ReceptionDay.objects.filter(county=county, month=month).first()
    if existing is not None:
        initial = {"held_on": existing.held_on, "leaders": list(existing.leaders.values_list("pk", flat=True)),
                   "venue": existing.venue, "note": existing.note}
    else:
        initial = {"held_on": rules.proposed_reception_day(month.year, month.month, load_calendar().is_working_day)}
    form = forms.DayForm(request.POST or None, initial=initial, leaders=queries.leaders_of(county))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if (data["held_on"].year, data["held_on"].month) != (month.year, month.month):
            form.add_error("held_on", f"接待日期须在{month.year}年{month.month}月内")
        else:
            try:
                day = services.set_reception_day(request.user, county, held_on=data["held_on"],
                                                 leaders=data["leaders"], venue=data["venue"], note=data["note"])
            except ValidationError as exc:
                _show_errors(form, exc)
            else:
                messages.success(request, f"{month.year}年{month.month}月企业家接待日已确定")
                return redirect("reception:day-detail", pk=day.pk)
    return render(request, "reception/day_form.html", {"form": form, "county": county, "month": month,
                                                         "existing": existing})


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request, pk: int):
    day = _day_or_404(request, pk)
    if not permissions.can_keep(request.user, day.county):
        raise PermissionDenied
    county = day.county
    enterprises = Unit.objects.filter(kind=Unit.Kind.ENTERPRISE, region__path__startswith=county.path,
                                      is_active=True).order_by("name")
    projects = Project.objects.filter(county__path__startswith=county.path).order_by("name")
    form = forms.VisitForm(request.POST or None, enterprises=enterprises, projects=projects,
                           initial={"answered_on": day.held_on})
    problem_forms = forms.ProblemFormSet(request.POST or None, prefix="problem",
                                         form_kwargs={"units": forms.owner_units(county)})
    if request.method == "POST" and form.is_valid() and problem_forms.is_valid():
        data = form.cleaned_data
        opened = [services.OpenedProblem(description=p["description"], category=p["category"],
                                         owner_unit=p.get("owner_unit"), deadline_days=p["deadline_days"])
                  for p in problem_forms.cleaned_data if p and (p.get("description") or "").strip()]
        try:
            services.record_visit(
                request.user, day, visitor_name=data["visitor_name"], visitor_title=data["visitor_title"],
                enterprise=data["enterprise"], project=data["project"], request=data["request"], problems=opened,
                answer=data["answer"], answered_on=data["answered_on"] if data["answer"] else None)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, f"来访已登记{f'，{len(opened)}个问题已转入问题清单' if opened else ''}")
            return redirect("reception:day-detail", pk=day.pk)
    return render(request, "reception/visit_form.html", {"form": form, "problem_forms": problem_forms, "day": day})


@login_required
@require_POST
def visit_answer(request, pk: int):
    visit = get_object_or_404(ReceptionVisit.objects.filter(day__in=permissions.days_visible_to(request.user))
                              .select_related("day__county"), pk=pk)
    if not permissions.can_keep(request.user, visit.day.county):
        raise PermissionDenied
    form = forms.AnswerForm(request.POST, prefix=f"v{visit.pk}")
    if form.is_valid():
        try:
            services.answer_visit(request.user, visit, answer=form.cleaned_data["answer"],
                                  answered_on=form.cleaned_data["answered_on"])
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "答复已登记")
            return redirect("reception:day-detail", pk=visit.day_id)
    return _render_day(request, visit.day, answer_forms={visit.pk: form}, status=400)
