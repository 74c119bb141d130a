"""The cockpit pages: figures, charts, the meeting-room screen, Excel exports and the monthly statistics."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wumei.cockpit import export, forms, queries, services
from wumei.cockpit.cache import cached_figures
from wumei.cockpit.figures import KIND_KEYS, LEVEL_KEYS
from wumei.cockpit.present import chart_data, figure_sections, pct, tables
from wumei.cockpit.rules import gap_text
from wumei.core.errors import ValidationError
from wumei.core.money import format_money

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFRESH_SECONDS = 300
CHART_TITLES = [
    ("monthly", "月度投资完成与序时进度（亿元）"), ("stage", "项目阶段分布"), ("rag", "项目状态（红黄绿）"),
    ("chain", "产业链项目分布"), ("place", "乡镇（园区）项目分布"), ("ageing", "未解决问题时长"),
]


def _require_cockpit(request):
    if not queries.sees_cockpit(request.user):
        raise PermissionDenied


def _figures_for(request):
    """Parse the pickers → the scoped region and day → figures (region outside scope: 404)."""
    today = timezone.localdate()
    regions = list(queries.regions_visible_to(request.user).order_by("path"))
    form = forms.PickerForm(request.GET or None, regions=regions)
    on = form.day(today)
    region = queries.region_for(request.user, request.GET.get("region"))
    form.initial = {"on": on, "region": region.code}
    result, computed_at = cached_figures(region, on)
    request.cockpit_computed_at = computed_at
    return form, result, region


def _context(request, screen: bool = False) -> dict:
    form, result, region = _figures_for(request)
    cockpit_url = reverse("cockpit:screen" if screen else "cockpit:home")
    for c in result.counties:
        c["plan_text"], c["done_text"] = format_money(c["plan"]), format_money(c["done"])
    investment_rows = []
    for key in (*LEVEL_KEYS, *KIND_KEYS):
        i = result.investment[key]
        if not i["plan"] and key not in ("all",):
            continue
        investment_rows.append({"label": i["label"], "plan": format_money(i["plan"]), "done": format_money(i["done"]),
                                "rate": pct(i["completion_percent"]),
                                "gap": "—" if i["gap_points"] is None else gap_text(i["gap_points"])})
    return {
        "chart_titles": CHART_TITLES, "investment_rows": investment_rows, "top_units": result.by_unit[:8],
        "screen": screen,
        "form": form, "f": result, "region": region, "sections": figure_sections(result),
        "charts": chart_data(result, cockpit_url), "query": request.GET.urlencode(),
        "parent": region.parent if region.parent_id and queries.regions_visible_to(request.user)
        .filter(pk=region.parent_id).exists() else None,
        "refresh_seconds": REFRESH_SECONDS, "computed_at": request.cockpit_computed_at,
    }


@login_required
@require_GET
def home(request):
    _require_cockpit(request)
    return render(request, "cockpit/home.html", _context(request))


@login_required
@require_GET
def screen(request):
    _require_cockpit(request)
    return render(request, "cockpit/screen.html", _context(request, screen=True))


@login_required
@require_GET
def export_table(request, table: str):
    _require_cockpit(request)
    _, result, region = _figures_for(request)
    found = tables(result).get(table)
    if found is None:
        raise Http404("没有该报表")
    title, headers, rows = found
    body = export.workbook_bytes(title=title, region_name=region.name, on=result.on, headers=headers, rows=rows)
    response = HttpResponse(body, content_type=XLSX)
    name = f"{region.name}{title}_{result.on:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# ------------------------------------------------------------------------------------------------ statistics


def _save_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@login_required
@require_http_methods(["GET", "POST"])
def statistics(request):
    if not queries.sees_cockpit(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    can_edit = queries.can_edit_statistics(request.user)
    regions = list(queries.statistics_regions(request.user).order_by("path")) if can_edit else []
    initial = {"year": today.year, "month": max(1, today.month - 1)}
    if request.GET.get("region"):
        initial["region"] = request.GET["region"]
    form = forms.StatisticForm(request.POST if request.method == "POST" else None, regions=regions, initial=initial)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            region = next(r for r in regions if r.code == data["region"])
            try:
                stat = services.save_statistic(
                    request.user, region, year=data["year"], month=data["month"], fai_amount=data["fai_amount"],
                    fai_growth=data["fai_growth"], gdp_growth=data["gdp_growth"],
                    industry_growth=data["industry_growth"], today=today)
            except ValidationError as exc:
                _save_errors(form, exc)
            else:
                messages.success(request, f"已保存{stat}")
                return redirect("cockpit:statistics")
    rows = queries.statistics_visible_to(request.user).select_related("region").order_by(
        "-year", "-month", "region__path")[:240]
    return render(request, "cockpit/statistics.html", {
        "form": form, "import_form": forms.ImportForm(), "rows": rows, "can_edit": can_edit,
    })


@login_required
@require_POST
def statistics_import(request):
    if not queries.can_edit_statistics(request.user):
        raise PermissionDenied
    form = forms.ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("cockpit:statistics")
    try:
        counts = services.import_statistics(request.user, form.cleaned_data["file"], today=timezone.localdate())
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
        messages.error(request, "导入未执行：文件中有错误，全部数据均未保存，请改正后重新导入。")
    else:
        messages.success(request, f"导入成功：新增{counts['created']}条，更新{counts['updated']}条。")
    return redirect("cockpit:statistics")
