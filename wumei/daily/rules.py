"""每日必盯 rules as pure functions over plain values; dates and times are always passed in.

Decisions (see the README's 每日必盯 section):
- On time means submitted strictly before the cut-off (17:00 by default) of the report's own day, in local
  time: 16:59:59 is on time, 17:00:00 is late. A report for an earlier day is therefore always late. A day's
  report keeps the timeliness of its first submission: correcting it after the cut-off does not make an
  on-time report late.
- A report for a future day is refused; so is one for a day before the project's latest report (the
  registry's progress only moves forward in time).
- A project is expected to report on every working day (official calendar, holidays and 调休 included) from
  the day it was registered until it is completed and operating (竣工投产运营): the completion day itself
  and later days are not expected. A project without a responsible unit has nobody to report.
- The reporting rate is reports on time over reports expected; received counts late reports too.
"""

import bisect
import calendar as _calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from wumei.core.money import format_wan
from wumei.projects.models import STAGE_ORDER, Stage

ONE_DAY = datetime.timedelta(days=1)
MAX_PERIOD_DAYS = 366
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


# ---------------------------------------------------------------- cut-off and lateness


def parse_cutoff(text: str) -> datetime.time:
    """"17:00" or "17:00:00" → time; a ValueError with a Chinese message otherwise."""
    try:
        value = datetime.time.fromisoformat(text.strip())
    except (ValueError, AttributeError) as exc:
        raise ValueError(f"截止时间格式应为 HH:MM，例如 17:00（收到 {text!r}）") from exc
    if value.tzinfo is not None:
        raise ValueError("截止时间为本地时间，不应带时区")
    return value


def cutoff_of(day: datetime.date, cutoff: datetime.time) -> datetime.datetime:
    """The local (naive) moment a day's reports become late."""
    return datetime.datetime.combine(day, cutoff)


def is_late(report_on: datetime.date, submitted_local: datetime.datetime, cutoff: datetime.time) -> bool:
    """Submitted at or after the cut-off of the report's day (local, naive times)."""
    return submitted_local >= cutoff_of(report_on, cutoff)


def report_date_error(report_on: datetime.date, today: datetime.date,
                      latest_report_on: datetime.date | None) -> str | None:
    """A report may be for today or a past day, but not the future nor before the project's latest report."""
    if report_on > today:
        return f"不能填报今天以后的日报（{report_on:%Y年%m月%d日}）"
    if latest_report_on is not None and report_on < latest_report_on:
        return f"该项目已有{latest_report_on:%Y年%m月%d日}的日报，不能再补报更早日期的日报"
    return None


# ---------------------------------------------------------------- values of a report


@dataclass(frozen=True)
class Baseline:
    """What a report is checked against: the previous cumulative investment, the registry's stage and total."""

    cumulative: Decimal | None
    stage: str
    total_investment: Decimal | None


def report_errors(*, cumulative: Decimal, stage: str, baseline: Baseline, investment_reason: str = "",
                  stage_reason: str = "") -> dict[str, str]:
    """Field → Chinese message. Investment never falls and never exceeds the total without a reason; the
    stage never goes back without a reason."""
    errors: dict[str, str] = {}
    has_investment_reason = bool(investment_reason.strip())
    if cumulative < 0:
        errors["cumulative_investment"] = "累计完成投资不能为负数"
    elif baseline.cumulative is not None and cumulative < baseline.cumulative and not has_investment_reason:
        errors["investment_reason"] = (
            f"累计完成投资比上次填报的{format_wan(baseline.cumulative)}少，请填写调减原因")
    elif (baseline.total_investment is not None and cumulative > baseline.total_investment
          and not has_investment_reason):
        errors["investment_reason"] = (
            f"累计完成投资超过项目总投资{format_wan(baseline.total_investment)}，请填写原因")
    if stage not in STAGE_ORDER:
        errors["stage"] = f"无效的项目阶段 \"{stage}\""
    elif (baseline.stage in STAGE_ORDER and STAGE_ORDER[stage] < STAGE_ORDER[baseline.stage]
          and not stage_reason.strip()):
        errors["stage_reason"] = (
            f"项目阶段从「{Stage(baseline.stage).label}」退回「{Stage(stage).label}」，请填写原因")
    return errors


