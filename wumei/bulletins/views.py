"""Bulletin pages: the list (drafts and issued ones, and the period's document counts), a bulletin with its
figures as the document will print them, editing a draft, drafting, refreshing, issuing, downloading.
Thin: parse → fetch scoped → call a service → render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wumei.bulletins import forms, permissions, queries, services, texts
from wumei.bulletins.documents import PROJECT_HEADER, RANKED_SHOWN, bulletin_document, project_rows
from wumei.bulletins.models import Bulletin
from wumei.core.errors import ConflictError, ValidationError
from wumei.documents.render import FORMATS
from wumei.documents.types import BlockKind
from wumei.documents.views import download_url
from wumei.org.principal import principal_of

PAGE_SIZE = 20


def _show_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _home_first(counties: list, user):
    """The user's home county if he reads it, else the first (the counts' default)."""
    home = principal_of(user).home_region
    return next((c for c in counties if home is not None and c.pk == home.pk), counties[0])


# The list --------------------------------------------------------------------------------------------------------

@login_required
@require_GET
def bulletin_list(request):
    today = timezone.localdate()
    bulletins = permissions.bulletins_visible_to(request.user).select_related("county")
    status = request.GET.get("status", "")
    if status in Bulletin.Status.values:
        bulletins = bulletins.filter(status=status)
    page = Paginator(bulletins.order_by("-dekad_start", "county__code", "id"), PAGE_SIZE) \
        .get_page(request.GET.get("page"))
    hq_counties = permissions.hq_counties(request.user).order_by("code")
    hq_list = list(hq_counties)
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "status": status,
        "statuses": Bulletin.Status.choices,
        "draft_form": forms.DraftForm(counties=hq_counties, today=today, first=hq_list[0]) if hq_list else None,
        "many_hq_counties": len(hq_list) > 1,
        "next_dekad": services.reported_dekad(today),
    }
    context.update(_counts(request, today))
    return render(request, "bulletins/bulletin_list.html", context)


def _counts(request, today: datetime.date) -> dict:
    """The period's document counts, for the HQ office and commanders."""
    counties = permissions.reading_counties(request.user).order_by("code")
    listed = list(counties)
    if not listed:
        return {"counts": None}
    default = (today.replace(month=1, day=1), today)
    bound = "start" in request.GET or "end" in request.GET
    form = forms.CountsForm(request.GET if bound else None, counties=counties,
                            initial={"start": default[0], "end": default[1]})
    start, end = form.period(default)
    county = (form.cleaned_data.get("county") if bound and form.is_valid() else None) \
        or _home_first(listed, request.user)
    return {"counts": queries.document_counts(start, end, county), "counts_form": form, "counts_county": county,
            "many_counties": len(listed) > 1}


# One bulletin ----------------------------------------------------------------------------------------------------

def _visible_or_404(request, pk: int) -> Bulletin:
    qs = permissions.bulletins_visible_to(request.user).select_related("county", "issued_by__person",
                                                                       "created_by__person")
    return get_object_or_404(qs, pk=pk)


def _blocks(doc) -> list[dict]:
    """The document's blocks for the HTML preview (tables split into header and body)."""
    out = []
    for block in doc.blocks:
        if block.kind == BlockKind.TABLE:
            out.append({"kind": "table", "header": block.rows[0] if block.rows else (), "rows": block.rows[1:]})
        else:
            out.append({"kind": str(block.kind), "text": block.text})
    return out


@login_required
@require_GET
def bulletin_detail(request, pk: int):
    bulletin = _visible_or_404(request, pk)
    doc = bulletin_document(bulletin)
    hq = permissions.is_hq_for(request.user, bulletin.county)
    ranked = bulletin.snapshot.get("projects", [])
    return render(request, "bulletins/bulletin_detail.html", {
        "bulletin": bulletin,
        "doc": doc,
        "blocks": _blocks(doc),
        # The document prints a long ranking's head and tail; the page shows it whole.
        "full_ranking": project_rows(ranked) if len(ranked) > 2 * RANKED_SHOWN else None,
        "ranking_header": PROJECT_HEADER,
        "can_edit": hq and bulletin.is_draft,
        "downloads": [(fmt, download_url("bulletin", bulletin.pk, fmt)) for fmt in FORMATS],
        "today": timezone.localdate(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def bulletin_edit(request, pk: int):
    bulletin = _visible_or_404(request, pk)
    if not permissions.is_hq_for(request.user, bulletin.county):
        raise PermissionDenied
    if not bulletin.is_draft:
        messages.error(request, "通报已印发，不能再修改")
        return redirect("bulletins:bulletin-detail", pk=pk)
    form = forms.BulletinForm(request.POST or None, initial=forms.BulletinForm.initial_of(bulletin))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_bulletin(request.user, bulletin, version=data["version"], title=data["title"],
                                   recipients=data["recipients"], intro=data["intro"], comments=form.comments(),
                                   requirements=data["requirements"])
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("bulletins:bulletin-detail", pk=pk)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, "通报已保存")
            return redirect("bulletins:bulletin-detail", pk=pk)
    return render(request, "bulletins/bulletin_form.html", {"bulletin": bulletin, "form": form,
                                                            "sections": texts.SECTIONS})


@login_required
@require_POST
def bulletin_issue(request, pk: int):
    bulletin = _visible_or_404(request, pk)
    if not permissions.is_hq_for(request.user, bulletin.county):
        raise PermissionDenied
    version = request.POST.get("version", "")
    try:
        issued = services.issue_bulletin(request.user, bulletin, version=int(version) if version.isdigit() else None)
    except ConflictError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"通报已印发：{issued.doc_number}")
    return redirect("bulletins:bulletin-detail", pk=pk)


@login_required
@require_POST
def bulletin_refresh(request, pk: int):
    bulletin = _visible_or_404(request, pk)
    if not permissions.is_hq_for(request.user, bulletin.county):
        raise PermissionDenied
    try:
        services.refresh_bulletin(request.user, bulletin)
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已按截至{bulletin.cutoff_on:%Y-%m-%d}的数据重新计算")
    return redirect("bulletins:bulletin-detail", pk=pk)


@login_required
@require_POST
def bulletin_draft(request):
    counties = permissions.hq_counties(request.user)
    if not counties.exists():
        raise PermissionDenied
    form = forms.DraftForm(request.POST, counties=counties, today=timezone.localdate())
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
        return redirect("bulletins:bulletin-list")
    bulletin, created = services.draft_bulletin(form.cleaned_data["county"], form.cleaned_data["on"],
                                                actor=request.user)
    if created:
        messages.success(request, f"已起草{bulletin.dekad_label}督查通报")
    else:
        messages.info(request, f"{bulletin.dekad_label}督查通报已经起草过，未重复起草")
    return redirect("bulletins:bulletin-detail", pk=bulletin.pk)


@login_required
@require_GET
def bulletin_download(request, pk: int, fmt: str):
    """The bulletin as .docx / .pdf, through the documents app (rendered in its worker, then served)."""
    if fmt not in FORMATS:
        raise Http404
    bulletin = _visible_or_404(request, pk)
    return redirect(download_url("bulletin", bulletin.pk, fmt))
