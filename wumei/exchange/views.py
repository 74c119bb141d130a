from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from wumei.exchange.forms import ExportFilterForm, ImportForm
from wumei.exchange.services import export_projects, export_title, import_projects
from wumei.org.models import Role
from wumei.org.principal import principal_of
from wumei.projects.queries import filter_projects, projects_visible_to

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request):
    """Upload a 重点项目调度表: the HQ office keeps the registry; anyone else gets a 404."""
    principal = principal_of(request.user)
    if not principal.has_role(Role.HQ_OFFICE):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_projects(
            request.user, upload.read(), filename=upload.name, county=_registry_region(principal),
            as_of=form.cleaned_data["as_of"], dry_run=form.cleaned_data["dry_run"],
            strict=form.cleaned_data["strict"],
        )
        return render(request, "exchange/import_result.html", {"result": result, "filename": upload.name})
    return render(request, "exchange/import.html", {
        "form": form,
        "max_mb": settings.IMPORT_MAX_BYTES // (1024 * 1024),
        "max_rows": settings.IMPORT_MAX_ROWS,
    })


@login_required
@require_GET
def export_view(request):
    """Download the projects the user may see (with the registry list's filters) as a 重点项目调度表."""
    today = timezone.localdate()
    principal = principal_of(request.user)
    projects = filter_projects(projects_visible_to(request.user), on=today,
                               **ExportFilterForm(request.GET).filters())
    region = principal.home_region
    content = export_projects(request.user, projects, as_of=today, title=export_title(region, today),
                              region_code=region.code if region else "")
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"重点项目调度表-{today:%Y%m%d}.xlsx")
    return response


def _registry_region(principal):
    """The region whose registry the HQ office keeps (None → the home county, e.g. for a superuser)."""
    for assignment in principal.assignments:
        if assignment.role == Role.HQ_OFFICE:
            return assignment.region
    return None
