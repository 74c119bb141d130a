"""The cadence rules without a database: occurrences, the catch-up window, summaries."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from wumei.cadence import rules
from wumei.cadence.rules import EVERY_DAY, QUARTER_FIRST_DAY, WORKING_DAYS, month_days, weekday


def weekdays_only(day: datetime.date) -> bool:
    return day.weekday() < 5


def moment(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute)


SINCE = datetime.date(2026, 1, 1)
T0830 = datetime.time(8, 30)


def latest(days, now, since=SINCE, at=T0830):
    return rules.latest_occurrence(days, at, now, since=since, is_working_day=weekdays_only)


def test_the_latest_occurrence_is_today_once_its_time_has_come():
    assert latest(EVERY_DAY, moment(6, 11, 8, 30)) == datetime.date(2026, 6, 11)
    assert latest(EVERY_DAY, moment(6, 11, 8, 29)) == datetime.date(2026, 6, 10)


def test_the_dekad_days_occur_on_the_first_eleventh_and_twenty_first():
    dekad = month_days(1, 11, 21)
    assert dekad.label == "每月1日、11日、21日"
    assert latest(dekad, moment(6, 17, 23)) == datetime.date(2026, 6, 11)
    assert latest(dekad, moment(6, 21, 9)) == datetime.date(2026, 6, 21)


def test_working_days_skip_the_weekend():
    # Monday 15 June 2026 before 08:30: the latest working day is Friday the 12th.
    assert latest(WORKING_DAYS, moment(6, 15, 7)) == datetime.date(2026, 6, 12)


def test_a_catch_up_looks_back_seven_days_and_never_before_the_engine_knew_the_job():
    monday = weekday(0, "每周一")
    assert latest(monday, moment(6, 15, 8)) == datetime.date(2026, 6, 8)       # 7 days back: still caught up
    assert latest(month_days(1), moment(6, 9, 8)) is None                       # 8 days back: too old
    assert latest(EVERY_DAY, moment(6, 11, 9), since=datetime.date(2026, 6, 12)) is None


def test_the_quarter_begins_on_the_first_of_january_april_july_and_october():
    assert QUARTER_FIRST_DAY.matches(datetime.date(2026, 7, 1), weekdays_only)
    assert not QUARTER_FIRST_DAY.matches(datetime.date(2026, 8, 1), weekdays_only)
    assert not QUARTER_FIRST_DAY.matches(datetime.date(2026, 7, 2), weekdays_only)


def test_the_next_occurrence_is_strictly_after_now():
    assert rules.next_occurrence(EVERY_DAY, T0830, moment(6, 11, 8, 30), is_working_day=weekdays_only) == \
        moment(6, 12, 8, 30)
    assert rules.next_occurrence(WORKING_DAYS, T0830, moment(6, 12, 9), is_working_day=weekdays_only) == \
        moment(6, 15, 8, 30)


def test_a_run_more_than_ten_minutes_late_is_a_catch_up():
    assert not rules.is_catch_up(moment(6, 11, 8, 30), moment(6, 11, 8, 40))
    assert rules.is_catch_up(moment(6, 11, 8, 30), moment(6, 11, 8, 41))


def test_times_are_hours_and_minutes():
    assert rules.parse_time(" 07:05 ") == datetime.time(7, 5)
    for text in ("25:00", "8点半", "", "08:61"):
        with pytest.raises(ValueError, match="时间格式应为"):
            rules.parse_time(text)


@dataclass
class Summary:
    day: datetime.date
    amount: Decimal


class WithAsDict:
    def as_dict(self) -> dict:
        return {"on": datetime.date(2026, 6, 11), "letters": [1, 2, 3]}


def test_any_job_result_becomes_a_json_object():
    assert rules.summarise(None) == {}
    assert rules.summarise(WithAsDict()) == {"on": "2026-06-11", "letters": [1, 2, 3]}
    assert rules.summarise(Summary(datetime.date(2026, 6, 11), Decimal("12.5"))) == {"day": "2026-06-11",
                                                                                    "amount": "12.5"}
    assert rules.summarise(7) == {"result": 7}
    assert rules.summarise({"at": datetime.time(8, 30), "what": object})["at"] == "08:30:00"


def test_the_summary_line_shows_scalars_and_counts_lists():
    line = rules.summary_line({"on": "2026-06-11", "letters": [1, 2], "by_level": {"2": 1}, "ran": True})
    assert line == "on=2026-06-11，letters=2，ran=True"
