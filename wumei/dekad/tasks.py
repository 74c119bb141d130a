"""Scheduled jobs of 每旬必督, run by the huey worker (`wumei run_huey`): the supervision round at each dekad
start (the 1st, 11th and 21st at 08:30 Beijing time), as of that day. Idempotent, like the command.

Huey evaluates crontabs in UTC (its default): 00:30 UTC is 08:30 in China, the same calendar day."""

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from wumei.dekad.services import run_dekad_round

log = logging.getLogger(__name__)


@db_periodic_task(crontab(day="1,11,21", hour="0", minute="30"))
def dekad_round() -> dict:
    """The round of the dekad starting today, for every county with projects."""
    result = run_dekad_round(timezone.localdate())
    log.info("dekad round %s: %d letters (%d new), %d reminders", result.dekad.label, len(result.letters),
             len(result.created), len(result.reminders))
    return result.as_dict()
