"""问责 pages: the cases in scope with year/kind filters and the yearly counts, a case, the case form.
Visible to the inspector, the HQ office and the commander only: anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from wumei.accountability import forms, permissions, queries, services
from wumei.accountability.models import Case
from wumei.audit.models import AuditEvent
from wumei.core.errors import ValidationError

PAGE_SIZE = 25


def _show_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_GET
def case_list(request):
    if not permissions.can_read_any(request.user):
        raise Http404
    visible = permissions.cases_visible_to(request.user)
    form = forms.FilterForm(request.GET or None, years=queries.years(visible))
    filters = form.filters()
    cases = queries.filter_cases(visible, **filters).select_related("subject_unit").prefetch_related(
        "subject_people").order_by("-occurred_on", "-id")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accountability/case_list.html", {
        "form": form, "page": page, "filtered": bool(filters),
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "table": queries.year_table(queries.filter_cases(visible, kind=filters.get("kind", ""))),
        "kinds": Case.Kind.choices,
        "can_record": bool(permissions.recorder_counties(request.user)),
    })


def _case_or_404(request, pk: int) -> Case:
    return get_object_or_404(permissions.cases_visible_to(request.user).select_related(
        "county", "subject_unit", "recorded_by__person"), pk=pk)


@login_required
@require_GET
def case_detail(request, pk: int):
    case = _case_or_404(request, pk)
    history = list(AuditEvent.objects.filter(object_type="accountability.case", object_id=str(case.pk))
                   .order_by("sequence"))
    return render(request, "accountability/case_detail.html", {
        "case": case,
        "people": list(case.subject_people.select_related("unit")),
        "projects": list(case.projects.all()),
        "letters": list(case.letters.select_related("project")),
        "can_edit": permissions.can_record(request.user, case.county),
        "history": history,
    })


@login_required
@require_http_methods(["GET", "POST"])
def case_form(request, pk: int | None = None):
    case = _case_or_404(request, pk) if pk else None
    if case is not None:
        county = case.county
        if not permissions.can_record(request.user, county):
            raise Http404
        initial = {"kind": case.kind, "occurred_on": case.occurred_on, "subject_unit": case.subject_unit_id,
                   "subject_people": list(case.subject_people.values_list("pk", flat=True)),
                   "reason": case.reason, "measures": case.measures, "status": case.status,
                   "closed_on": case.closed_on, "projects": list(case.projects.values_list("pk", flat=True)),
                   "letters": list(case.letters.values_list("pk", flat=True))}
    else:
        counties = permissions.recorder_counties(request.user)
        if not counties:
            raise Http404
        county = counties[0]
        initial = {"kind": request.GET.get("kind") or Case.Kind.INTERVIEW}
    form = forms.CaseForm(request.POST or None, initial=initial, county=county)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in ("kind", "occurred_on", "reason", "measures", "subject_unit",
                                                 "status", "closed_on")}
        links = {name: list(data[name]) for name in ("subject_people", "projects", "letters")}
        try:
            if case is None:
                case = services.record_case(request.user, county, **fields, **links)
            else:
                services.update_case(request.user, case, **fields, **links)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "问责案件已保存")
            return redirect("accountability:case-detail", pk=case.pk)
    return render(request, "accountability/case_form.html", {"form": form, "case": case, "county": county})
