"""月度会商 pages: the consultations by month, one consultation (agenda, attendance, minutes, decisions and their
tasks), and the HQ office's forms. Thin: parse → fetch scoped → call a service → render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wumei.consultation import forms, permissions, rules, services
from wumei.consultation.models import AgendaItem, Attendance, Consultation
from wumei.core.errors import ConflictError, ValidationError
from wumei.factors.models import OPEN_STATUSES, FactorRequest
from wumei.projects.models import Project
from wumei.tasks import rules as task_rules


def _show_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _download_links(kind: str, object_id: int) -> list[tuple[str, str]]:
    from wumei.documents.views import download_url

    return [("Word", download_url(kind, object_id, "docx")), ("PDF", download_url(kind, object_id, "pdf"))]


@login_required
@require_GET
def consultation_list(request):
    today = timezone.localdate()
    keeping = list(permissions.keeping_counties(request.user).order_by("code"))
    if not keeping and not permissions.readable_counties(request.user).exists():
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    rows = list(permissions.consultations_visible_to(request.user).filter(month__year=year)
                .select_related("county").order_by("-month", "county__code"))
    counts = {}
    if rows:
        counts = {c["pk"]: c for c in Consultation.objects.filter(pk__in=[r.pk for r in rows]).values("pk").annotate(
            items=Count("items", filter=Q(items__is_removed=False), distinct=True),
            decisions=Count("decisions", distinct=True))}
    for row in rows:
        row.item_count = counts.get(row.pk, {}).get("items", 0)
        row.decision_count = counts.get(row.pk, {}).get("decisions", 0)
    open_form = None
    if keeping:
        open_form = forms.OpenForm(initial={"county": keeping[0].pk, "month": today.strftime("%Y-%m")},
                                   counties=permissions.keeping_counties(request.user))
    return render(request, "consultation/consultation_list.html", {
        "rows": rows, "year": year, "years": list(range(today.year, today.year - 4, -1)), "open_form": open_form,
        "many_counties": len(keeping) > 1, "this_month": rules.month_start(today),
    })


@login_required
@require_POST
def consultation_open(request):
    form = forms.OpenForm(request.POST, counties=permissions.keeping_counties(request.user))
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("consultation:consultation-list")
    consultation = services.open_consultation(request.user, form.cleaned_data["county"], form.cleaned_data["month"])
    return redirect("consultation:consultation-detail", consultation.pk)


def _consultation_or_404(request, pk: int) -> Consultation:
    return get_object_or_404(permissions.consultations_visible_to(request.user).select_related("county"), pk=pk)


def _kept_or_404(request, pk: int) -> Consultation:
    consultation = _consultation_or_404(request, pk)
    if not permissions.can_keep(request.user, consultation.county):
        raise PermissionDenied
    return consultation


def _paths(consultation: Consultation) -> list[str]:
    return [consultation.county.path]


def _detail(request, consultation: Consultation, *, item_form=None, attendee_form=None, status: int = 200):
    today = timezone.localdate()
    can_keep = permissions.can_keep(request.user, consultation.county)
    items = list(consultation.items.select_related("project", "factor_request", "problem").order_by("order", "id"))
    decisions = list(consultation.decisions.select_related("project", "owner_unit", "owner_person", "task",
                                                           "agenda_item").order_by("id"))
    for decision in decisions:
        decision.state = task_rules.deadline_state(decision.task.status, decision.task.due_on, today)
    context = {
        "consultation": consultation, "can_keep": can_keep,
        "items": [i for i in items if not i.is_removed], "removed": [i for i in items if i.is_removed],
        "attendance": list(consultation.attendance.select_related("unit").order_by("id")),
        "decisions": decisions,
        "agenda_downloads": _download_links("consultation_agenda", consultation.pk),
        "minutes_downloads": _download_links("consultation_minutes", consultation.pk) if consultation.is_held else [],
    }
    if can_keep:
        projects = Project.objects.filter(county=consultation.county).order_by("name")
        context["item_form"] = item_form or forms.ItemForm(prefix="item", projects=projects)
        context["attendee_form"] = attendee_form or forms.AttendeeForm(prefix="att", paths=_paths(consultation))
    return render(request, "consultation/consultation_detail.html", context, status=status)


@login_required
@require_GET
def consultation_detail(request, pk: int):
    return _detail(request, _consultation_or_404(request, pk))


@login_required
@require_POST
def agenda_draft(request, pk: int):
    consultation = _kept_or_404(request, pk)
    try:
        _, added = services.draft_agenda(request.user, consultation.county, consultation.month, timezone.localdate())
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"议程已生成，新增议题{added}项" if added else "议程已是最新，没有新增议题")
    return redirect("consultation:consultation-detail", consultation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    consultation = _kept_or_404(request, pk)
    initial = {name: getattr(consultation, name) for name in services.MEETING_FIELDS}
    form = forms.MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(request.user, consultation, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "会议信息已保存")
            return redirect("consultation:consultation-detail", consultation.pk)
    return render(request, "consultation/meeting_form.html", {"consultation": consultation, "form": form},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
@require_POST
def item_add(request, pk: int):
    consultation = _kept_or_404(request, pk)
    form = forms.ItemForm(request.POST, prefix="item",
                          projects=Project.objects.filter(county=consultation.county).order_by("name"))
    if form.is_valid():
        try:
            services.add_item(request.user, consultation, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "议题已加入议程")
            return redirect("consultation:consultation-detail", consultation.pk)
    return _detail(request, consultation, item_form=form, status=400)


def _item_or_404(request, pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("consultation__county").filter(
        consultation__in=permissions.consultations_visible_to(request.user)), pk=pk)
    if not permissions.can_keep(request.user, item.consultation.county):
        raise PermissionDenied
    return item


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    item = _item_or_404(request, pk)
    form = forms.ItemForm(request.POST or None, initial={"title": item.title, "note": item.note})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(request.user, item, title=form.cleaned_data["title"], note=form.cleaned_data["note"])
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            return redirect("consultation:consultation-detail", item.consultation_id)
    return render(request, "consultation/item_form.html", {"item": item, "form": form},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
@require_POST
def item_act(request, pk: int, action: str):
    item = _item_or_404(request, pk)
    if action in ("up", "down"):
        services.move_item(request.user, item, action)
    elif action == "remove":
        services.remove_item(request.user, item)
        messages.success(request, "议题已移出议程（重新生成议程不会再加入）")
    elif action == "restore":
        services.restore_item(request.user, item)
    else:
        raise Http404
    return redirect(f"{item.consultation.get_absolute_url()}#agenda")


@login_required
@require_POST
def attendee_add(request, pk: int):
    consultation = _kept_or_404(request, pk)
    form = forms.AttendeeForm(request.POST, prefix="att", paths=_paths(consultation))
    if form.is_valid():
        try:
            services.add_attendee(request.user, consultation, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            return redirect(f"{consultation.get_absolute_url()}#attendance")
    return _detail(request, consultation, attendee_form=form, status=400)


@login_required
@require_POST
def attendee_remove(request, pk: int):
    row = get_object_or_404(Attendance.objects.select_related("consultation__county").filter(
        consultation__in=permissions.consultations_visible_to(request.user)), pk=pk)
    if not permissions.can_keep(request.user, row.consultation.county):
        raise PermissionDenied
    services.remove_attendee(request.user, row)
    return redirect(f"{row.consultation.get_absolute_url()}#attendance")


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request, pk: int):
    consultation = _kept_or_404(request, pk)
    projects = Project.objects.filter(county=consultation.county).order_by("name")
    requests = (FactorRequest.objects.filter(project__county=consultation.county, status__in=OPEN_STATUSES)
                .select_related("project").order_by("project__name", "need_by"))
    item = None
    if request.GET.get("item", "").isdigit():
        item = consultation.items.filter(pk=int(request.GET["item"])).select_related("project").first()
    initial = {}
    if item is not None:
        initial = {"project": item.project_id, "factor_request": item.factor_request_id,
                   "owner_unit": item.project.responsible_unit_id if item.project else None}
        if item.factor_request_id:
            initial["factor_outcome"] = "decided"
    form = forms.DecisionForm(request.POST or None, initial=initial, projects=projects,
                              paths=_paths(consultation), factor_requests=requests)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_decision(request.user, consultation, agenda_item=item, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        except ConflictError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "议定事项已记录，并已列入项目任务清单")
            return redirect(f"{consultation.get_absolute_url()}#decisions")
    return render(request, "consultation/decision_form.html", {"consultation": consultation, "form": form,
                                                                "item": item},
                  status=400 if form.is_bound and form.errors else 200)
