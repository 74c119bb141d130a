"""Helpers of the cadence tests: local moments, the runs as (job, day) pairs, ticking along a stretch of time."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from wumei.cadence.models import JobRun
from wumei.cadence.services import tick


def at(day: datetime.date, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """An aware moment, local (Asia/Shanghai) time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def d(month: int, day: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, day)


def runs() -> set[tuple[str, datetime.date]]:
    return set(JobRun.objects.values_list("job", "on"))


def counts() -> Counter:
    return Counter(JobRun.objects.values_list("job", flat=True))


def tick_along(time_machine, start: datetime.datetime, end: datetime.datetime, step: datetime.timedelta,
               times: int = 1) -> None:
    """Tick `times` times at every `step` from `start` to `end` (inclusive), the clock moved to each moment."""
    moment = start
    while moment <= end:
        time_machine.move_to(moment, tick=False)
        for _ in range(times):
            tick()
        moment += step


@pytest.fixture
def hq(county):
    from wumei.testing import Role, user_with_role

    return user_with_role(Role.HQ_OFFICE, county, username="hq_office")


def tick_days(time_machine, first: datetime.date, last: datetime.date) -> None:
    """Every day from `first` to `last`: a tick at midnight and at noon, and two at each job's time of day."""
    from wumei.cadence.jobs import JOBS

    times = sorted({job.default_at for job in JOBS} | {datetime.time(0), datetime.time(12)})
    day = first
    while day <= last:
        for moment in times:
            time_machine.move_to(timezone.make_aware(datetime.datetime.combine(day, moment)), tick=False)
            tick()
            tick()
        day += datetime.timedelta(days=1)
