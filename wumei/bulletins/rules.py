"""The supervision bulletin's figures (督查通报, seed §三) as pure functions over plain rows, with the cut-off
date passed in. `compose` turns them into the snapshot a bulletin keeps: JSON-ready (money and rates as
decimal strings, dates as ISO strings), so a bulletin re-rendered later shows the numbers of its cut-off.

Definitions (what county reports mean by them):
- 序时进度: completed months over twelve (wumei.calendar.rules.year_elapsed_share): 30 April → 33.3%.
- Completion rate: investment completed this year over the annual plan, in percent with one decimal; its gap
  to 序时进度 is taken between the one-decimal figures as printed ("31.7%，低于序时进度1.6个百分点").
- Start rate: of the projects due to start this year (plan kind 新开工, or planned start in the year), the
  share started by the cut-off; completion rate likewise with 竣工投产 and the planned completion.
- Lagging: not started past the planned start, not completed past the planned completion, or investment
  completion below 序时进度 (for a project started or due to have started); seriously lagging when the
  investment completed is under `serious_percent` (default 50%) of what the plan expects by the cut-off (the
  supervision letter's rule).
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from wumei.calendar.rules import year_elapsed_share

SNAPSHOT_VERSION = 1
HUNDRED = Decimal(100)
ONE_PLACE = Decimal("0.1")
WAN = Decimal("0.0001")
ZERO = Decimal(0)

LEVELS = (("provincial", "省重点"), ("municipal", "市重点"), ("county", "县重点"))
LEVEL_LABELS = dict(LEVELS)
NEW_START, COMPLETING = "new_start", "completing"  # projects.PlanKind values
OPERATING = "operating"  # projects.Stage.OPERATING
LETTER_KINDS = (("reminder", "提醒函"), ("assignment", "交办函"), ("supervision", "督办函"))
WITHDRAWN = "withdrawn"  # a letter status that never counts
DEFAULT_SERIOUS_PERCENT = Decimal(50)
UNASSIGNED = "未明确责任单位"


# Rows -------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProjectRow:
    """A key project as of the cut-off, as the bulletin needs it."""

    id: int
    name: str
    level: str = "county"
    unit_id: int | None = None
    unit: str = ""
    plan_kind: str = ""  # this year's plan kind, "" without a plan
    annual_plan: Decimal | None = None  # this year's planned investment, 万元
    year_done: Decimal | None = None  # completed this year up to the cut-off, 万元
    planned_start_on: datetime.date | None = None
    actual_start_on: datetime.date | None = None
    planned_completion_on: datetime.date | None = None
    actual_completion_on: datetime.date | None = None
    stage: str = ""
    overdue_tasks: int = 0
    overdue_problems: int = 0

    def started(self, on: datetime.date) -> bool:
        return self.actual_start_on is not None and self.actual_start_on <= on

    def completed(self, on: datetime.date) -> bool:
        if self.actual_completion_on is not None:
            return self.actual_completion_on <= on
        return self.stage == OPERATING

    def due_to_start(self, year: int) -> bool:
        return self.plan_kind == NEW_START or (self.planned_start_on is not None
                                               and self.planned_start_on.year == year)

    def due_to_complete(self, year: int) -> bool:
        return self.plan_kind == COMPLETING or (self.planned_completion_on is not None
                                                and self.planned_completion_on.year == year)

    @property
    def has_plan(self) -> bool:
        return self.annual_plan is not None and self.annual_plan > 0


@dataclass(frozen=True)
class LetterRow:
    kind: str
    status: str
    issued_on: datetime.date | None
    answered_on: datetime.date | None = None


@dataclass(frozen=True)
class TaskRow:
    status: str  # open / done / cancelled
    due_on: datetime.date
    done_on: datetime.date | None = None


@dataclass(frozen=True)
class ProblemRow:
    raised_on: datetime.date
    solved_on: datetime.date | None = None  # None unless solved


# Percentages ------------------------------------------------------------------------------------------------------

def one_place(value: Decimal) -> Decimal:
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part/whole in percent with one decimal; None when the whole is nothing."""
    if not whole:
        return None
    return one_place(Decimal(part) * HUNDRED / Decimal(whole))


def pct_text(value: Decimal | str | None) -> str:
    """`31.7`, `100` (trailing .0 dropped); `—` for None."""
    if value is None:
        return "—"
    text = f"{one_place(Decimal(value)):f}"
    return text[:-2] if text.endswith(".0") else text


def schedule_percent(on: datetime.date) -> Decimal:
    """序时进度 in percent with one decimal: 30 April → 33.3."""
    months, of = year_elapsed_share(on)
    return one_place(Decimal(months) * HUNDRED / Decimal(of))


