"""每日必盯 pages: the liaison's projects and report form (phone first), the HQ office's missing reports,
ranking and calendar heat-map, and the daily digest. Thin: parse → fetch scoped → call a service → render."""

import dataclasses
import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from wumei.calendar.services import load_calendar
from wumei.core.errors import ValidationError
from wumei.daily import conf, queries, rules
from wumei.daily.forms import DailyReportForm, PeriodForm, parse_day, parse_month, plain_number
from wumei.daily.models import DailyReport
from wumei.daily.services import starting_values, submit_daily_report, submit_unchanged
from wumei.org.models import Role
from wumei.org.principal import principal_of
from wumei.photos.models import Photo
from wumei.problems.models import Problem
from wumei.projects.models import Progress, Project, StageChange
from wumei.projects.queries import can_edit, projects_visible_to

PAGE_SIZE = 30
DIGEST_TOP = 10  # the digest names the ten largest investment increases and sums the rest


def _now_local() -> datetime.datetime:
    return timezone.localtime().replace(tzinfo=None)


@login_required
def home(request):
    """Where 每日必盯 starts for each role: a liaison's projects, the HQ's missing reports, a unit's calendar."""
    user = request.user
    if queries.liaison_unit_ids(user):
        return redirect("daily:mine")
    if queries.sees_whole_region(user):
        return redirect("daily:overview")
    unit_ids = principal_of(user).unit_ids({Role.UNIT_HEAD})
    if unit_ids:
        return redirect("daily:unit-calendar", unit_id=unit_ids[0])
    return redirect("daily:digest")


# ---------------------------------------------------------------- the liaison


@login_required
def mine(request):
    """我的项目: every project the liaison reports on, with today's state and one-tap "无变化"."""
    now = _now_local()
    today, cutoff, calendar = now.date(), conf.cutoff(), load_calendar()
    last_report = DailyReport.objects.filter(project=OuterRef("pk")).order_by("-report_on")
    last_progress = Progress.objects.filter(project=OuterRef("pk"), as_of__lt=today,
                                            cumulative_investment__isnull=False).order_by("-as_of")
    projects = list(
        queries.liaison_projects(request.user).select_related("responsible_unit")
        .annotate(last_report_on=Subquery(last_report.values("report_on")[:1]),
                  last_cumulative=Subquery(last_progress.values("cumulative_investment")[:1]))
        .order_by("responsible_unit__name", "name", "pk")
    )
    obligations = {ob.project_id: ob for ob in queries.obligations(Project.objects.filter(
        pk__in=[p.pk for p in projects]))}
    todays = {r.project_id: r for r in DailyReport.objects.filter(project__in=[p.pk for p in projects],
                                                                 report_on=today)}
    rows = []
    for project in projects:
        ob = obligations.get(project.pk)
        if ob is not None and ob.last_day is not None and ob.last_day < today:
            continue  # completed and operating: no more daily reports
        report = todays.get(project.pk)
        expected = ob is not None and rules.is_expected(ob, today, calendar)
        state = rules.day_state(expected=expected, report_is_late=report.is_late if report else None, day=today,
                                now_local=now, cutoff=cutoff)
        rows.append({"project": project, "report": report, "state": state,
                     "can_repeat": report is None and project.last_report_on is not None})
    states = [row["state"] for row in rows]
    return render(request, "daily/mine.html", {
        "rows": rows, "today": today, "cutoff": cutoff, "is_working_day": calendar.is_working_day(today),
        "count_expected": sum(s != rules.DayState.NOT_EXPECTED for s in states),
        "count_done": sum(s in (rules.DayState.REPORTED, rules.DayState.LATE) for s in states),
        "count_open": sum(s in (rules.DayState.PENDING, rules.DayState.MISSING) for s in states),
        "after_cutoff": now >= rules.cutoff_of(today, cutoff),
    })


def _editable_project(request, pk: int) -> Project:
    """A project the user may see (else 404) and report on (else 403)."""
    project = get_object_or_404(projects_visible_to(request.user).select_related("county", "responsible_unit"),
                                pk=pk)
    if not can_edit(request.user, project):
        raise PermissionDenied("您可以查看该项目，但不负责填报它的日报")
    return project


