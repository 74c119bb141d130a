"""Which backups to keep: 7 daily, 4 weekly, 6 monthly (grandfather-father-son).

Counted over the backups that exist, not over the calendar (as restic's `forget --keep-daily` does): the
newest backup of each of the 7 most recent days that have one, of each of the 4 most recent ISO weeks,
of each of the 6 most recent months. A server that was off for a fortnight therefore still keeps its last
seven days of backups; and the newest backup is always kept.
"""

import dataclasses
import datetime
from collections.abc import Callable, Hashable, Iterable


@dataclasses.dataclass(frozen=True)
class Retention:
    daily: int = 7
    weekly: int = 4
    monthly: int = 6


def _day(stamp: datetime.datetime) -> Hashable:
    return stamp.date()


def _week(stamp: datetime.datetime) -> Hashable:
    iso = stamp.isocalendar()
    return iso.year, iso.week


def _month(stamp: datetime.datetime) -> Hashable:
    return stamp.year, stamp.month


def backups_to_keep(stamps: Iterable[datetime.datetime], retention: Retention = Retention()) -> set[datetime.datetime]:
    """The times (among `stamps`, the backups' local creation times) whose backups are kept."""
    newest_first = sorted(set(stamps), reverse=True)
    kept: set[datetime.datetime] = set(newest_first[:1])
    rules: list[tuple[int, Callable[[datetime.datetime], Hashable]]] = [
        (retention.daily, _day), (retention.weekly, _week), (retention.monthly, _month),
    ]
    for count, period in rules:
        seen: set[Hashable] = set()
        for stamp in newest_first:
            if len(seen) >= count:
                break
            bucket = period(stamp)
            if bucket not in seen:
                seen.add(bucket)
                kept.add(stamp)
    return kept
