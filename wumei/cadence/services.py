"""The cadence engine: each tick finds the due occurrences, claims each one by inserting its JobRun (unique per
job and day, so concurrent tickers run it once), runs the job with the occurrence's date and records the
outcome. And the HQ office's schedule changes (audited)."""

import datetime
import logging
import os
import socket
import time
import traceback
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from wumei.audit.services import diff, record
from wumei.cadence import jobs, rules
from wumei.cadence.models import JobRun, Schedule
from wumei.calendar.models import SpecialDay
from wumei.calendar.rules import WorkCalendar
from wumei.core.errors import PermissionDenied, ValidationError

log = logging.getLogger(__name__)

WORKER = f"{socket.gethostname()}:{os.getpid()}"[:120]


def _local(moment: datetime.datetime) -> datetime.datetime:
    """Aware → naive local wall time (TIME_ZONE, Asia/Shanghai by default)."""
    return timezone.localtime(moment).replace(tzinfo=None)


def _aware(local: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(local)


def ensure_schedules() -> dict[str, Schedule]:
    """Every declared job's Schedule row (created with its default time the first time the engine sees it)."""
    rows = {row.job: row for row in Schedule.objects.filter(job__in=list(jobs.BY_CODE))}
    missing = [Schedule(job=job.code, at=job.default_at) for job in jobs.JOBS if job.code not in rows]
    if missing:
        Schedule.objects.bulk_create(missing, ignore_conflicts=True)
        rows = {row.job: row for row in Schedule.objects.filter(job__in=list(jobs.BY_CODE))}
    return rows


def _window_calendar(today: datetime.date) -> WorkCalendar:
    """The official calendar's special days of the catch-up window only (a tick runs every minute: loading
    every holiday since 2004 each time would be its main cost)."""
    first = today - datetime.timedelta(days=rules.CATCH_UP_DAYS)
    special = dict(SpecialDay.objects.filter(day__range=(first, today)).values_list("day", "is_working"))
    return WorkCalendar(special=special, published_years=frozenset())


@dataclass(frozen=True)
class Occurrence:
    job: jobs.Job
    on: datetime.date
    scheduled_for: datetime.datetime  # aware


def due_occurrences(now: datetime.datetime) -> list[Occurrence]:
    """The latest occurrence of every enabled job at or before `now` that has no run yet (declaration order)."""
    now_local = _local(now)
    calendar = _window_calendar(now_local.date())
    schedules = ensure_schedules()
    found: list[Occurrence] = []
    for job in jobs.JOBS:
        row = schedules[job.code]
        if not row.is_enabled:
            continue
        on = rules.latest_occurrence(job.days, row.at, now_local, since=_local(row.created_at).date(),
                                     is_working_day=calendar.is_working_day)
        if on is not None:
            found.append(Occurrence(job, on, _aware(datetime.datetime.combine(on, row.at))))
    if not found:
        return []
    done = set(JobRun.objects.filter(job__in=[o.job.code for o in found], on__in={o.on for o in found})
               .values_list("job", "on"))
    return [o for o in found if (o.job.code, o.on) not in done]


def claim(occurrence: Occurrence, now: datetime.datetime) -> JobRun | None:
    """Insert the occurrence's run row; None when another ticker claimed it first (the unique constraint)."""
    try:
        with transaction.atomic():
            return JobRun.objects.create(
                job=occurrence.job.code, on=occurrence.on, scheduled_for=occurrence.scheduled_for,
                is_catch_up=rules.is_catch_up(_local(occurrence.scheduled_for), _local(now)),
                status=JobRun.Status.RUNNING, started_at=timezone.now(), worker=WORKER,
            )
    except IntegrityError:
        return None


def execute(run: JobRun) -> JobRun:
    """Run the claimed job with its date and record the outcome. Any exception (an import that fails because
    the job's app is not there yet included) is recorded on the run; it never reaches the caller."""
    job = jobs.BY_CODE[run.job]
    started = time.perf_counter()
    try:
        function = import_string(job.target)
        run.result = rules.summarise(function(run.on))
        run.status = JobRun.Status.SUCCEEDED
    except Exception as exc:  # noqa: BLE001 — a failing job is recorded, the others still run
        log.exception("cadence job %s for %s failed", run.job, run.on)
        run.status = JobRun.Status.FAILED
        run.error = (f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc()}")[-rules.ERROR_MAX_CHARS:]
    run.duration_ms = round((time.perf_counter() - started) * 1000)
    run.finished_at = timezone.now()
    JobRun.objects.filter(pk=run.pk).update(status=run.status, result=run.result, error=run.error,
                                            duration_ms=run.duration_ms, finished_at=run.finished_at)
    return run


def fail_stale(now: datetime.datetime) -> int:
    """Runs still "running" long after they started died with their process: mark them failed."""
    return JobRun.objects.filter(status=JobRun.Status.RUNNING, started_at__lt=now - rules.STALE_AFTER).update(
        status=JobRun.Status.FAILED, finished_at=now,
        error=f"运行中断：超过{rules.STALE_AFTER.seconds // 3600}小时仍未结束，运行该任务的进程可能已退出",
    )


def tick(now: datetime.datetime | None = None) -> list[JobRun]:
    """One tick of the engine (the worker calls it every minute; `wumei cadence_tick` once): runs every due
    occurrence this ticker manages to claim, one after another, and returns those runs."""
    now = now or timezone.now()
    due = due_occurrences(now)
    if due:
        fail_stale(now)
    runs = []
    for occurrence in due:
        run = claim(occurrence, now)
        if run is not None:
            runs.append(execute(run))
    return runs


# ---------------------------------------------------------------- the HQ office's schedule


def can_view(user) -> bool:
    from wumei.org.models import Role
    from wumei.org.principal import principal_of

    principal = principal_of(user)
    return principal.is_superuser or principal.has_role(Role.HQ_OFFICE, Role.SYS_ADMIN)


def can_edit(user) -> bool:
    from wumei.org.models import Role
    from wumei.org.principal import principal_of

    principal = principal_of(user)
    return principal.is_superuser or principal.has_role(Role.HQ_OFFICE)


def _snapshot(row: Schedule) -> dict:
    return {"at": f"{row.at:%H:%M}", "is_enabled": row.is_enabled}


def update_schedule(actor, code: str, *, at: str | datetime.time, is_enabled: bool) -> Schedule:
    """The HQ office sets a job's time of day and switches it on or off; audited as schedule.update."""
    if not can_edit(actor):
        raise PermissionDenied("只有指挥部办公室可以调整定时任务")
    if code not in jobs.BY_CODE:
        raise ValidationError({"job": f"没有这个定时任务：{code}"})
    if isinstance(at, str):
        try:
            at = rules.parse_time(at)
        except ValueError as exc:
            raise ValidationError({"at": f"{jobs.job_label(code)}：{exc}"}) from exc
    at = at.replace(second=0, microsecond=0)
    ensure_schedules()
    with transaction.atomic():
        row = Schedule.objects.select_for_update().get(job=code)
        before = _snapshot(row)
        row.at, row.is_enabled, row.updated_by = at, is_enabled, actor
        row.save(update_fields=["at", "is_enabled", "updated_by", "updated_at"])
        after = _snapshot(row)
        if before != after:
            state = "启用" if is_enabled else "停用"
            before, after = diff(before, after)
            record(actor, "schedule.update", row, before=before, after=after,
                   note=f"{jobs.job_label(code)}：{at:%H:%M}，{state}")
    return row
