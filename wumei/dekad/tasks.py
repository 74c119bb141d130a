"""The dekad round as a worker task (`wumei run_huey`), for running it in the background on demand.

Its schedule (the 1st, 11th and 21st at 08:30 Beijing time) is declared with the other scheduled jobs in
wumei.cadence.jobs, whose engine runs each occurrence once and records it on the job history page."""

import logging

from django.utils import timezone
from huey.contrib.djhuey import db_task

from wumei.dekad.services import run_dekad_round

log = logging.getLogger(__name__)


@db_task()
def dekad_round() -> dict:
    """The round of the dekad holding today, for every county with projects. Idempotent, like the command."""
    result = run_dekad_round(timezone.localdate())
    log.info("dekad round %s: %d letters (%d new), %d reminders", result.dekad.label, len(result.letters),
             len(result.created), len(result.reminders))
    return result.as_dict()
