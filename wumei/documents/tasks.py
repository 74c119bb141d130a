"""Jobs of the documents app, run by the huey worker (`wumei run_huey`)."""

import logging

from django.core.exceptions import ObjectDoesNotExist
from django.db import connections
from huey.contrib.djhuey import HUEY, db_task

from wumei.documents import services

log = logging.getLogger(__name__)

__all__ = ["HUEY", "render_document"]


@db_task()
def render_document(kind: str, object_id: int, fmt: str) -> int | None:
    """Render one document to a stored file; returns the Rendition id (None if the record is gone)."""
    try:
        return services.render_rendition(kind, object_id, fmt).pk
    except ObjectDoesNotExist:
        log.warning("document %s#%s no longer exists; nothing to render", kind, object_id)
        return None


@HUEY.on_shutdown()
def close_database_connections() -> None:
    """A stopping worker thread hands its database connections back (they are kept between tasks)."""
    connections.close_all()