def _after_submit(request, submission) -> str:
    report = submission.report
    text = f"已提交「{report.project.name}」{report.report_on:%m月%d日}日报"
    if not submission.created:
        text += f"（第{report.revision}次更新）"
    if report.is_late:
        text += "；该日报晚于截止时间，记为迟报"
    messages.success(request, text)
    if submission.refused_photos:
        for message in submission.refused_photos:
            messages.warning(request, f"{message}。日报其余内容已保存，可重新上传照片。")
        return reverse("daily:report-form", args=[report.project_id]) + f"?on={report.report_on:%Y-%m-%d}"
    if queries.liaison_unit_ids(request.user):
        return reverse("daily:mine")
    return reverse("daily:report-detail", args=[report.pk])


@login_required
@require_http_methods(["GET", "POST"])
def report_form(request, pk: int):
    """The phone form, pre-filled with the last values: unchanged projects take one tap."""
    project = _editable_project(request, pk)
    today = timezone.localdate()
    day = parse_day(request.POST.get("report_on") or request.GET.get("on"), today)
    values = starting_values(project, day)
    initial = {"report_on": day, "image_progress": values.image_progress,
               "cumulative_investment": plain_number(values.cumulative_investment), "stage": values.stage,
               "problem_category": Problem.Category.OTHER}
    if values.existing is not None:
        initial.update(investment_reason=values.existing.investment_reason,
                       stage_reason=values.existing.stage_reason)
    form = DailyReportForm(request.POST or None, initial=initial)
    if request.method == "POST":
        try:
            if request.POST.get("unchanged"):
                submission = submit_unchanged(request.user, project, report_on=day)
            elif form.is_valid():
                submission = submit_daily_report(request.user, project, **form.submission(),
                                                 photos=request.FILES.getlist("photos"))
            else:
                submission = None
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            if submission is not None:
                return redirect(_after_submit(request, submission))
    existing = values.existing
    return render(request, "daily/report_form.html", {
        "project": project, "form": form, "day": day, "today": today, "values": values,
        "photos": list(existing.photos.all()) if existing else [],
        "cutoff": conf.cutoff(), "max_photos": conf.MAX_PHOTOS,
        "show_reasons": bool(form.errors.get("investment_reason") or form.errors.get("stage_reason")
                             or (existing and (existing.investment_reason or existing.stage_reason))),
    })


def _show_errors(form, exc: ValidationError) -> None:
    if not form.is_bound or not hasattr(form, "cleaned_data"):
        form.is_valid()
    for field_name, errors in exc.message_dict.items():
        form.add_error(field_name if field_name in form.fields else None, errors)


@login_required
@require_POST
def report_unchanged(request, pk: int):
    """The list's one-tap "无变化": today's report with yesterday's values."""
    project = _editable_project(request, pk)
    try:
        submission = submit_unchanged(request.user, project)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, f"「{project.name}」{message}")
        return redirect("daily:report-form", pk=project.pk)
    return redirect(_after_submit(request, submission))


@login_required
def report_detail(request, pk: int):
    report = get_object_or_404(
        queries.reports_visible_to(request.user).select_related("project__responsible_unit", "reporter")
        .prefetch_related("photos", Prefetch("problems", queryset=Problem.objects.select_related("owner_unit"))),
        pk=pk,
    )
    return render(request, "daily/report_detail.html", {
        "report": report, "can_edit": can_edit(request.user, report.project),
    })


@login_required
def project_reports(request, pk: int):
    project = get_object_or_404(projects_visible_to(request.user), pk=pk)
    reports = DailyReport.objects.filter(project=project).order_by("-report_on")
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "daily/project_reports.html", {
        "project": project, "page": page, "can_edit": can_edit(request.user, project),
    })


# ---------------------------------------------------------------- the HQ office


def _followed_projects(request):
    if not queries.can_follow_compliance(request.user):
        raise PermissionDenied("只有指挥部办公室、县领导和责任单位可以查看日报报送情况")
    return queries.compliance_projects(request.user)


