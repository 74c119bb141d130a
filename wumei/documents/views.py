"""Downloading official documents: a stored rendition is served; otherwise the worker is asked and a
"生成中…" page refreshes until the file is there."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from wumei.documents import services
from wumei.documents.registry import UnknownKind, get_kind
from wumei.documents.render import FORMATS

REFRESH_SECONDS = 2


def download_url(kind: str, object_id: int, fmt: str, **extra) -> str:
    query = {"kind": kind, "id": object_id, "fmt": fmt, **extra}
    return f"{reverse('documents:download')}?{urlencode(query)}"


@login_required
@require_GET
def download(request):
    kind_name = request.GET.get("kind", "")
    fmt = request.GET.get("fmt", "")
    try:
        object_id = int(request.GET.get("id", ""))
        kind = get_kind(kind_name)
    except (ValueError, UnknownKind):
        raise Http404 from None
    if fmt not in FORMATS or object_id <= 0 or not kind.visible_to(request.user, object_id):
        raise Http404
    try:
        doc = kind.build(object_id)
    except ObjectDoesNotExist:
        raise Http404 from None
    rendition = services.request_rendition(kind.name, object_id, fmt, retry="retry" in request.GET, doc=doc)
    file_url = download_url(kind.name, object_id, fmt)
    if rendition.is_ready:
        if "wait" in request.GET:  # the waiting page lands here: say so, and fetch the file
            return render(request, "documents/ready.html", {"file_url": file_url, "fmt": fmt})
        name = f"{doc.kind_label or kind.label or '公文'}-{doc.doc_number or '草稿'}".replace("/", "-").replace("\\", "-")
        name = f"{name}.{fmt}"
        return FileResponse(rendition.content.open("rb"), as_attachment=True, filename=name)
    context = {
        "rendition": rendition,
        "fmt": fmt,
        "refresh_url": download_url(kind.name, object_id, fmt, wait=1),
        "retry_url": download_url(kind.name, object_id, fmt, wait=1, retry=1),
        "refresh_seconds": REFRESH_SECONDS,
    }
    return render(request, "documents/pending.html", context, status=202)