def gap_points(rate: Decimal, schedule: Decimal) -> Decimal:
    """Percentage points behind 序时进度 (negative: ahead), between the one-decimal figures as printed."""
    return one_place(schedule) - one_place(rate)


def schedule_text(rate: Decimal | None, schedule: Decimal) -> str:
    """`完成年度计划的31.7%，低于序时进度1.6个百分点` (or 高于 …, 与序时进度持平)."""
    if rate is None:
        return "无年度计划投资"
    head = f"完成年度计划的{pct_text(rate)}%"
    gap = gap_points(rate, schedule)
    if gap > 0:
        return f"{head}，低于序时进度{pct_text(gap)}个百分点"
    if gap < 0:
        return f"{head}，高于序时进度{pct_text(-gap)}个百分点"
    return f"{head}，与序时进度持平"


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(WAN, rounding=ROUND_HALF_UP))


def _pct(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _date(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def cn_date(day: datetime.date) -> str:
    """2026-03-01 → 2026年3月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


# Started and completed --------------------------------------------------------------------------------------------

def start_completion(rows: Iterable[ProjectRow], on: datetime.date) -> dict:
    """Projects started and completed by level and in total: due this year, done by the cut-off, rate; plus the
    projects started / completed in the year whatever their plan."""
    year, first_day = on.year, datetime.date(on.year, 1, 1)

    def figures(group: list[ProjectRow]) -> dict:
        due_start = [r for r in group if r.due_to_start(year)]
        due_complete = [r for r in group if r.due_to_complete(year)]
        started = sum(1 for r in due_start if r.started(on))
        completed = sum(1 for r in due_complete if r.completed(on))
        return {
            "projects": len(group),
            "due_start": len(due_start), "started": started, "start_rate": _pct(percent(started, len(due_start))),
            "started_in_year": sum(1 for r in group if r.actual_start_on and first_day <= r.actual_start_on <= on),
            "due_complete": len(due_complete), "completed": completed,
            "completion_rate": _pct(percent(completed, len(due_complete))),
            "completed_in_year": sum(1 for r in group if r.actual_completion_on
                                     and first_day <= r.actual_completion_on <= on),
        }

    rows = list(rows)
    levels = [{"level": code, "label": label, **figures([r for r in rows if r.level == code])}
              for code, label in LEVELS]
    return {"levels": levels, "total": {"level": "", "label": "合计", **figures(rows)}}


# Investment -------------------------------------------------------------------------------------------------------

def investment(rows: Iterable[ProjectRow], on: datetime.date) -> dict:
    """The year's planned investment of the projects with a plan, what they completed by the cut-off, the rate,
    序时进度 and the sentence; by level and in total."""
    schedule = schedule_percent(on)

    def figures(group: list[ProjectRow]) -> dict:
        planned = [r for r in group if r.has_plan]
        plan = sum((r.annual_plan for r in planned), ZERO)
        done = sum((r.year_done or ZERO for r in planned), ZERO)
        rate = percent(done, plan)
        return {"projects": len(planned), "plan": _money(plan), "done": _money(done), "rate": _pct(rate),
                "gap": _pct(gap_points(rate, schedule)) if rate is not None else None,
                "text": schedule_text(rate, schedule)}

    rows = list(rows)
    months, _ = year_elapsed_share(on)
    return {
        "schedule": str(schedule), "months": months,
        "levels": [{"level": code, "label": label, **figures([r for r in rows if r.level == code])}
                   for code, label in LEVELS],
        "total": {"level": "", "label": "合计", **figures(rows)},
    }


# Rankings ---------------------------------------------------------------------------------------------------------

def competition_ranks(values: list[Decimal | None]) -> list[int | None]:
    """Ranks of values already sorted best first: equal values share a rank, the next skips (1, 2, 2, 4);
    None (no figure) gets no rank."""
    ranks: list[int | None] = []
    previous, rank = object(), 0
    for position, value in enumerate(values, start=1):
        if value is None:
            ranks.append(None)
            continue
        if value != previous:
            rank, previous = position, value
        ranks.append(rank)
    return ranks


def rank_projects(rows: Iterable[ProjectRow], on: datetime.date) -> list[dict]:
    """The projects with a plan, best investment completion rate first (ties share a rank, then by name)."""
    schedule = schedule_percent(on)
    planned = [(r, percent(r.year_done or ZERO, r.annual_plan)) for r in rows if r.has_plan]
    planned.sort(key=lambda item: (-item[1], item[0].name, item[0].id))
    ranks = competition_ranks([rate for _, rate in planned])
    return [{
        "rank": rank, "id": r.id, "name": r.name, "level": r.level, "unit": r.unit or UNASSIGNED,
        "plan": _money(r.annual_plan), "done": _money(r.year_done or ZERO), "rate": _pct(rate),
        "gap": _pct(gap_points(rate, schedule)), "behind": gap_points(rate, schedule) > 0,
    } for (r, rate), rank in zip(planned, ranks, strict=True)]


def rank_units(rows: Iterable[ProjectRow], on: datetime.date,
               on_time: Mapping[int, Decimal | None] | None = None) -> list[dict]:
    """Responsible units, ranked by their projects' investment completion (completed over planned, summed), with
    their daily reports' on-time rate and its own rank when given. Units without a plan come last."""
    schedule = schedule_percent(on)
    on_time = on_time or {}
    groups: dict[int, list[ProjectRow]] = {}
    names: dict[int, str] = {}
    for r in rows:
        if r.unit_id is None:
            continue
        groups.setdefault(r.unit_id, []).append(r)
        names[r.unit_id] = r.unit
    units = []
    for unit_id, group in groups.items():
        planned = [r for r in group if r.has_plan]
        plan = sum((r.annual_plan for r in planned), ZERO)
        done = sum((r.year_done or ZERO for r in planned), ZERO)
        rate = percent(done, plan)
        behind = sum(1 for r in planned if gap_points(percent(r.year_done or ZERO, r.annual_plan), schedule) > 0)
        units.append({
            "id": unit_id, "name": names[unit_id], "projects": len(group), "plan": _money(plan), "done": _money(done),
            "rate": rate, "gap": gap_points(rate, schedule) if rate is not None else None, "behind_projects": behind,
            "on_time": on_time.get(unit_id),
        })
    units.sort(key=lambda u: (u["rate"] is None, -(u["rate"] or ZERO), u["name"], u["id"]))
    for unit, rank in zip(units, competition_ranks([u["rate"] for u in units]), strict=True):
        unit["rank"] = rank
    by_on_time = sorted((u for u in units if u["on_time"] is not None), key=lambda u: (-u["on_time"], u["name"]))
    for unit, rank in zip(by_on_time, competition_ranks([u["on_time"] for u in by_on_time]), strict=True):
        unit["on_time_rank"] = rank
    for unit in units:
        unit.setdefault("on_time_rank", None)
        unit["rate"], unit["gap"], unit["on_time"] = _pct(unit["rate"]), _pct(unit["gap"]), _pct(unit["on_time"])
    return units


# Lagging ----------------------------------------------------------------------------------------------------------

def lag_reasons(row: ProjectRow, on: datetime.date, serious_percent: Decimal = DEFAULT_SERIOUS_PERCENT
                ) -> tuple[list[str], bool, Decimal | None]:
    """Why a project lags as of `on` (empty: it does not), whether seriously, and its investment gap in points.

    Overdue tasks and problems are added as further reasons of a project that lags for the three main ones.
    """
    reasons: list[str] = []
    if row.planned_start_on and row.planned_start_on < on and not row.started(on):
        reasons.append(f"计划{cn_date(row.planned_start_on)}开工，已逾期{(on - row.planned_start_on).days}天仍未开工")
    if (row.planned_completion_on and row.planned_completion_on < on and row.started(on)
            and not row.completed(on)):
        days = (on - row.planned_completion_on).days
        reasons.append(f"计划{cn_date(row.planned_completion_on)}竣工投产，已逾期{days}天仍未竣工投产")
    schedule = schedule_percent(on)
    gap, serious = None, False
    # A project not yet due to start is not behind on its investment: its plan's money comes later in the year.
    not_yet_due = not row.started(on) and (row.planned_start_on is None or row.planned_start_on >= on)
    if row.has_plan and not not_yet_due:
        rate = percent(row.year_done or ZERO, row.annual_plan)
        gap = gap_points(rate, schedule)
        if gap > 0:
            reasons.append(schedule_text(rate, schedule))
        months, of = year_elapsed_share(on)
        expected = row.annual_plan * months / of
        serious = expected > 0 and (row.year_done or ZERO) * HUNDRED < expected * serious_percent
    if not reasons:
        return [], False, gap
    if row.overdue_tasks:
        reasons.append(f"清单任务逾期未完成{row.overdue_tasks}项")
    if row.overdue_problems:
        reasons.append(f"困难问题逾期未解决{row.overdue_problems}个")
    return reasons, serious, gap


def lagging_projects(rows: Iterable[ProjectRow], on: datetime.date,
                     serious_percent: Decimal = DEFAULT_SERIOUS_PERCENT) -> list[dict]:
    """The lagging projects named with their reasons: seriously lagging first, then by how many main reasons,
    then by the investment gap (largest first), then by name."""
    found = []
    for r in rows:
        reasons, serious, gap = lag_reasons(r, on, serious_percent)
        if reasons:
            main = sum(1 for text in reasons if not text.startswith(("清单任务", "困难问题")))
            found.append((r, reasons, serious, gap, main))
    found.sort(key=lambda f: (not f[2], -f[4], -(f[3] or ZERO), f[0].name, f[0].id))
    return [{"id": r.id, "name": r.name, "unit": r.unit or UNASSIGNED, "level": r.level, "serious": serious,
             "reasons": reasons} for r, reasons, serious, _, _ in found]


def lagging_units(units: Iterable[dict]) -> list[dict]:
    """The ranked units (rank_units' output) whose completion is below 序时进度, worst first, with a sentence."""
    behind = [u for u in units if u["gap"] is not None and Decimal(u["gap"]) > 0]
    behind.sort(key=lambda u: (-Decimal(u["gap"]), u["name"]))
    return [{"id": u["id"], "name": u["name"], "rate": u["rate"], "gap": u["gap"],
             "text": (f"负责重点项目{u['projects']}个，完成年度计划的{pct_text(u['rate'])}%，"
                      f"低于序时进度{pct_text(u['gap'])}个百分点"
                      + (f"，其中{u['behind_projects']}个项目低于序时进度" if u["behind_projects"] else ""))}
            for u in behind]


# Letters, tasks, problems -----------------------------------------------------------------------------------------

def letters(rows: Iterable[LetterRow], start: datetime.date, end: datetime.date) -> dict:
    """Letters issued and answered in the dekad [start, end] and in the year up to `end`, by kind, and those
    issued by `end` still awaiting an answer then. Withdrawn letters never count."""
    first_day = datetime.date(end.year, 1, 1)
    kept = [r for r in rows if r.status != WITHDRAWN and r.issued_on is not None and r.issued_on <= end]

    def within(day: datetime.date | None, lo: datetime.date) -> bool:
        return day is not None and lo <= day <= end

    def figures(group: list[LetterRow]) -> dict:
        return {
            "issued": sum(1 for r in group if within(r.issued_on, start)),
            "answered": sum(1 for r in group if within(r.answered_on, start)),
            "issued_year": sum(1 for r in group if within(r.issued_on, first_day)),
            "answered_year": sum(1 for r in group if within(r.answered_on, first_day)),
            "awaiting": sum(1 for r in group if r.answered_on is None or r.answered_on > end),
        }

    return {"kinds": [{"kind": code, "label": label, **figures([r for r in kept if r.kind == code])}
                      for code, label in LETTER_KINDS],
            "total": {"kind": "", "label": "合计", **figures(kept)}}


def tasks(rows: Iterable[TaskRow], on: datetime.date) -> dict:
    """The four lists' tasks as of the cut-off: on the lists (not cancelled), done by then, overdue then."""
    kept = [r for r in rows if r.status != "cancelled"]
    done = sum(1 for r in kept if r.done_on is not None and r.done_on <= on)
    overdue = sum(1 for r in kept if r.due_on < on and (r.done_on is None or r.done_on > on))
    return {"total": len(kept), "done": done, "overdue": overdue, "done_rate": _pct(percent(done, len(kept)))}


def problems(rows: Iterable[ProblemRow], on: datetime.date) -> dict:
    """Problems collected in the year up to the cut-off and how many of them were solved by then."""
    first_day = datetime.date(on.year, 1, 1)
    collected = [r for r in rows if first_day <= r.raised_on <= on]
    solved = sum(1 for r in collected if r.solved_on is not None and r.solved_on <= on)
    return {"collected": len(collected), "solved": solved, "solved_rate": _pct(percent(solved, len(collected)))}


# The snapshot -----------------------------------------------------------------------------------------------------

def compose(*, county: str, dekad_label: str, start: datetime.date, end: datetime.date,
            projects: list[ProjectRow], on_time: Mapping[int, Decimal | None] | None = None,
            letter_rows: Iterable[LetterRow] = (), task_rows: Iterable[TaskRow] = (),
            problem_rows: Iterable[ProblemRow] = (), serious_percent: Decimal = DEFAULT_SERIOUS_PERCENT,
            daily_available: bool = True) -> dict:
    """Everything the bulletin says, as of the cut-off `end` (the last day of the dekad it reports)."""
    units = rank_units(projects, end, on_time)
    return {
        "version": SNAPSHOT_VERSION,
        "county": county,
        "dekad": {"label": dekad_label, "start": _date(start), "end": _date(end)},
        "cutoff": _date(end),
        "schedule": str(schedule_percent(end)),
        "serious_percent": pct_text(serious_percent),
        "start_completion": start_completion(projects, end),
        "investment": investment(projects, end),
        "projects": rank_projects(projects, end),
        "units": units,
        "daily_available": daily_available,
        "lagging": lagging_projects(projects, end, serious_percent),
        "lagging_units": lagging_units(units),
        "letters": letters(letter_rows, start, end),
        "tasks": tasks(task_rows, end),
        "problems": problems(problem_rows, end),
    }
