"""Demo history of the cadence engine: the schedule and a month of past runs, so that the job history page of a
fresh demo looks like that of a system that has been running. The engine serves the whole installation, so
this writes once (nothing when any run exists); the worker then runs today's jobs for real."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from wumei.cadence import jobs
from wumei.cadence.models import JobRun
from wumei.cadence.services import WORKER, ensure_schedules
from wumei.calendar.services import load_calendar
from wumei.org.models import Region

HISTORY_DAYS = 30
NOTE = "演示数据：补记的历史运行"


def seed(county: Region, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """The past HISTORY_DAYS days' runs (not today's), each job on its days at its scheduled time."""
    if JobRun.objects.exists():
        return {"job_runs": 0}
    schedules = ensure_schedules()
    calendar = load_calendar()
    runs = []
    for offset in range(HISTORY_DAYS, 0, -1):
        day = today - datetime.timedelta(days=offset)
        for job in jobs.JOBS:
            if not job.days.matches(day, calendar.is_working_day):
                continue
            scheduled = timezone.make_aware(datetime.datetime.combine(day, schedules[job.code].at))
            duration = rng.randint(150, 4000)
            runs.append(JobRun(
                job=job.code, on=day, scheduled_for=scheduled, started_at=scheduled,
                finished_at=scheduled + datetime.timedelta(milliseconds=duration), duration_ms=duration,
                status=JobRun.Status.SUCCEEDED, result={"on": day.isoformat(), "note": NOTE}, worker=WORKER,
            ))
    with transaction.atomic():
        JobRun.objects.bulk_create(runs, batch_size=500, ignore_conflicts=True)
    return {"job_runs": len(runs)}
