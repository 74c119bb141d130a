"""Jobs of the outbox, run by the huey worker (`wumei run_huey`): deliver after commit, and a sweep each minute."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from wumei.notify import services

log = logging.getLogger(__name__)


@db_task()
def deliver_items(ids: list[int]) -> dict[str, str]:
    """Deliver the items just committed by an event (each is claimed first: a sweep running too is harmless)."""
    return {str(pk): services.deliver(pk) for pk in ids}


@db_periodic_task(crontab(minute="*"))
def sweep_outbox() -> dict[str, int]:
    """Everything due: retries whose backoff has passed, items of a crashed worker, items never enqueued."""
    counts = services.deliver_due()
    if counts:
        log.info("outbox sweep: %s", counts)
    return counts
