"""每旬必督 pages: the round, letters (list, detail, actions, downloads), thresholds, work reminders, dispatch
orders, monthly plans and period counts. Thin: parse → fetch scoped → call a service → render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wumei.calendar.rules import dekad_of
from wumei.core.errors import ConflictError, ValidationError
from wumei.dekad import forms, permissions, queries, rules, services, texts
from wumei.dekad.models import DekadRound, DispatchOrder, Letter, LetterEvent, MonthlyPlan, WorkReminder
from wumei.org.principal import principal_of
from wumei.projects.models import AnnualPlan, Project
from wumei.projects.queries import projects_visible_to

PAGE_SIZE = 20
RECENT_ROUNDS = 9
DRAFTS_SHOWN = 20
ACTION_LABELS = {"issue": "印发", "withdraw": "作废", "close": "办结", "escalate": "升级督办", "answer": "回复"}


def _region_paths(user) -> list[str] | None:
    principal = principal_of(user)
    if principal.is_superuser:
        return None
    paths = {a.region.path for a in principal.assignments}
    if not paths and principal.person is not None:
        paths = {principal.person.region.path}
    return sorted(paths)


def _show_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _download_links(kind: str, object_id: int) -> list[tuple[str, str]]:
    from wumei.documents.views import download_url

    return [("Word", download_url(kind, object_id, "docx")), ("PDF", download_url(kind, object_id, "pdf"))]


# Home: the round ------------------------------------------------------------------------------------------------

@login_required
@require_GET
def home(request):
    today = timezone.localdate()
    counties = queries.hq_counties(request.user)
    county_list = list(counties.order_by("code")[:2]) if queries.is_hq(request.user) else []
    can_run = bool(county_list)
    visible = queries.letters_visible_to(request.user)
    context = {
        "today": today,
        "dekad": dekad_of(today),
        "can_run": can_run,
        "many_counties": len(county_list) > 1,
        "can_count": principal_of(request.user).has_role("hq_office", "commander"),
    }
    if can_run:
        context["round_form"] = forms.RoundForm(initial={"on": today, "county": county_list[0]}, counties=counties)
        context["month"] = queries.letter_counts(today.replace(day=1), today,
                                                 county_list[0] if len(county_list) == 1 else None)
    if can_run:
        context["rounds"] = list(DekadRound.objects.filter(county__in=counties).select_related("county")
                                 .order_by("-dekad_start", "county_id")[:RECENT_ROUNDS])
        drafts = visible.filter(status=Letter.Status.DRAFT, county__in=counties)
        context["draft_count"] = drafts.count()
        context["drafts"] = list(drafts.select_related("project", "recipient_unit")
                                 .order_by("-dekad_start", "kind", "pk")[:DRAFTS_SHOWN])
        context["overdue_count"] = visible.filter(status__in=rules.AWAITING_ANSWER, reply_due_on__lt=today).count()
        context["answered_count"] = visible.filter(status=Letter.Status.ANSWERED).count()
    unit_ids = principal_of(request.user).unit_ids({"liaison", "unit_head"})
    if unit_ids:
        context["awaiting"] = list(visible.filter(recipient_unit_id__in=unit_ids, status__in=rules.AWAITING_ANSWER)
                                   .select_related("project").order_by("reply_due_on", "pk"))
    return render(request, "dekad/home.html", context)


@login_required
@require_POST
def round_run(request):
    """Run the round from the HQ office's page (in the request for now; it takes a few seconds a county)."""
    counties = queries.hq_counties(request.user)
    if not permissions.can_run_round(request.user):
        raise PermissionDenied
    form = forms.RoundForm(request.POST, counties=counties)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("dekad:home")
    result = services.run_dekad_round(form.cleaned_data["on"], county=form.cleaned_data["county"], actor=request.user)
    kinds = "，".join(f"{label}{result.count(value)}件" for value, label in Letter.Kind.choices)
    messages.success(request, f"{result.dekad.label}督查完成：检查项目{result.projects}个，本旬函件"
                              f"{len(result.letters)}件（{kinds}），新生成{len(result.created)}件；"
                              f"工作提示{len(result.reminders)}条。")
    return redirect("dekad:home")


# Letters --------------------------------------------------------------------------------------------------------

