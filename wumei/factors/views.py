"""要素保障 pages: the requests (list with filters and counts, detail with the HQ office's actions, new request)
and the parks' land cleanup table. Thin: parse → fetch scoped → call a service → render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wumei.core.errors import ConflictError, ValidationError
from wumei.factors import forms, permissions, queries, rules, services
from wumei.factors.models import FactorRequest
from wumei.org.models import Unit

PAGE_SIZE = 25


def _show_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_GET
def request_list(request):
    today = timezone.localdate()
    form = forms.RequestFilterForm(request.GET or None)
    filters = form.filters()
    visible = permissions.requests_visible_to(request.user)
    rows = queries.filter_requests(visible, on=today, **filters)
    page = Paginator(rows.select_related("project", "deciding_unit").order_by("need_by", "id"),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.overdue = row.is_overdue_on(today)
    return render(request, "factors/request_list.html", {
        "form": form, "page": page, "filtered": bool(filters), "counts": queries.counts(visible, today),
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "can_create": permissions.can_request_any(request.user),
        "can_land": permissions.land_counties(request.user).exists(), "today": today,
    })


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    projects = permissions.requestable_projects(request.user).order_by("name")
    if not permissions.can_request_any(request.user):
        raise PermissionDenied
    form = forms.RequestForm(request.POST or None, projects=projects,
                             initial={"project": request.GET.get("project")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.create_request(
                request.user, data["project"], kind=data["kind"], quantity=data["quantity"], need_by=data["need_by"],
                purpose=data["purpose"], land_source=data["land_source"], fund_channel=data["fund_channel"],
                sub_kind=data["sub_kind"])
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "要素保障需求已提交")
            return redirect("factors:request-detail", created.pk)
    return render(request, "factors/request_form.html", {"form": form})


def _request_or_404(request, pk: int) -> FactorRequest:
    qs = permissions.requests_visible_to(request.user).select_related(
        "project__county", "project__responsible_unit", "project__owner", "deciding_unit", "requested_by")
    return get_object_or_404(qs, pk=pk)


def _action_forms(factor: FactorRequest, today: datetime.date, data=None, action: str = "") -> dict:
    built = {}
    for name in rules.next_actions(factor.status):
        bound = data if name == action else None
        if name == "consult":
            built[name] = forms.ConsultForm(bound, prefix=name)
        elif name == "decide":
            built[name] = forms.DecideForm(bound, prefix=name, units=forms.deciding_units(factor.project.county),
                                           initial={"decided_on": today,
                                                    "deciding_unit": factor.project.responsible_unit_id})
        elif name == "deliver":
            built[name] = forms.DeliverForm(bound, prefix=name, initial={"delivered_on": today})
        elif name == "decline":
            built[name] = forms.DeclineForm(bound, prefix=name)
    return built


def _detail(request, factor: FactorRequest, action_forms: dict | None = None, status: int = 200):
    today = timezone.localdate()
    can_move = permissions.can_move(request.user, factor)
    if action_forms is None:
        action_forms = _action_forms(factor, today) if can_move else {}
    return render(request, "factors/request_detail.html", {
        "factor": factor, "overdue": factor.is_overdue_on(today),
        "transitions": factor.transitions.select_related("actor").order_by("at", "id"),
        "action_forms": [(name, rules.ACTION_LABELS[name], f) for name, f in action_forms.items()],
        "decisions": factor.decisions.select_related("consultation", "task").order_by("id"),
    }, status=status)


@login_required
@require_GET
def request_detail(request, pk: int):
    return _detail(request, _request_or_404(request, pk))


@login_required
@require_POST
def request_act(request, pk: int, action: str):
    factor = _request_or_404(request, pk)
    if action not in rules.ACTION_LABELS:
        raise Http404
    if not permissions.can_move(request.user, factor):
        raise PermissionDenied
    today = timezone.localdate()
    action_forms = _action_forms(factor, today, request.POST, action)
    form = action_forms.get(action)
    if form is None:
        messages.error(request, f"该需求{factor.get_status_display()}，不能{rules.ACTION_LABELS[action]}")
        return redirect("factors:request-detail", factor.pk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "consult":
                services.consult_request(request.user, factor, note=data["note"], today=today)
            elif action == "decide":
                services.decide_request(request.user, factor, deciding_unit=data["deciding_unit"],
                                        decision=data["decision"], decided_on=data["decided_on"], today=today)
            elif action == "deliver":
                services.deliver_request(request.user, factor, delivered_on=data["delivered_on"],
                                         delivered_quantity=data["delivered_quantity"], today=today)
            else:
                services.decline_request(request.user, factor, reason=data["reason"], today=today)
        except ValidationError as exc:
            _show_errors(form, exc)
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("factors:request-detail", factor.pk)
        else:
            messages.success(request, f"已{rules.ACTION_LABELS[action]}")
            return redirect("factors:request-detail", factor.pk)
    return _detail(request, factor, action_forms, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def land_cleanup(request):
    today = timezone.localdate()
    counties = permissions.land_counties(request.user)
    if not counties.exists():
        raise Http404
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    keeping = list(permissions.land_keeping_counties(request.user).order_by("code"))
    form = None
    if keeping:
        under = Q(pk__in=[])
        for county in keeping:
            under |= Q(region__path__startswith=county.path)
        parks = Unit.objects.filter(under, kind=Unit.Kind.PARK, is_active=True).select_related("region")
        form = forms.LandCleanupForm(request.POST or None, parks=parks.order_by("name"),
                                     initial={"month": forms.default_month(today)})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            park = data["park"]
            county = next(c for c in keeping if park.region.path.startswith(c.path))
            try:
                services.record_land_cleanup(request.user, county, park, data["month"], note=data["note"],
                                             figures={n: data[n] for n in services.LAND_FIGURES})
            except ValidationError as exc:
                _show_errors(form, exc)
            else:
                messages.success(request, f"{park.name}{data['month']:%Y年%m月}土地清理数据已保存")
                return redirect(f"{request.path}?year={data['month'].year}")
    elif request.method == "POST":
        raise PermissionDenied
    table = queries.land_table(counties.values_list("pk", flat=True), year)
    return render(request, "factors/land_cleanup.html", {
        "form": form, "year": year, "years": list(range(today.year, today.year - 4, -1)), **table,
    }, status=400 if form is not None and form.is_bound and form.errors else 200)
