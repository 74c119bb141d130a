"""Rules of the entrepreneur reception day, as pure functions with the date passed in."""

import datetime
from collections.abc import Callable

RECEPTION_DAY_OF_MONTH = 8  # seed §四·三: 将每月8日设为企业家接待日
REMIND_WORKING_DAYS = 3  # the leaders and the HQ office are reminded this many working days before the day
# How far ahead the job looks for a reception day to remind of (covers a 8th after a long holiday).
LOOKAHEAD_DAYS = 14


def month_of(day: datetime.date) -> datetime.date:
    """The first day of `day`'s month: the key of a month's reception day."""
    return day.replace(day=1)


def default_reception_day(year: int, month: int, is_working_day: Callable[[datetime.date], bool]
                          ) -> datetime.date | None:
    """The 8th when it is a working day; None when it is not — then the HQ office sets the day."""
    eighth = datetime.date(year, month, RECEPTION_DAY_OF_MONTH)
    return eighth if is_working_day(eighth) else None


def proposed_reception_day(year: int, month: int, is_working_day: Callable[[datetime.date], bool]
                           ) -> datetime.date:
    """What the form proposes to the HQ office: the 8th, or the first working day after it in the same month
    (the last working day before it when none is left). Only a proposal: the office confirms or changes it."""
    eighth = datetime.date(year, month, RECEPTION_DAY_OF_MONTH)
    day = eighth
    while day.month == month:
        if is_working_day(day):
            return day
        day += datetime.timedelta(days=1)
    day = eighth
    while day.month == month and not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day if day.month == month else eighth


def next_eighth(on: datetime.date) -> datetime.date:
    """The next 8th on or after `on` (this month's, or next month's once it has passed)."""
    if on.day <= RECEPTION_DAY_OF_MONTH:
        return on.replace(day=RECEPTION_DAY_OF_MONTH)
    year, month = (on.year + 1, 1) if on.month == 12 else (on.year, on.month + 1)
    return datetime.date(year, month, RECEPTION_DAY_OF_MONTH)


def is_reminder_due(held_on: datetime.date, on: datetime.date, remind_from: datetime.date) -> bool:
    """Remind from `remind_from` (REMIND_WORKING_DAYS working days before) up to the day itself."""
    return remind_from <= on <= held_on


def check_held_on(month: datetime.date, held_on: datetime.date) -> str | None:
    """The reception day must fall in its own month; the message when it does not."""
    if (held_on.year, held_on.month) != (month.year, month.month):
        return f"接待日期须在{month.year}年{month.month}月内"
    return None