@login_required
@require_GET
def letter_list(request):
    today = timezone.localdate()
    form = forms.LetterFilterForm(request.GET or None, region_paths=_region_paths(request.user))
    filters = form.filters()
    letters = queries.filter_letters(queries.letters_visible_to(request.user), on=today, **filters)
    letters = letters.select_related("project", "recipient_unit").order_by("-dekad_start", "kind", "-pk")
    page = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    for letter in page.object_list:
        letter.overdue = letter.is_overdue_on(today)
    project = None
    if filters.get("project"):
        project = projects_visible_to(request.user).filter(pk=filters["project"]).only("pk", "name").first()
    return render(request, "dekad/letter_list.html", {
        "form": form, "page": page, "filtered": bool(set(filters) - {"project"}), "project": project,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "is_hq": queries.is_hq(request.user),
    })


def _letter_or_404(request, pk: int) -> Letter:
    qs = queries.letters_visible_to(request.user).select_related(
        "county", "project", "recipient_unit", "escalated_to", "issued_by__person", "answered_by__person",
        "received_by__person", "closed_by__person")
    return get_object_or_404(qs, pk=pk)


def _action_form(action: str, letter: Letter, data=None, files=None):
    if action == "answer":
        return forms.AnswerForm(data, files, prefix="answer")
    if action == "close":
        return forms.NoteForm(data, prefix="close")
    if action == "escalate":
        return forms.ReasonForm(data, label="升级原因", prefix="escalate")
    if action == "withdraw":
        return forms.ReasonForm(data, label="作废原因", prefix="withdraw")
    return forms.ReasonForm(data, prefix=action)


def _render_letter(request, letter: Letter, bound: dict | None = None, status: int = 200):
    today = timezone.localdate()
    actions = permissions.letter_actions(request.user, letter)
    bound = bound or {}
    action_forms = [(a, ACTION_LABELS[a], bound.get(a) or _action_form(a, letter)) for a in actions if a != "edit"]
    settings = queries.settings_for(letter.county)
    facts = queries.project_facts(Project.objects.filter(pk=letter.project_id), today).get(letter.project_id)
    thresholds = settings.thresholds()
    return render(request, "dekad/letter_detail.html", {
        "letter": letter,
        "project": letter.project,
        "basis": letter.basis or {},
        "events": LetterEvent.objects.filter(letter=letter).select_related("actor__person"),
        "attachments": letter.attachments.all(),
        "escalated_from": list(letter.escalated_from.all()),
        "action_forms": action_forms,
        "can_edit": "edit" in actions,
        "open_action": next(iter(bound), ""),
        "overdue": letter.is_overdue_on(today),
        "reply_request": texts.reply_request(settings.issuer_name, letter.reply_days, letter.reply_due_on),
        "issuer": settings.issuer_name,
        "downloads": _download_links("letter", letter.pk),
        "rag": rules.rag(facts, today, thresholds) if facts else None,
        "expectation": rules.expectation_of(facts, today, thresholds) if facts else None,
    }, status=status)


@login_required
@require_GET
def letter_detail(request, pk: int):
    letter = _letter_or_404(request, pk)
    if services.mark_received(request.user, letter):
        letter = _letter_or_404(request, pk)
    return _render_letter(request, letter)