def investment_added(cumulative: Decimal, previous: Decimal | None) -> Decimal | None:
    return None if previous is None else cumulative - previous


# ---------------------------------------------------------------- who is expected to report


@dataclass(frozen=True)
class Obligation:
    """A project's duty to report daily: from its registration day until the day before it operates."""

    project_id: int
    unit_id: int
    first_day: datetime.date
    last_day: datetime.date | None = None  # None: still under way

    def covers(self, day: datetime.date) -> bool:
        return self.first_day <= day and (self.last_day is None or day <= self.last_day)


def obligation(project_id: int, unit_id: int | None, *, registered_on: datetime.date, stage: str,
               actual_completion_on: datetime.date | None,
               operating_since: datetime.date | None) -> Obligation | None:
    """The project's reporting duty, or None if it has nobody to report (no responsible unit)."""
    if unit_id is None:
        return None
    last_day = None
    if stage == Stage.OPERATING:
        completed = actual_completion_on or operating_since or registered_on
        last_day = completed - ONE_DAY
    return Obligation(project_id, unit_id, registered_on, last_day)


def is_expected(ob: Obligation, day: datetime.date, calendar) -> bool:
    return calendar.is_working_day(day) and ob.covers(day)


def working_days(first: datetime.date, last: datetime.date, calendar) -> list[datetime.date]:
    days, day = [], first
    while day <= last:
        if calendar.is_working_day(day):
            days.append(day)
        day += ONE_DAY
    return days


# ---------------------------------------------------------------- tallies and rates


