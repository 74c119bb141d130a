"""Read side of the cadence engine: the job history with its filters, and the schedule with each job's last
and next run. The engine serves the whole installation, so there is no regional scope: the pages are for the
HQ office and the system administrator (wumei.cadence.services.can_view)."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from wumei.cadence import jobs, rules
from wumei.cadence.models import JobRun, Schedule
from wumei.cadence.services import ensure_schedules
from wumei.calendar.services import load_calendar


def filter_runs(*, job: str = "", status: str = "", first: datetime.date | None = None,
                last: datetime.date | None = None, catch_up: bool = False) -> QuerySet[JobRun]:
    runs = JobRun.objects.all()
    if job:
        runs = runs.filter(job=job)
    if status:
        runs = runs.filter(status=status)
    if first:
        runs = runs.filter(on__gte=first)
    if last:
        runs = runs.filter(on__lte=last)
    if catch_up:
        runs = runs.filter(is_catch_up=True)
    return runs.order_by("-scheduled_for", "-id")


@dataclass
class JobRow:
    job: jobs.Job
    schedule: Schedule
    last: JobRun | None
    next_at: datetime.datetime | None  # local, naive


def job_rows(now: datetime.datetime | None = None) -> list[JobRow]:
    """Every declared job with its schedule, its latest run and its next occurrence, in four queries."""
    now_local = timezone.localtime(now or timezone.now()).replace(tzinfo=None)
    schedules = ensure_schedules()
    calendar = load_calendar()
    latest = JobRun.objects.values("job").annotate(latest=Max("scheduled_for")).values_list("job", "latest")
    wanted = Q(pk__in=[])
    for code, moment in latest.order_by():
        wanted |= Q(job=code, scheduled_for=moment)
    last: dict[str, JobRun] = {}
    for run in JobRun.objects.filter(wanted).order_by("id"):
        last[run.job] = run
    rows = []
    for job in jobs.JOBS:
        schedule = schedules[job.code]
        next_at = rules.next_occurrence(job.days, schedule.at, now_local, is_working_day=calendar.is_working_day) \
            if schedule.is_enabled else None
        rows.append(JobRow(job, schedule, last.get(job.code), next_at))
    return rows
