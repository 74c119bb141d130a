"""The working calendar: everyone signed in reads it, the HQ office keeps it."""

import calendar as pycalendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wumei.calendar import services
from wumei.calendar.forms import SpecialDayForm
from wumei.calendar.models import SpecialDay
from wumei.calendar.rules import WorkCalendar
from wumei.org.models import Role
from wumei.org.principal import principal_of

WEEKDAYS = "一二三四五六日"
YEAR_RANGE = range(2000, 2101)


def warning_text(year: int) -> str:
    return f"{year}年的法定节假日安排尚未录入，系统暂按周一至周五为工作日计算"


def _can_edit(user) -> bool:
    return principal_of(user).has_role(Role.HQ_OFFICE)


def _require_editor(request):
    if not _can_edit(request.user):
        raise PermissionDenied


def _year(raw, default: int) -> int:
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return default
    return year if year in YEAR_RANGE else default


@login_required
@require_GET
def day_list(request):
    """A year's holidays and make-up working days, with a month grid, and a warning for unpublished years."""
    today = timezone.localdate()
    year = _year(request.GET.get("year"), today.year)
    work_calendar = services.load_calendar()
    days = list(SpecialDay.objects.filter(day__year=year).order_by("day"))
    # The selected year first, then the current and next year: a deadline computed today may reach into them.
    warn_years = [y for y in dict.fromkeys([year, today.year, today.year + 1]) if not work_calendar.is_published(y)]
    years = sorted(set(work_calendar.published_years) | {today.year, today.year + 1, year})
    return render(request, "calendar/day_list.html", {
        "year": year,
        "years": years,
        "today": today,
        "days": [(d, WEEKDAYS[d.day.weekday()]) for d in days],
        "holiday_count": sum(1 for d in days if not d.is_working),
        "makeup_count": sum(1 for d in days if d.is_working),
        "warnings": [warning_text(y) for y in warn_years],
        "is_published": work_calendar.is_published(year),
        "months": month_grids(year, work_calendar, {d.day: d.name for d in days}, today),
        "can_edit": _can_edit(request.user),
    })


def month_grids(year: int, work_calendar: WorkCalendar, names: dict, today: datetime.date) -> list[dict]:
    """Twelve months of weeks (Monday first); each cell knows whether it is a working day and why."""
    months = []
    for month in range(1, 13):
        weeks = []
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                working = work_calendar.is_working_day(day)
                special = day in names
                cells.append({
                    "day": day,
                    "working": working,
                    "holiday": special and not working,
                    "makeup": special and working,
                    "weekend": not special and not working,
                    "name": names.get(day, ""),
                    "today": day == today,
                })
            weeks.append(cells)
        months.append({"month": month, "weeks": weeks})
    return months


@login_required
@require_http_methods(["GET", "POST"])
def day_set(request):
    """Add or change one special day (HQ office only)."""
    _require_editor(request)
    initial = {}
    if request.method == "GET" and request.GET.get("day"):
        try:
            day = datetime.date.fromisoformat(request.GET["day"])
        except ValueError:
            day = None
        existing = SpecialDay.objects.filter(day=day).first() if day else None
        if existing:
            initial = {"day": existing.day, "is_working": "1" if existing.is_working else "0", "name": existing.name}
        elif day:
            initial = {"day": day, "is_working": "0" if day.weekday() < 5 else "1"}
    form = SpecialDayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.set_special_day(request.user, data["day"], data["is_working"], data["name"].strip())
        messages.success(request, f"已保存 {data['day']:%Y年%m月%d日}")
        return redirect(f"{reverse('calendar:day-list')}?year={data['day'].year}")
    return render(request, "calendar/day_form.html", {"form": form})


@login_required
@require_POST
def day_clear(request, day):
    """Remove one special day (HQ office only); the date falls back to the Monday–Friday rule."""
    _require_editor(request)
    try:
        date = datetime.date.fromisoformat(day)
    except ValueError as error:
        raise Http404 from error
    # The calendar is one official table for the whole installation: there is no scope to apply.
    special = get_object_or_404(SpecialDay, day=date)
    try:
        services.clear_special_day(request.user, special.day)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已删除 {special.day:%Y年%m月%d日}，该日恢复按周一至周五规则计算")
    return redirect(f"{reverse('calendar:day-list')}?year={special.day.year}")