@login_required
def overview(request):
    """A day's missing reports by unit with their liaisons and chases, and its late ones."""
    projects = _followed_projects(request)
    now, calendar = _now_local(), load_calendar()
    day = min(parse_day(request.GET.get("on"), now.date()), now.date())
    result = queries.compliance(projects, day, day, calendar)
    missing = queries.missing_on(projects, day, calendar)
    late = list(DailyReport.objects.filter(project__in=projects, report_on=day, is_late=True)
                .select_related("project__responsible_unit").order_by("project__responsible_unit__name", "pk"))
    unit_ids = set(missing) | {u for u, _ in result.cells}
    units = queries.units_by_id(unit_ids)
    liaisons = queries.liaisons_by_unit(missing)
    chases = {}
    for chase in queries.chases_on(missing, day, day):
        chases.setdefault((chase.unit_id, chase.person_id), chase)
    by_unit = result.by_unit()
    groups = []
    for unit_id, items in sorted(missing.items(), key=lambda kv: (-len(kv[1]), units[kv[0]].name)):
        people = [(person, chases.get((unit_id, person.pk))) for person in liaisons.get(unit_id, [])]
        groups.append({"unit": units[unit_id], "projects": items, "liaisons": people,
                       "unstaffed_chase": chases.get((unit_id, None)),
                       "expected": by_unit.get(unit_id, rules.Tally()).expected})
    return render(request, "daily/overview.html", {
        "day": day, "today": now.date(), "is_working_day": calendar.is_working_day(day),
        "total": result.total(), "groups": groups, "late": late,
        "after_cutoff": now >= rules.cutoff_of(day, conf.cutoff()), "cutoff": conf.cutoff(),
        "previous_day": calendar.add_working_days(day, -1),
        "next_day": calendar.add_working_days(day, 1) if day < now.date() else None,
        "show_phones": principal_of(request.user).has_role(Role.HQ_OFFICE),
        "whole_region": queries.sees_whole_region(request.user),
    })


def _presets(today: datetime.date, calendar) -> list[tuple[str, datetime.date, datetime.date]]:
    week_start = today - datetime.timedelta(days=today.weekday())
    last_month_end = today.replace(day=1) - datetime.timedelta(days=1)
    quarter_start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    return [
        ("今天", today, today),
        ("本周", week_start, today),
        ("本月", today.replace(day=1), today),
        ("上月", last_month_end.replace(day=1), last_month_end),
        ("本季度", quarter_start, today),
        ("本年", today.replace(month=1, day=1), today),
    ]


@login_required
def compliance(request):
    """Units ranked by on-time reporting rate over any period."""
    projects = _followed_projects(request)
    today, calendar = timezone.localdate(), load_calendar()
    form = PeriodForm(request.GET or None, today=today)
    start, end = form.period()
    result = queries.compliance(projects, start, min(end, today), calendar) if start <= today else \
        rules.Compliance(days=[])
    tallies = result.by_unit()
    units = queries.units_by_id(tallies)
    names = {pk: unit.name for pk, unit in units.items()}
    ranking = [{"rank": rank, "unit": units[unit_id], "tally": tally}
               for rank, unit_id, tally in rules.rank_units(tallies, names)]
    return render(request, "daily/compliance.html", {
        "form": form, "start": start, "end": end, "ranking": ranking, "total": result.total(),
        "working_days": len(result.days), "presets": _presets(today, calendar),
    })