def percent(part: int, whole: int) -> Decimal | None:
    """part/whole as a percentage with one decimal (None when nothing was expected)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Tally:
    """Reports expected, received (on time or late) and on time, for a unit and/or a period."""

    expected: int = 0
    received: int = 0
    on_time: int = 0

    @property
    def late(self) -> int:
        return self.received - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def rate(self) -> Decimal | None:
        """The reporting rate: on time over expected, in percent."""
        return percent(self.on_time, self.expected)

    @property
    def received_rate(self) -> Decimal | None:
        return percent(self.received, self.expected)

    def add(self, other: "Tally") -> "Tally":
        self.expected += other.expected
        self.received += other.received
        self.on_time += other.on_time
        return self


@dataclass
class Compliance:
    """Tallies by (unit, day) for a period of working days; sums by unit, by day and overall."""

    days: list[datetime.date]
    cells: dict[tuple[int, datetime.date], Tally] = field(default_factory=dict)

    def cell(self, unit_id: int, day: datetime.date) -> Tally:
        return self.cells.get((unit_id, day), Tally())

    def by_unit(self) -> dict[int, Tally]:
        out: dict[int, Tally] = {}
        for (unit_id, _), tally in self.cells.items():
            out.setdefault(unit_id, Tally()).add(tally)
        return out

    def by_day(self) -> dict[datetime.date, Tally]:
        out: dict[datetime.date, Tally] = {}
        for (_, day), tally in self.cells.items():
            out.setdefault(day, Tally()).add(tally)
        return out

    def total(self) -> Tally:
        total = Tally()
        for tally in self.cells.values():
            total.add(tally)
        return total


def compliance(obligations: Iterable[Obligation], reports: Iterable[tuple[int, datetime.date, bool]],
               first: datetime.date, last: datetime.date, calendar) -> Compliance:
    """Expected, received and on-time reports per unit and working day in [first, last].

    `reports` are (project_id, report_on, is_late). A report counts only where it was expected: reports on
    rest days or after completion are kept but not counted. Runs in O(projects + units × days).
    """
    days = working_days(first, last, calendar)
    index = {day: i for i, day in enumerate(days)}
    result = Compliance(days=days)
    by_project: dict[int, Obligation] = {}
    # Difference arrays per unit: +1 where a project's duty starts within the period, -1 after it ends.
    deltas: dict[int, list[int]] = {}
    for ob in obligations:
        by_project[ob.project_id] = ob
        start = max(ob.first_day, first)
        end = last if ob.last_day is None else min(ob.last_day, last)
        lo = _first_index_at_or_after(days, start)
        hi = _first_index_at_or_after(days, end + ONE_DAY)
        if lo >= hi:
            continue
        row = deltas.setdefault(ob.unit_id, [0] * (len(days) + 1))
        row[lo] += 1
        row[hi] -= 1
    for unit_id, row in deltas.items():
        running = 0
        for i, day in enumerate(days):
            running += row[i]
            if running:
                result.cells[(unit_id, day)] = Tally(expected=running)
    for project_id, day, late in reports:
        ob = by_project.get(project_id)
        if ob is None or day not in index or not ob.covers(day):
            continue
        tally = result.cells.setdefault((ob.unit_id, day), Tally())
        tally.received += 1
        if not late:
            tally.on_time += 1
    return result


def _first_index_at_or_after(days: list[datetime.date], day: datetime.date) -> int:
    return bisect.bisect_left(days, day)


def rank_units(tallies: dict[int, Tally], names: dict[int, str]) -> list[tuple[int, int, Tally]]:
    """(rank, unit_id, tally), best on-time rate first; ties share a rank (then received rate, name)."""
    rows = [(unit_id, tally) for unit_id, tally in tallies.items() if tally.expected]
    rows.sort(key=lambda r: (-(r[1].rate or 0), -(r[1].received_rate or 0), names.get(r[0], "")))
    ranked, previous, rank = [], None, 0
    for position, (unit_id, tally) in enumerate(rows, start=1):
        if tally.rate != previous:
            rank, previous = position, tally.rate
        ranked.append((rank, unit_id, tally))
    return ranked


class HeatLevel(StrEnum):
    """A calendar cell's colour: the day's on-time rate."""

    REST = "rest"  # a rest day (holiday or weekend)
    NONE = "none"  # a working day nobody was expected to report
    FUTURE = "future"
    FULL = "full"  # 100%
    GOOD = "good"  # ≥ 90%
    FAIR = "fair"  # ≥ 70%
    POOR = "poor"  # > 0
    ZERO = "zero"  # nothing on time


def heat_level(day: datetime.date, today: datetime.date, tally: Tally | None, is_working: bool) -> HeatLevel:
    if not is_working:
        return HeatLevel.REST
    if day > today:
        return HeatLevel.FUTURE
    if tally is None or not tally.expected:
        return HeatLevel.NONE
    rate = tally.rate or Decimal(0)
    if rate >= 100:
        return HeatLevel.FULL
    if rate >= 90:
        return HeatLevel.GOOD
    if rate >= 70:
        return HeatLevel.FAIR
    return HeatLevel.POOR if rate > 0 else HeatLevel.ZERO


# ---------------------------------------------------------------- a day's state and the chase


class DayState(StrEnum):
    """A project's report for a day, as the liaison's page shows it."""

    REPORTED = "已报"
    LATE = "迟报"
    PENDING = "未报"  # not yet, the cut-off has not passed
    MISSING = "未报（已过截止时间）"
    NOT_EXPECTED = "无需填报"


def day_state(*, expected: bool, report_is_late: bool | None, day: datetime.date,
              now_local: datetime.datetime, cutoff: datetime.time) -> DayState:
    """`report_is_late` is None when there is no report for the day."""
    if report_is_late is not None:
        return DayState.LATE if report_is_late else DayState.REPORTED
    if not expected:
        return DayState.NOT_EXPECTED
    return DayState.MISSING if now_local >= cutoff_of(day, cutoff) else DayState.PENDING


def chase_refusal(day: datetime.date, now_local: datetime.datetime, cutoff: datetime.time,
                  calendar) -> str | None:
    """Why the chase for `day` cannot run now (None when it can): only working days, only after the cut-off."""
    if not calendar.is_working_day(day):
        return f"{day:%Y年%m月%d日}不是工作日，无需催报"
    if now_local < cutoff_of(day, cutoff):
        return f"{day:%Y年%m月%d日}的日报截止时间（{cutoff:%H:%M}）未到，暂不催报"
    return None


# ---------------------------------------------------------------- periods and the month grid


def period_error(first: datetime.date, last: datetime.date) -> str | None:
    if last < first:
        return "结束日期不能早于开始日期"
    if (last - first).days + 1 > MAX_PERIOD_DAYS:
        return f"统计区间最长{MAX_PERIOD_DAYS}天"
    return None


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, _calendar.monthrange(year, month)[1])


def month_grid(year: int, month: int) -> list[list[datetime.date | None]]:
    """The month's weeks, Monday first; None pads the days outside the month."""
    weeks = _calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[day if day.month == month else None for day in week] for week in weeks]


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1