@login_required
@require_POST
def letter_act(request, pk: int, action: str):
    if action not in ACTION_LABELS:
        raise Http404
    letter = _letter_or_404(request, pk)
    if action not in permissions.letter_actions(request.user, letter):
        if action in ("issue", "withdraw", "close", "escalate") and not queries.is_hq_for(request.user, letter.county):
            raise PermissionDenied
        if action == "answer" and not queries.is_recipient(request.user, letter):
            raise PermissionDenied
        messages.error(request, f"该函件{letter.get_status_display()}，不能{ACTION_LABELS[action]}")
        return redirect("dekad:letter-detail", pk=pk)
    form = _action_form(action, letter, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            target = _apply(request.user, letter, action, data)
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("dekad:letter-detail", pk=pk)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            if action == "issue":
                messages.success(request, f"已印发：{target.doc_number}，回复期限{target.reply_due_on:%Y-%m-%d}")
            elif action == "escalate":
                messages.success(request, f"已升级督办：生成{target.kind_label}草稿，请审核后印发")
            else:
                messages.success(request, f"已{ACTION_LABELS[action]}")
            return redirect("dekad:letter-detail", pk=target.pk)
    return _render_letter(request, letter, bound={action: form}, status=400)


def _apply(user, letter: Letter, action: str, data: dict) -> Letter:
    if action == "issue":
        return services.issue_letter(user, letter)
    if action == "withdraw":
        return services.withdraw_letter(user, letter, reason=data.get("reason", ""))
    if action == "close":
        return services.close_letter(user, letter, note=data.get("note", ""))
    if action == "escalate":
        return services.escalate_letter(user, letter, reason=data.get("reason", ""))
    return services.answer_letter(user, letter, reply_text=data["reply_text"], files=data.get("files") or [])


@login_required
@require_http_methods(["GET", "POST"])
def letter_edit(request, pk: int):
    letter = _letter_or_404(request, pk)
    if "edit" not in permissions.letter_actions(request.user, letter):
        if not queries.is_hq_for(request.user, letter.county):
            raise PermissionDenied
        messages.error(request, "函件已印发，不能再修改")
        return redirect("dekad:letter-detail", pk=pk)
    initial = {"title": letter.title, "body": letter.body, "recipient_unit": letter.recipient_unit_id,
               "reply_days": letter.reply_days}
    form = forms.DraftForm(request.POST or None, initial=initial, county=letter.county)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_draft(request.user, letter, title=data["title"], body=data["body"],
                                  recipient_unit=data["recipient_unit"], reply_days=data["reply_days"])
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("dekad:letter-detail", pk=pk)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "草稿已保存")
            return redirect("dekad:letter-detail", pk=pk)
    return render(request, "dekad/letter_edit.html", {"letter": letter, "form": form})


@login_required
@require_GET
def letter_attachment(request, pk: int, attachment: int):
    letter = _letter_or_404(request, pk)
    item = get_object_or_404(letter.attachments, pk=attachment)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


# Thresholds ------------------------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    counties = queries.hq_counties(request.user)
    if not queries.is_hq(request.user) or not counties.exists():
        raise PermissionDenied
    county = counties.filter(pk=request.GET.get("county") or request.POST.get("county") or 0).first() \
        or counties.order_by("code").first()
    row = queries.settings_for(county)
    form = forms.SettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in forms.SettingsForm.Meta.fields}
        try:
            services.save_settings(request.user, county, **values)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "督查设置已保存，下次督查起按新设置执行")
            return redirect(f"{request.path}?county={county.pk}")
    return render(request, "dekad/settings.html", {
        "form": form, "county": county, "counties": counties, "row": row,
        "prefix_examples": {kind: rules.doc_number(row.prefix_for(kind), timezone.localdate().year, 1)
                            for kind in ("reminder", "assignment", "supervision", "dispatch")},
    })


# Work reminders ----------------------------------------------------------------------------------------------------

@login_required
@require_GET
def reminder_list(request):
    reminders = queries.reminders_visible_to(request.user).select_related("person", "unit")
    subject = request.GET.get("subject", "")
    if subject in WorkReminder.Subject.values:
        reminders = reminders.filter(subject=subject)
    dekad = request.GET.get("dekad", "").strip()
    if dekad:
        reminders = reminders.filter(dekad=dekad)
    page = Paginator(reminders.order_by("-dekad_start", "subject", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dekad/reminder_list.html", {
        "page": page, "subjects": WorkReminder.Subject.choices, "subject": subject, "dekad": dekad,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    })


# Dispatch orders ---------------------------------------------------------------------------------------------------

@login_required
@require_GET
def order_list(request):
    orders = queries.orders_visible_to(request.user).prefetch_related("units").order_by("-created_at", "-pk")
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dekad/order_list.html", {
        "page": page, "can_create": permissions.can_run_round(request.user),
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    })