@login_required
def unit_calendar(request, unit_id: int):
    """One unit's month as a heat-map of its daily on-time rate, and each project's month."""
    # Outside the user's scope (or without any) the unit is not there: 404.
    projects = queries.compliance_projects(request.user).filter(responsible_unit_id=unit_id)
    unit = queries.units_by_id([unit_id]).get(unit_id)
    if unit is None or not projects.exists():
        raise Http404
    today, calendar = timezone.localdate(), load_calendar()
    year, month = parse_month(request.GET.get("month"), today)
    first, last = rules.month_bounds(year, month)
    obligations = queries.obligations(projects)
    reports = list(DailyReport.objects.filter(project__in=projects, report_on__range=(first, min(last, today)))
                   .order_by().values_list("project_id", "report_on", "is_late"))
    by_day = rules.compliance(obligations, reports, first, min(last, today), calendar).by_day()
    # The same sums with each project as its own "unit": the per-project lines of the month.
    per_project = rules.compliance([dataclasses.replace(ob, unit_id=ob.project_id) for ob in obligations],
                                   reports, first, min(last, today), calendar)
    project_tallies = per_project.by_unit()
    missed: dict[int, list[datetime.date]] = {}
    for (project_id, day), tally in sorted(per_project.cells.items(), key=lambda kv: kv[0][1]):
        if tally.missing:
            missed.setdefault(project_id, []).append(day)
    weeks = [[None if day is None else {
        "day": day, "tally": by_day.get(day),
        "level": rules.heat_level(day, today, by_day.get(day), calendar.is_working_day(day)),
    } for day in week] for week in rules.month_grid(year, month)]
    month_total = rules.Tally()
    for tally in by_day.values():
        month_total.add(tally)
    project_rows = [{"project": p, "tally": project_tallies.get(p.pk, rules.Tally()), "missed": missed.get(p.pk, [])}
                    for p in projects.order_by("name", "pk")]
    previous, following = rules.shift_month(year, month, -1), rules.shift_month(year, month, 1)
    return render(request, "daily/unit_calendar.html", {
        "unit": unit, "year": year, "month": month, "weeks": weeks, "weekdays": rules.WEEKDAYS,
        "total": month_total, "projects": project_rows,
        "chases": list(queries.chases_on([unit_id], first, last)),
        "previous_month": f"{previous[0]}-{previous[1]:02d}",
        "next_month": f"{following[0]}-{following[1]:02d}" if (year, month) < (today.year, today.month) else None,
        "levels": [(rules.HeatLevel.FULL, "100%"), (rules.HeatLevel.GOOD, "≥90%"), (rules.HeatLevel.FAIR, "≥70%"),
                   (rules.HeatLevel.POOR, "<70%"), (rules.HeatLevel.ZERO, "0"), (rules.HeatLevel.REST, "休息日")],
        "whole_region": queries.sees_whole_region(request.user),
    })


# ---------------------------------------------------------------- the digest


@login_required
def digest(request):
    """What changed on a day across the projects the reader may see: stage changes, investment added, new
    problems, photos. One screen, printable on A4."""
    visible = projects_visible_to(request.user)
    today, calendar = timezone.localdate(), load_calendar()
    if request.GET.get("on"):
        day = min(parse_day(request.GET.get("on"), today), today)
    else:
        latest = DailyReport.objects.filter(project__in=visible, report_on__lte=today).order_by("-report_on")
        day = latest.values_list("report_on", flat=True).first() or today
    reports = list(DailyReport.objects.filter(project__in=visible, report_on=day)
                   .select_related("project__responsible_unit").order_by("project__name", "pk"))
    invested = sorted((r for r in reports if r.investment_added and r.investment_added > 0),
                      key=lambda r: -r.investment_added)
    stage_changes = list(StageChange.objects.filter(project__in=visible, changed_at__date=day)
                         .exclude(from_stage="").select_related("project").order_by("changed_at", "pk"))
    problems = list(Problem.objects.filter(project__in=visible, raised_on=day)
                    .select_related("project", "owner_unit").order_by("pk"))
    photos = list(Photo.objects.filter(project__in=visible, uploaded_at__date=day)
                  .select_related("project").order_by("-uploaded_at", "-pk")[:24])
    tally = queries.compliance(visible, day, day, calendar).total()
    rest = invested[DIGEST_TOP:]
    return render(request, "daily/digest.html", {
        "day": day, "today": today, "reports": reports, "invested": invested[:DIGEST_TOP],
        "invested_total": sum((r.investment_added for r in invested), start=Decimal(0)),
        "invested_rest": len(rest), "invested_rest_total": sum((r.investment_added for r in rest), start=Decimal(0)),
        "stage_changes": stage_changes, "problems": problems, "photos": photos, "tally": tally,
        "is_working_day": calendar.is_working_day(day),
        "previous_day": day - datetime.timedelta(days=1),
        "next_day": day + datetime.timedelta(days=1) if day < today else None,
        "late_count": sum(r.is_late for r in reports),
        "can_follow": queries.can_follow_compliance(request.user),
    })

