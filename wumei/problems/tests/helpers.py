"""Helpers and constants of the problem tests."""

import datetime
import zoneinfo

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 6, 15)  # a Monday
HOLIDAYS = [datetime.date(2026, 10, d) for d in range(1, 8)]
MAKE_UP_DAYS = [datetime.date(2026, 9, 20), datetime.date(2026, 10, 10)]
VICE_DAYS, HEAD_DAYS = 3, 2


def d(month: int, day: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, day)


def freeze(time_machine, day: datetime.date) -> None:
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(12), tzinfo=SHANGHAI), tick=False)


def fresh(problem):
    """The problem as stored now, with what the rules need."""
    from wumei.problems.models import Problem

    return Problem.objects.select_related("project__county", "project__lead_leader", "owner_unit").get(pk=problem.pk)
