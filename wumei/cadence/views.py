"""The job history (what ran, when, for how long, what it produced, what failed) and the schedule page where
the HQ office adjusts the times. For the HQ office and the system administrator; others get 403."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from wumei.cadence import forms, jobs, queries, rules, services
from wumei.cadence.models import JobRun
from wumei.core.errors import ValidationError

PAGE_SIZE = 30


def _require_view(user) -> None:
    if not services.can_view(user):
        raise PermissionDenied


@login_required
@require_GET
def run_list(request):
    _require_view(request.user)
    form = forms.RunFilterForm(request.GET or None)
    runs = queries.filter_runs(**form.values())
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    for run in page:
        run.label = jobs.job_label(run.job)
        run.summary = rules.summary_line(run.result) if isinstance(run.result, dict) else ""
        run.error_line = run.error.splitlines()[0] if run.error else ""
    return render(request, "cadence/run_list.html", {
        "form": form, "page": page, "rows": queries.job_rows(), "can_edit": services.can_edit(request.user),
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    })


@login_required
@require_GET
def run_detail(request, pk: int):
    _require_view(request.user)
    run = get_object_or_404(JobRun, pk=pk)
    job = jobs.BY_CODE.get(run.job)
    return render(request, "cadence/run_detail.html", {
        "run": run, "job": job, "label": jobs.job_label(run.job),
        "result_json": json.dumps(run.result, ensure_ascii=False, indent=2),
    })


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request):
    _require_view(request.user)
    can_edit = services.can_edit(request.user)
    rows = queries.job_rows()
    posted = request.POST.get("job") if request.method == "POST" else None
    if posted is not None and not can_edit:
        raise PermissionDenied
    for row in rows:
        data = request.POST if posted == row.job.code else None
        row.form = forms.ScheduleForm(data, prefix=row.job.code.replace(".", "-"),
                                      initial={"at": row.schedule.at, "is_enabled": row.schedule.is_enabled})
        if data is None or not row.form.is_valid():
            continue
        try:
            services.update_schedule(request.user, row.job.code, at=row.form.cleaned_data["at"],
                                     is_enabled=row.form.cleaned_data["is_enabled"])
        except ValidationError as exc:
            for field, message in getattr(exc, "message_dict", {"at": exc.messages}).items():
                row.form.add_error(field if field in row.form.fields else None, message)
        else:
            messages.success(request, f"“{row.job.label}”的运行时间已保存，下一次运行起生效")
            return redirect("cadence:schedule")
    if posted is not None and posted not in jobs.BY_CODE:
        messages.error(request, "没有这个定时任务")
    return render(request, "cadence/schedule.html", {"rows": rows, "can_edit": can_edit,
                                                     "catch_up_days": rules.CATCH_UP_DAYS})
