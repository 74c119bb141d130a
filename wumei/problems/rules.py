"""Problem handling as pure rules: the transition table, the escalation ladder's deadlines, age buckets and
the statistics the HQ office quotes ("63 collected, 56 solved"). Dates are passed in; nothing here reads
the clock or the database.

Decisions (see the report / README):
- A problem is *overdue* when the day is after its current level's deadline; the deadline day itself is not.
- Resolution time is counted in working days (the unit of every deadline here), from the day a problem was
  raised (not counted) to the day it was solved (counted): solved the same day → 0.
- A problem *collected* in a period was raised in it; it counts as *solved* when it was solved by the
  period's end (its current solution date; a reopened problem is not solved until solved again).
- Age is calendar days since the problem was raised.
"""

import datetime
import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from wumei.calendar.rules import WorkCalendar
from wumei.problems.models import ACTIVE_STATUSES, CLOSED_STATUSES, Problem, ProblemTransition

Status = Problem.Status
Level = Problem.Level
Action = ProblemTransition.Action
TOP_LEVEL = Level.COUNTY_HEAD


class Hat(enum.StrEnum):
    """What a user is to one problem; the rules speak of hats, not of roles."""

    HQ = "hq"                      # the HQ office of the problem's county
    OWNER_UNIT = "owner_unit"      # liaison or head of the unit the problem is assigned to
    LEVEL_HOLDER = "level_holder"  # whoever answers for the problem's current level of the ladder
    REPORTER = "reporter"          # the user who raised it
    ENTERPRISE = "enterprise"      # the project owner's enterprise user


@dataclass(frozen=True)
class Rule:
    from_statuses: frozenset[str]
    hats: frozenset[Hat]
    to_status: str | None  # None: the status stays (escalation)


# Which transition is allowed from which status, and by whom. The HQ office may do anything; the unit works
# and solves; whoever holds the current level decides (solves) or passes it up; the reporter closes or reopens.
TRANSITIONS: dict[str, Rule] = {
    Action.ASSIGN: Rule(frozenset({Status.OPEN, Status.ASSIGNED}), frozenset({Hat.HQ}), Status.ASSIGNED),
    Action.START: Rule(frozenset({Status.ASSIGNED}), frozenset({Hat.HQ, Hat.OWNER_UNIT}), Status.IN_PROGRESS),
    Action.SOLVE: Rule(ACTIVE_STATUSES, frozenset({Hat.HQ, Hat.OWNER_UNIT, Hat.LEVEL_HOLDER}), Status.SOLVED),
    Action.CONFIRM: Rule(frozenset({Status.SOLVED}), frozenset({Hat.HQ, Hat.REPORTER}), Status.CONFIRMED),
    Action.REOPEN: Rule(frozenset({Status.SOLVED}), frozenset({Hat.HQ, Hat.REPORTER}), Status.REOPENED),
    Action.ESCALATE: Rule(ACTIVE_STATUSES, frozenset({Hat.HQ, Hat.LEVEL_HOLDER}), None),
}
# Transitions a user asks for by hand (raising and flagging are not in the table).
MANUAL_ACTIONS = tuple(TRANSITIONS)
# Transitions that need a written reason (退回重办、提级办理) or a written solution (办理解决).
NEEDS_REASON = frozenset({Action.REOPEN, Action.ESCALATE})


class Verdict(enum.Enum):
    ALLOWED = "allowed"
    FORBIDDEN = "forbidden"  # none of the user's hats may do this at all → 403
    CONFLICT = "conflict"    # his hat may, but not in the problem's present state → 409


def check(action: str, status: str, level: int, hats: Iterable[Hat]) -> Verdict:
    """May a user with `hats` apply `action` to a problem in `status` at `level`?"""
    rule = TRANSITIONS.get(action)
    if rule is None or not rule.hats.intersection(hats):
        return Verdict.FORBIDDEN
    if status not in rule.from_statuses:
        return Verdict.CONFLICT
    if action == Action.ESCALATE and level >= TOP_LEVEL:
        return Verdict.CONFLICT
    if action == Action.ASSIGN and level > Level.UNIT:
        return Verdict.CONFLICT  # once escalated, the leader decides; the unit is no longer re-chosen
    return Verdict.ALLOWED


def allowed_actions(status: str, level: int, hats: Iterable[Hat]) -> list[str]:
    hats = frozenset(hats)
    return [action for action in MANUAL_ACTIONS if check(action, status, level, hats) is Verdict.ALLOWED]


def to_status(action: str, status: str) -> str:
    return TRANSITIONS[action].to_status or status


def conflict_message(action: str, status: str, level: int) -> str:
    """Why `action` cannot be applied now, in Chinese."""
    verb = Action(action).label
    if action == Action.ESCALATE and level >= TOP_LEVEL and status in ACTIVE_STATUSES:
        return "该问题已提级至县长，不能再提级"
    if action == Action.ASSIGN and level > Level.UNIT and status in ACTIVE_STATUSES:
        return "该问题已提级办理，不能再交办给单位"
    return f"该问题当前状态为「{Status(status).label}」，不能{verb}"


