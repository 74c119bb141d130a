"""The cadence rules as pure functions over plain values (the date and time are passed in, local and naive).

- A job has at most one occurrence per day: on the days its `Days` rule accepts, at its time of day.
- The due occurrence at `now` is the latest one at or before `now`, looked for back to CATCH_UP_DAYS days and
  never before the day the engine first knew the job: a server that was down runs each job's latest missed
  occurrence once, not every missed one.
"""

import dataclasses
import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder

CATCH_UP_DAYS = 7  # how far back a missed occurrence is still caught up
CATCH_UP_GRACE = datetime.timedelta(minutes=10)  # a run started later than this after its time is a catch-up
STALE_AFTER = datetime.timedelta(hours=6)  # a run still "running" after this long died with its process
ERROR_MAX_CHARS = 20_000


@dataclass(frozen=True)
class Days:
    """Which days a job runs on. `test(day, is_working_day)` decides; `label` says it in Chinese."""

    label: str
    test: Callable[[datetime.date, Callable[[datetime.date], bool]], bool]

    def matches(self, day: datetime.date, is_working_day: Callable[[datetime.date], bool]) -> bool:
        return self.test(day, is_working_day)


EVERY_DAY = Days("每天", lambda day, working: True)
WORKING_DAYS = Days("每个工作日", lambda day, working: working(day))


def weekday(number: int, label: str) -> Days:
    """Every week on `number` (Monday = 0)."""
    return Days(label, lambda day, working: day.weekday() == number)


def month_days(*days: int) -> Days:
    """Given days of each month: `month_days(1, 11, 21)` → 每月1日、11日、21日."""
    label = "每月" + "、".join(f"{d}日" for d in days)
    return Days(label, lambda day, working: day.day in days)


QUARTER_FIRST_DAY = Days("每季度首日（1、4、7、10月1日）", lambda day, working: day.day == 1 and day.month in (1, 4, 7, 10))


def latest_occurrence(days: Days, at: datetime.time, now: datetime.datetime, *, since: datetime.date,
                      is_working_day: Callable[[datetime.date], bool]) -> datetime.date | None:
    """The day of the job's latest occurrence at or before `now` (local), at most CATCH_UP_DAYS back and not
    before `since`; None when there is none in that window."""
    earliest = max(since, now.date() - datetime.timedelta(days=CATCH_UP_DAYS))
    day = now.date()
    while day >= earliest:
        if days.matches(day, is_working_day) and datetime.datetime.combine(day, at) <= now:
            return day
        day -= datetime.timedelta(days=1)
    return None


def next_occurrence(days: Days, at: datetime.time, now: datetime.datetime, *,
                    is_working_day: Callable[[datetime.date], bool], horizon: int = 400) -> datetime.datetime | None:
    """The first occurrence strictly after `now` (local), within `horizon` days."""
    day = now.date()
    for _ in range(horizon):
        moment = datetime.datetime.combine(day, at)
        if moment > now and days.matches(day, is_working_day):
            return moment
        day += datetime.timedelta(days=1)
    return None


def is_catch_up(scheduled_for: datetime.datetime, now: datetime.datetime) -> bool:
    """A run starting well after its time (the server was down, or the job was switched on late) is a catch-up."""
    return now - scheduled_for > CATCH_UP_GRACE


def parse_time(text: str) -> datetime.time:
    """`HH:MM` (24-hour) → time; ValueError with a Chinese message otherwise."""
    try:
        moment = datetime.datetime.strptime(text.strip(), "%H:%M")
    except ValueError as exc:
        raise ValueError("时间格式应为 时:分（24小时制），如 08:30") from exc
    return moment.time()


def summarise(value) -> dict:
    """A job's return value as a JSON object: `as_dict()` when it has one, a dataclass's fields, a dict as it
    is; anything else under "result". Dates, decimals … become strings."""
    if value is None:
        return {}
    if hasattr(value, "as_dict"):
        value = value.as_dict()
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    if not isinstance(value, dict):
        value = {"result": value}
    return json.loads(json.dumps(value, cls=_Encoder, ensure_ascii=False))


class _Encoder(DjangoJSONEncoder):
    """Django's encoder (dates, decimals, UUIDs), and the text of anything else."""

    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def summary_line(result: dict, limit: int = 6) -> str:
    """The scalar items of a result, `key=value` joined, for the history list (lists count their items)."""
    parts = []
    for key, value in result.items():
        if isinstance(value, list | tuple):
            value = len(value)
        elif isinstance(value, dict):
            continue
        parts.append(f"{key}={value}")
        if len(parts) == limit:
            break
    return "，".join(parts)
