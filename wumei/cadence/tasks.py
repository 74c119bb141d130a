"""The cadence engine's tick, run every minute by the huey worker (`wumei run_huey`, which `make demo` starts).

Every consumer's scheduler enqueues it (several workers on several machines, on Redis or PostgreSQL): each
occurrence is claimed by a unique insert, so it runs once whatever the number of tickers. A worker that was
down catches up on its first tick (see wumei.cadence.rules)."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from wumei.cadence.services import tick

log = logging.getLogger(__name__)


@db_periodic_task(crontab())
def cadence_tick() -> list[int]:
    """Run the due jobs; returns the ids of the runs this tick made."""
    runs = tick()
    for run in runs:
        log.info("cadence %s for %s: %s in %s ms", run.job, run.on, run.status, run.duration_ms)
    return [run.pk for run in runs]
