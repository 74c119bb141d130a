"""Working days, dekads and periods as pure functions. Dates are always passed in; no now() here."""

import calendar
import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

DEKAD_NAMES = ("上旬", "中旬", "下旬")


@dataclass(frozen=True)
class WorkCalendar:
    """The official calendar: special days (holidays on weekdays, 调休 weekends) for published years.

    For a year not yet published the rule falls back to Monday–Friday; `is_published` tells the
    caller so a screen can warn.
    """

    special: Mapping[datetime.date, bool]
    published_years: frozenset[int]

    def is_published(self, year: int) -> bool:
        return year in self.published_years

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.special:
            return self.special[day]
        return day.weekday() < 5

    def add_working_days(self, start: datetime.date, count: int) -> datetime.date:
        """The date `count` working days after `start` (start itself not counted)."""
        day = start
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        while remaining:
            day += datetime.timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days in (start, end]."""
        return sum(1 for d in days_between(start + datetime.timedelta(days=1), end) if self.is_working_day(d))


def days_between(first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


@dataclass(frozen=True, order=True)
class Dekad:
    """A ten-day period (旬): days 1–10, 11–20, 21–end of month."""

    year: int
    month: int
    index: int  # 0, 1, 2

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1 + 10 * self.index)

    @property
    def end(self) -> datetime.date:
        if self.index < 2:
            return datetime.date(self.year, self.month, 10 * (self.index + 1))
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}{DEKAD_NAMES[self.index]}"

    def next(self) -> "Dekad":
        return dekad_of(self.end + datetime.timedelta(days=1))

    def previous(self) -> "Dekad":
        return dekad_of(self.start - datetime.timedelta(days=1))


def dekad_of(day: datetime.date) -> Dekad:
    return Dekad(day.year, day.month, min((day.day - 1) // 10, 2))


def year_elapsed_share(on: datetime.date) -> tuple[int, int]:
    """序时进度 as county reports compute it: completed months over twelve (end of April → 4/12).

    A date on the last day of a month counts that month as elapsed.
    """
    last_day = calendar.monthrange(on.year, on.month)[1]
    months = on.month if on.day == last_day else on.month - 1
    return months, 12
