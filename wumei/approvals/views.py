"""Pages of approval efficiency: the county summary, a project's items, the item form. Thin views."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from wumei.approvals import permissions, queries, rules, services
from wumei.approvals.forms import ItemForm
from wumei.approvals.models import ApprovalItem
from wumei.core.errors import ValidationError
from wumei.projects.queries import projects_visible_to


def _show_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _year(raw: str, default: int) -> int:
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default


@login_required
@require_GET
def summary(request):
    """The county's savings for a year: per department, in total, and the projects with items."""
    if not permissions.can_read_summary(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    counties = list(permissions.summary_counties(request.user))
    code = request.GET.get("county", "")
    county = next((c for c in counties if c.code == code), counties[0] if counties else None)
    year = _year(request.GET.get("year", ""), today.year)
    start, end = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
    context = {"counties": counties, "county": county, "year": year, "years": range(today.year - 2, today.year + 1),
               "start": start, "end": end}
    if county is not None:
        lines, total = queries.savings_by_department(county, start, end)
        projects = (projects_visible_to(request.user).filter(county__path__startswith=county.path)
                    .annotate(items=Count("approval_items")).filter(items__gt=0).order_by("name"))
        context.update(lines=lines, total=total, projects=projects, modes=ApprovalItem.Mode.choices)
    return render(request, "approvals/summary.html", context)


@login_required
@require_GET
def project_items(request, pk: int):
    project = get_object_or_404(permissions.projects_with_items_visible_to(request.user).select_related("county"),
                                pk=pk)
    items = list(permissions.items_visible_to(request.user).filter(project=project)
                 .select_related("department").order_by("applied_on", "id"))
    for item in items:
        item.saved = rules.savings(_facts(item))
        item.on_time = rules.is_on_time(item.statutory_days, item.actual_days)
        item.can_edit = permissions.can_keep(request.user, project, item.department)
    total = rules.total(_facts(item) for item in items)
    return render(request, "approvals/project_items.html", {
        "project": project, "items": items, "total": total, "pending": sum(1 for i in items if not i.approved_on),
        "can_add": permissions.can_keep_project(request.user, project),
    })


def _facts(item: ApprovalItem) -> rules.ItemFacts:
    return rules.ItemFacts(item.statutory_steps, item.actual_steps, item.statutory_materials, item.actual_materials,
                           item.statutory_days, item.actual_days)


def _item_kwargs(data: dict) -> dict:
    return {name: data.get(name) for name in services.FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request, pk: int):
    project = get_object_or_404(permissions.projects_for_new_items(request.user).select_related("county"), pk=pk)
    departments = permissions.keepable_departments(request.user, project)
    if not departments.exists():
        raise PermissionDenied
    form = ItemForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_item(request.user, project, **_item_kwargs(form.cleaned_data))
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "审批事项已登记")
            return redirect("approvals:project-items", pk=project.pk)
    return render(request, "approvals/item_form.html", {"form": form, "project": project, "item": None})


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    item = get_object_or_404(permissions.items_visible_to(request.user).select_related("project__county",
                                                                                      "department"), pk=pk)
    project = item.project
    if not permissions.can_keep(request.user, project, item.department):
        raise PermissionDenied
    initial = {name: getattr(item, name) for name in services.FIELDS}
    initial["department"] = item.department_id
    form = ItemForm(request.POST or None, initial=initial,
                    departments=permissions.keepable_departments(request.user, project))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(request.user, item, **_item_kwargs(form.cleaned_data))
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "审批事项已修改")
            return redirect("approvals:project-items", pk=project.pk)
    return render(request, "approvals/item_form.html", {"form": form, "project": project, "item": item})