def can_rate(status: str, already_rated: bool, hats: Iterable[Hat]) -> bool:
    """The project owner rates how a problem was solved, once, after it was solved (or confirmed)."""
    return Hat.ENTERPRISE in frozenset(hats) and status in CLOSED_STATUSES and not already_rated


# Escalation ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LadderDays:
    """Working days each level of the ladder gets: level 0 has the problem's own deadline."""

    lead_leader: int
    posts: Mapping[int, int]  # level 2 and 3, as set by the county (LadderPost)
    default: int              # a level the county has not set

    def for_level(self, level: int, unit_days: int) -> int:
        if level == Level.UNIT:
            return unit_days
        if level == Level.LEAD_LEADER:
            return self.lead_leader
        return self.posts.get(level, self.default)


def level_due_on(calendar: WorkCalendar, on: datetime.date, days: int) -> datetime.date:
    """A level's deadline: `days` working days after the day it reached the level (that day not counted)."""
    return calendar.add_working_days(on, days)


def is_overdue(status: str, due_on: datetime.date, on: datetime.date) -> bool:
    """Past the deadline: the day after the deadline day, not the deadline day itself."""
    return status in ACTIVE_STATUSES and on > due_on


class Step(enum.Enum):
    ESCALATE = "escalate"
    FLAG_TOP = "flag_top"


def escalation_step(status: str, level: int, due_on: datetime.date, on: datetime.date,
                    top_flagged: bool) -> Step | None:
    """What the daily job does to one problem on `on`: escalate it one level, flag it (top of the ladder,
    once), or nothing."""
    if not is_overdue(status, due_on, on):
        return None
    if level < TOP_LEVEL:
        return Step.ESCALATE
    return None if top_flagged else Step.FLAG_TOP


# Ages -----------------------------------------------------------------------------------------------------------

class Age(enum.StrEnum):
    FRESH = "lt7"
    WEEKS = "7to30"
    OLD = "gt30"

    @property
    def label(self) -> str:
        return {"lt7": "7天以内", "7to30": "7–30天", "gt30": "30天以上"}[self.value]


def age_days(raised_on: datetime.date, on: datetime.date) -> int:
    return (on - raised_on).days


def age_of(raised_on: datetime.date, on: datetime.date) -> Age:
    days = age_days(raised_on, on)
    if days < 7:
        return Age.FRESH
    return Age.WEEKS if days <= 30 else Age.OLD


def raised_between(age: Age, on: datetime.date) -> tuple[datetime.date | None, datetime.date | None]:
    """The raised_on range (inclusive; None: open) of the problems of `age` on `on`, for a database filter."""
    day = datetime.timedelta(days=1)
    if age is Age.FRESH:
        return on - 6 * day, None
    if age is Age.WEEKS:
        return on - 30 * day, on - 7 * day
    return None, on - 31 * day


# Statistics ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One problem as the statistics see it."""

    raised_on: datetime.date
    solved_on: datetime.date | None  # None unless solved (or confirmed) now
    unit: str
    category: str
    level: int


@dataclass(frozen=True)
class Figures:
    collected: int
    solved: int
    solved_rate: Decimal | None   # percent, one decimal: 88.9
    median_days: Decimal | None   # working days, halves possible: 4.5

    @property
    def unsolved(self) -> int:
        return self.collected - self.solved


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def median(values: list[int]) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle])
    return Decimal(ordered[middle - 1] + ordered[middle]) / 2


def resolution_days(calendar: WorkCalendar, raised_on: datetime.date, solved_on: datetime.date) -> int:
    return calendar.working_days_between(raised_on, solved_on)


def figures(rows: Iterable[Row], start: datetime.date, end: datetime.date, calendar: WorkCalendar) -> Figures:
    """Collected in [start, end], solved of those by `end`, the solved rate and the median resolution time."""
    collected = [r for r in rows if start <= r.raised_on <= end]
    solved = [r for r in collected if r.solved_on is not None and r.solved_on <= end]
    return Figures(
        collected=len(collected), solved=len(solved), solved_rate=percent(len(solved), len(collected)),
        median_days=median([resolution_days(calendar, r.raised_on, r.solved_on) for r in solved]),
    )


def breakdown(rows: Iterable[Row], start: datetime.date, end: datetime.date, calendar: WorkCalendar,
              key: Callable[[Row], object]) -> list[tuple[object, Figures]]:
    """`figures` per group of rows, the groups with most problems collected first (then by key)."""
    groups: dict[object, list[Row]] = {}
    for row in rows:
        if start <= row.raised_on <= end:
            groups.setdefault(key(row), []).append(row)
    out = [(k, figures(v, start, end, calendar)) for k, v in groups.items()]
    return sorted(out, key=lambda item: (-item[1].collected, str(item[0])))
