"""Rendering documents into stored files, in the job worker.

Renditions are derived files (a cache of what the records say), so producing one is not an audited
change; the records they are built from carry the audit trail.
"""

import datetime
import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from wumei.documents.models import Rendition
from wumei.documents.registry import get_kind
from wumei.documents.render import FORMATS, fingerprint, render
from wumei.documents.types import OfficialDocument

log = logging.getLogger(__name__)

# A request still pending after this long is asked of the worker again (the worker may have been down).
STALE_AFTER = datetime.timedelta(minutes=5)


def build_document(kind: str, object_id: int) -> OfficialDocument:
    """The document as the kind's registered builder makes it from the records now."""
    return get_kind(kind).build(object_id)


def render_rendition(kind: str, object_id: int, fmt: str) -> Rendition:
    """Render a document and store it; the same content is rendered and stored once (the task's body)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format: {fmt!r}")
    doc = build_document(kind, object_id)
    key = fingerprint(doc, fmt)
    row, _ = Rendition.objects.get_or_create(
        kind=kind, object_id=object_id, fmt=fmt, source_sha256=key, defaults={"requested_at": timezone.now()}
    )
    if row.is_ready:
        return row
    try:
        data = render(doc, fmt)
    except Exception as exc:
        Rendition.objects.filter(pk=row.pk).exclude(status=Rendition.Status.READY).update(
            status=Rendition.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        row = Rendition.objects.select_for_update().get(pk=row.pk)
        if row.is_ready:  # another worker stored the same content meanwhile
            return row
        row.content.save(f"{kind}/{object_id}/{digest[:20]}.{fmt}", ContentFile(data), save=False)
        row.sha256 = digest
        row.size = len(data)
        row.status = Rendition.Status.READY
        row.error = ""
        row.rendered_at = timezone.now()
        row.save()
    return row


def request_rendition(
    kind: str, object_id: int, fmt: str, *, retry: bool = False, doc: OfficialDocument | None = None
) -> Rendition:
    """The stored rendition of the document's current content, or a pending one with the work queued.

    Asking again while the worker is busy does not queue the work twice; a failed rendition is queued
    again only when asked to retry. `doc` is the document as built now, when the caller has it.
    """
    doc = doc if doc is not None else build_document(kind, object_id)
    key = fingerprint(doc, fmt)
    now = timezone.now()
    row, created = Rendition.objects.get_or_create(
        kind=kind, object_id=object_id, fmt=fmt, source_sha256=key, defaults={"requested_at": now}
    )
    if row.is_ready:
        return row
    again = (row.status == Rendition.Status.FAILED and retry) or (
        row.status == Rendition.Status.PENDING and row.requested_at < now - STALE_AFTER
    )
    if again:
        claimed = Rendition.objects.filter(pk=row.pk, status=row.status, requested_at=row.requested_at).update(
            status=Rendition.Status.PENDING, requested_at=now, error=""
        )
        again = claimed == 1
    if created or again:
        _enqueue(kind, object_id, fmt)
        row.refresh_from_db()
    return row


def _enqueue(kind: str, object_id: int, fmt: str) -> None:
    from wumei.documents.tasks import HUEY, render_document

    if HUEY.immediate:
        try:
            render_document(kind, object_id, fmt)
        except Exception:  # the row says FAILED; the page shows it
            log.exception("rendering %s#%s.%s failed", kind, object_id, fmt)
        return
    transaction.on_commit(lambda: render_document(kind, object_id, fmt))
