"""Backup retention: 7 daily, 4 weekly, 6 monthly, counted over the backups that exist (no database)."""

import datetime

from wumei.ops.rules import Retention, backups_to_keep

D = datetime.date


def nightly(first: datetime.date, last: datetime.date, hour: int = 2) -> list[datetime.datetime]:
    count = (last - first).days + 1
    return [datetime.datetime.combine(first + datetime.timedelta(days=n), datetime.time(hour)) for n in range(count)]


def kept_days(stamps, retention: Retention | None = None) -> list[datetime.date]:
    return sorted(stamp.date() for stamp in backups_to_keep(stamps, retention or Retention()))


def span(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def test_nothing_to_keep_from_nothing():
    assert backups_to_keep([]) == set()


def test_a_week_of_nightly_backups_is_kept_whole():
    stamps = nightly(D(2026, 3, 5), D(2026, 3, 11))
    assert backups_to_keep(stamps) == set(stamps)


def test_the_eighth_and_ninth_days_go_when_no_week_or_month_needs_them():
    # 3 and 4 March are in the ISO week of 2–8 March, whose newest backup (8 March) is a daily already.
    assert kept_days(nightly(D(2026, 3, 3), D(2026, 3, 11))) == span(D(2026, 3, 5), D(2026, 3, 11))


def test_a_long_history_keeps_seven_days_four_weeks_and_six_months():
    assert kept_days(nightly(D(2025, 1, 1), D(2026, 3, 11))) == [
        D(2025, 10, 31), D(2025, 11, 30), D(2025, 12, 31), D(2026, 1, 31),  # months: their last backups
        D(2026, 2, 22), D(2026, 2, 28), D(2026, 3, 1),  # weeks ending 22 Feb and 1 Mar; February
        *span(D(2026, 3, 5), D(2026, 3, 11)),  # the seven days (the weeks of 8 and 11 March among them)
    ]


def test_of_several_backups_a_day_the_newest_is_kept():
    stamps = nightly(D(2026, 3, 1), D(2026, 3, 7), hour=2) + nightly(D(2026, 3, 1), D(2026, 3, 7), hour=14)
    kept = backups_to_keep(stamps)
    assert {stamp.hour for stamp in kept} == {14}
    assert len(kept) == 7


def test_days_are_counted_over_backups_not_over_the_calendar():
    """A server that was off for a fortnight still keeps its last seven backups."""
    stamps = nightly(D(2026, 3, 1), D(2026, 3, 5)) + nightly(D(2026, 3, 20), D(2026, 3, 22))
    assert kept_days(stamps, Retention(daily=7, weekly=0, monthly=0)) == [
        D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 4), D(2026, 3, 5), D(2026, 3, 20), D(2026, 3, 21), D(2026, 3, 22)]


def test_an_iso_week_spans_the_new_year():
    # 28 December 2026 – 3 January 2027 is one ISO week (2026-W53).
    stamps = nightly(D(2026, 12, 30), D(2027, 1, 1))
    assert kept_days(stamps, Retention(daily=0, weekly=1, monthly=0)) == [D(2027, 1, 1)]
    assert kept_days(stamps, Retention(daily=0, weekly=2, monthly=0)) == [D(2027, 1, 1)]


def test_months_end_on_their_last_day():
    stamps = nightly(D(2026, 1, 30), D(2026, 2, 2))
    assert kept_days(stamps, Retention(daily=0, weekly=0, monthly=6)) == [D(2026, 1, 31), D(2026, 2, 2)]
    assert kept_days(stamps, Retention(daily=0, weekly=0, monthly=1)) == [D(2026, 2, 2)]


def test_a_week_boundary_between_sunday_and_monday():
    stamps = nightly(D(2026, 3, 8), D(2026, 3, 9))  # Sunday, Monday
    assert kept_days(stamps, Retention(daily=0, weekly=4, monthly=0)) == [D(2026, 3, 8), D(2026, 3, 9)]


def test_the_newest_backup_is_always_kept():
    stamps = nightly(D(2026, 3, 1), D(2026, 3, 3))
    assert kept_days(stamps, Retention(daily=0, weekly=0, monthly=0)) == [D(2026, 3, 3)]
