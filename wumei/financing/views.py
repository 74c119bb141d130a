"""Pages of the financing follow-up: the request list, a request with its follow-ups, the form, monthly totals."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from wumei.core.errors import ValidationError
from wumei.financing import forms, permissions, queries, rules, services
from wumei.financing.models import LoanRequest
from wumei.projects.models import Project

PAGE_SIZE = 25


def _show_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_GET
def request_list(request):
    visible = permissions.requests_visible_to(request.user)
    form = forms.FilterForm(request.GET or None)
    qs = visible
    if form.is_bound and form.is_valid():
        if form.cleaned_data.get("status"):
            qs = qs.filter(status=form.cleaned_data["status"])
        if form.cleaned_data.get("year"):
            qs = qs.filter(requested_on__year=form.cleaned_data["year"])
    page = Paginator(qs.select_related("enterprise", "project").order_by("-requested_on", "-id"),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "financing/request_list.html", {
        "form": form, "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "can_create": permissions.requestable_enterprises(request.user).exists(),
        "can_read_totals": permissions.can_read_totals(request.user),
    })


def _statuses_for(user, loan: LoanRequest) -> list[str]:
    if not permissions.is_hq(user, loan.county):
        return []
    return sorted(rules.TRANSITIONS.get(loan.status, set()), key=LoanRequest.Status.values.index)


def _render_detail(request, loan: LoanRequest, form=None, status: int = 200):
    today = timezone.localdate()
    can_follow = permissions.can_follow_up(request.user, loan)
    if form is None and can_follow:
        form = forms.FollowUpForm(statuses=_statuses_for(request.user, loan), today=today)
    return render(request, "financing/request_detail.html", {
        "loan": loan, "follow_ups": list(loan.follow_ups.select_related("actor__person")),
        "form": form if can_follow else None,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request, pk: int):
    loan = get_object_or_404(permissions.requests_visible_to(request.user)
                             .select_related("enterprise", "project", "county"), pk=pk)
    if request.method == "GET":
        return _render_detail(request, loan)
    if not permissions.can_follow_up(request.user, loan):
        raise PermissionDenied
    form = forms.FollowUpForm(request.POST, statuses=_statuses_for(request.user, loan), today=timezone.localdate())
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.follow_up(request.user, loan, note=data["note"], on=data["on"], status=data.get("status", ""),
                               granted_amount=data.get("granted_amount"),
                               refused_reason=data.get("refused_reason", ""))
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "跟进情况已登记")
            return redirect("financing:request-detail", pk=loan.pk)
    return _render_detail(request, loan, form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    enterprises = permissions.requestable_enterprises(request.user).order_by("name")
    if not enterprises.exists():
        raise PermissionDenied
    today = timezone.localdate()
    projects = Project.objects.filter(owner__in=enterprises).order_by("name")
    form = forms.RequestForm(request.POST or None, enterprises=enterprises, projects=projects, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            loan = services.create_request(request.user, data["enterprise"], bank=data["bank"], amount=data["amount"],
                                           purpose=data["purpose"], requested_on=data["requested_on"],
                                           project=data["project"])
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "融资需求已登记")
            return redirect("financing:request-detail", pk=loan.pk)
    return render(request, "financing/request_form.html", {"form": form})


@login_required
@require_GET
def monthly(request):
    """The year's monthly table of a county: SMEs served and loans granted (月月报)."""
    if not permissions.can_read_totals(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    counties = list(permissions.totals_counties(request.user))
    code = request.GET.get("county", "")
    county = next((c for c in counties if c.code == code), counties[0] if counties else None)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today.year
    totals = None
    if county is not None:
        requests = permissions.requests_visible_to(request.user).filter(county__path__startswith=county.path)
        totals = queries.monthly_totals(requests, year)
        if year == today.year:
            totals.months = totals.months[:today.month]
    return render(request, "financing/monthly.html", {
        "counties": counties, "county": county, "year": year, "totals": totals,
        "years": range(today.year - 2, today.year + 1), "first": datetime.date(year, 1, 1),
    })