def _order_or_404(request, pk: int) -> DispatchOrder:
    return get_object_or_404(queries.orders_visible_to(request.user).select_related("county", "issued_by__person"),
                             pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def order_form(request, pk: int | None = None):
    counties = queries.hq_counties(request.user)
    order = _order_or_404(request, pk) if pk else None
    if order is not None and "edit" not in permissions.order_actions(request.user, order):
        raise PermissionDenied
    if order is None and not permissions.can_run_round(request.user):
        raise PermissionDenied
    county = order.county if order else counties.order_by("code").first()
    initial = {}
    if order is not None:
        initial = {"title": order.title, "body": order.body, "deadline_on": order.deadline_on,
                   "units": list(order.units.all()), "projects": list(order.projects.all())}
    else:
        initial = {"deadline_on": timezone.localdate() + datetime.timedelta(days=10)}
        if request.GET.get("project"):
            project = Project.objects.filter(county=county, pk=request.GET["project"]).first()
            if project is not None:
                initial["projects"] = [project]
                initial["units"] = [project.responsible_unit] if project.responsible_unit_id else []
    form = forms.DispatchOrderForm(request.POST or None, initial=initial, county=county)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.save_dispatch_order(request.user, county, title=data["title"], body=data["body"],
                                                 units=data["units"], projects=data["projects"],
                                                 deadline_on=data["deadline_on"], order=order)
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("dekad:order-detail", pk=order.pk)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "调度令已保存（草稿），审核后下达")
            return redirect("dekad:order-detail", pk=saved.pk)
    return render(request, "dekad/order_form.html", {"form": form, "order": order})


@login_required
@require_GET
def order_detail(request, pk: int):
    order = _order_or_404(request, pk)
    return render(request, "dekad/order_detail.html", {
        "order": order, "units": order.units.all(), "projects": order.projects.all(),
        "actions": permissions.order_actions(request.user, order),
        "close_form": forms.NoteForm(prefix="close"),
        "downloads": _download_links("dispatch_order", order.pk),
        "overdue": order.status == DispatchOrder.Status.ISSUED and timezone.localdate() > order.deadline_on,
    })


@login_required
@require_POST
def order_act(request, pk: int, action: str):
    order = _order_or_404(request, pk)
    if action not in ("issue", "close"):
        raise Http404
    if action not in permissions.order_actions(request.user, order):
        if not queries.is_hq_for(request.user, order.county):
            raise PermissionDenied
        messages.error(request, f"该调度令{order.get_status_display()}，不能{'下达' if action == 'issue' else '办结'}")
        return redirect("dekad:order-detail", pk=pk)
    try:
        if action == "issue":
            order = services.issue_dispatch_order(request.user, order)
            messages.success(request, f"已下达：{order.doc_number}")
        else:
            form = forms.NoteForm(request.POST, prefix="close")
            note = form.cleaned_data["note"] if form.is_valid() else ""
            services.close_dispatch_order(request.user, order, note=note)
            messages.success(request, "调度令已办结")
    except ConflictError as exc:
        messages.error(request, exc.message)
    return redirect("dekad:order-detail", pk=pk)


# Monthly plans ----------------------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def monthly_plan(request, pk: int):
    project = get_object_or_404(projects_visible_to(request.user).select_related("county"), pk=pk)
    if not queries.is_hq_for(request.user, project.county):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    current = {m.month: m.planned_investment for m in MonthlyPlan.objects.filter(project=project, year=year)}
    initial = {"year": year, **{f"m{k}": v for k, v in current.items()}}
    form = forms.MonthlyPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_monthly_plan(request.user, project, form.cleaned_data["year"], form.amounts())
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "月度计划已保存")
            return redirect("projects:project-detail", pk=project.pk)
    plan = AnnualPlan.objects.filter(project=project, year=year).values_list("planned_investment", flat=True).first()
    months = [form[f"m{month}"] for month in range(1, 13)]
    return render(request, "dekad/monthly_plan.html", {
        "project": project, "form": form, "year": year, "annual_plan": plan, "months": months,
        "total": sum(current.values()) if current else None,
    })


# Counts -------------------------------------------------------------------------------------------------------------

@login_required
@require_GET
def counts(request):
    if not principal_of(request.user).has_role("hq_office", "commander"):
        raise PermissionDenied
    today = timezone.localdate()
    form = forms.PeriodForm(request.GET or {"start": today.replace(month=1, day=1), "end": today})
    figures = None
    county = None
    paths = principal_of(request.user).region_paths({"hq_office", "commander"})
    if paths:
        from wumei.org.models import Region

        county = Region.objects.filter(path=sorted(paths, key=len)[0]).first()
    if form.is_valid():
        figures = queries.letter_counts(form.cleaned_data["start"], form.cleaned_data["end"], county)
    return render(request, "dekad/counts.html", {"form": form, "figures": figures, "county": county})
