"""A key project's life, generated relative to a day: dates, plan, stage history, schedule, progress, team.

Shared by the demo county and the synthetic scales. Each scenario (data.SCENARIO_STAGE) places the dates so
that the rules later issues apply have cases to find on any day: due to start within 30 days, 15+ days
overdue, lagging, completed this year.
"""

import calendar
import datetime
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.utils import timezone

from wumei.demo import data
from wumei.demo.bulk import Sink
from wumei.org.models import Chain, Person, Region, Unit
from wumei.projects.models import (
    STAGE_ORDER,
    AnnualPlan,
    Milestone,
    PlanKind,
    Progress,
    Project,
    Stage,
    StageChange,
    Team,
)
from wumei.projects.rules import search_key

ONE = Decimal(1)
CENT = Decimal("0.01")


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + days(rng.randint(0, max(0, (last - first).days)))


def pct(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low, high)) / 100


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def year_share(on: datetime.date) -> Decimal:
    """Share of the year elapsed at the end of `on`."""
    first = datetime.date(on.year, 1, 1)
    total = (datetime.date(on.year, 12, 31) - first).days + 1
    return Decimal((on - first).days + 1) / Decimal(total)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def next_spring_festival(today: datetime.date) -> datetime.date:
    for year in (today.year, today.year + 1):
        day = data.SPRING_FESTIVALS.get(year, datetime.date(year, 2, 5))
        if day > today:
            return day
    return datetime.date(today.year + 2, 2, 5)


def snapshot_dates(today: datetime.date) -> list[datetime.date]:
    """Month ends already past this year, and yesterday: the days liaisons reported progress."""
    first = datetime.date(today.year, 1, 1)
    dates = [month_end(today.year, m) for m in range(1, today.month)]
    yesterday = today - days(1)
    if yesterday >= first and (not dates or yesterday > dates[-1]):
        dates.append(yesterday)
    return dates


@lru_cache(maxsize=65536)
def _text_key(text: str) -> str:
    return search_key(text)


def project_search_key(name: str, owner_name: str) -> str:
    """rules.search_key(name, owner) — the same string, cached per text (owners repeat)."""
    return " ".join(k for k in (_text_key(name), _text_key(owner_name)) if k)


@dataclass
class Timeline:
    stage: str
    planned_start_on: datetime.date
    planned_completion_on: datetime.date
    actual_start_on: datetime.date | None = None
    actual_completion_on: datetime.date | None = None


def timeline(scenario: str, today: datetime.date, rng: random.Random) -> Timeline:
    """The project's planned and actual dates for a scenario (see data.SCENARIO_STAGE), relative to today."""
    jan1, dec31 = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    stage = data.SCENARIO_STAGE[scenario]
    start = completion = done = None
    if scenario in ("planning", "pre_review", "signing"):
        planned = today + days(rng.randint(90, 330))
    elif scenario == "soda":
        planned = next_spring_festival(today) + days(12)
    elif scenario == "soon":
        planned = today + days(rng.randint(5, 28))
    elif scenario == "late":
        planned = today - days(rng.randint(16, 55))
    elif scenario == "slightly_late":
        planned = today - days(rng.randint(2, 10))
    elif scenario == "new":
        start = between(rng, jan1, max(jan1, today - days(20)))
        completion = start + days(rng.randint(420, 900))
    elif scenario in ("continuing", "lagging"):
        start = jan1 - days(rng.randint(90, 540))
        completion = dec31 + days(rng.randint(60, 540))
    elif scenario == "completing":
        start = jan1 - days(rng.randint(150, 600))
        completion = min(dec31, today + days(rng.randint(20, 150)))
    elif scenario == "overdue_completion":
        start = jan1 - days(rng.randint(300, 700))
        completion = today - days(rng.randint(18, 60))
    elif scenario == "assessment":
        start = jan1 - days(rng.randint(200, 700))
        completion = today + days(rng.randint(30, 240))
    elif scenario == "completed":
        start = jan1 - days(rng.randint(150, 600))
        done = between(rng, jan1, today)
        completion = done + days(rng.randint(-25, 15))
    else:
        raise ValueError(f"unknown scenario {scenario!r}")
    if start is not None:
        planned = start - days(rng.randint(0, 25))
    if completion is None:
        completion = planned + days(rng.randint(365, 1080))
    return Timeline(stage, planned, completion, start, done)


def plan_kind(t: Timeline, year: int) -> str:
    """This year's plan kind, consistent with the dates."""
    if t.actual_completion_on:
        return PlanKind.COMPLETING if t.actual_completion_on.year == year else PlanKind.CONTINUING
    if t.actual_start_on:
        if t.planned_completion_on.year <= year:
            return PlanKind.COMPLETING
        return PlanKind.NEW_START if t.actual_start_on.year == year else PlanKind.CONTINUING
    if t.planned_start_on.year <= year:
        return PlanKind.NEW_START
    return PlanKind.PREPARATORY


@dataclass
class Staffing:
    """The people around one project."""

    leader: Person
    unit: Unit
    unit_head: Person | None
    liaison: Person | None
    butler: Person
    police: Person
    inspector: Person
    extra_members: list[Person] = field(default_factory=list)


class ProjectWriter:
    """Adds a project with its plan, stage history, schedule, progress and team to a sink."""

    def __init__(self, sink: Sink, today: datetime.date, rng: random.Random, *, dates: list[datetime.date],
                 latest_only: bool = False) -> None:
        self.sink, self.today, self.rng = sink, today, rng
        self.dates = dates[-1:] if latest_only else dates
        self.latest_only = latest_only

    def add(self, *, code: str, name: str, county: Region, owner: Unit, category: str, level: str,
            chain: Chain | None, park: Unit | None, town: Unit | None, total: Decimal, funding: str,
            priority: int, scenario: str, content: str, staff: Staffing) -> Project:
        rng, today = self.rng, self.today
        t = timeline(scenario, today, rng)
        kind = plan_kind(t, today.year)
        prior = self._prior(t, kind, total)
        planned = self._planned(t, kind, total, prior)
        project = self.sink.add("project", Project(
            code=code, name=name, county=county, owner=owner, content=content, category=category, level=level,
            chain=chain, park=park, town=town, total_investment=total, funding_source=funding,
            funding_priority=priority, planned_start_on=t.planned_start_on, actual_start_on=t.actual_start_on,
            planned_completion_on=t.planned_completion_on, actual_completion_on=t.actual_completion_on,
            stage=t.stage, responsible_unit=staff.unit, lead_leader=staff.leader, butler=staff.butler,
            police=staff.police, inspector=staff.inspector, search_key=project_search_key(name, owner.name),
            work_plan=data.WORK_PLAN.format(
                content=content, year=today.year, plan=planned, goal=data.PLAN_GOALS[kind],
                leader=staff.leader.name, unit=staff.unit.name, butler=staff.butler.name,
                police=staff.police.name, inspector=staff.inspector.name,
            ),
        ))
        self.sink.add("plan", AnnualPlan(project=project, year=today.year, kind=kind, planned_investment=planned))
        self._history(project, t)
        self._milestones(project, t, scenario, category)
        self._progress(project, t, scenario, category, total, prior, planned)
        team = self.sink.add("team", Team(project=project, name=f"{name}工作专班"[:128], leader=staff.leader))
        members = [staff.unit_head, staff.liaison, staff.butler, staff.police, staff.inspector, *staff.extra_members]
        seen: set[int] = set()
        for person in members:
            if person is not None and id(person) not in seen and person is not staff.leader:
                seen.add(id(person))
                self.sink.add("team_member", Team.members.through(team=team, person=person))
        return project

    def _prior(self, t: Timeline, kind: str, total: Decimal) -> Decimal:
        """Investment completed before this year."""
        if not t.actual_start_on or t.actual_start_on.year >= self.today.year:
            return Decimal(0)
        low, high = (45, 75) if kind == PlanKind.COMPLETING or t.stage == Stage.ASSESSMENT else (15, 50)
        return (total * pct(self.rng, low, high)).quantize(ONE, ROUND_HALF_UP)

    def _planned(self, t: Timeline, kind: str, total: Decimal, prior: Decimal) -> Decimal:
        rng, rest = self.rng, total - prior
        if kind == PlanKind.COMPLETING:
            value = rest
        elif kind == PlanKind.CONTINUING:
            value = min(rest, total * pct(rng, 15, 35))
        elif kind == PlanKind.NEW_START:
            value = total * (pct(rng, 20, 45) if t.actual_start_on else pct(rng, 8, 25))
        else:
            value = min(total, max(Decimal(50), total * pct(rng, 5, 20) / 10))
        return max(ONE, value.quantize(ONE, ROUND_HALF_UP))

    def _history(self, project: Project, t: Timeline) -> None:
        """StageChange rows walking from 登记入库 up to the current stage, on plausible past dates."""
        rng, today = self.rng, self.today
        index = STAGE_ORDER[t.stage]
        anchor = t.actual_start_on or min(t.planned_start_on, today)
        registered = min(anchor - days(rng.randint(200, 420)), today - days(7 * (index + 1)))
        pre_end = t.actual_start_on or today
        walk = Stage.values[: index + 1]
        pre = [s for s in walk if STAGE_ORDER[s] <= STAGE_ORDER[Stage.SITING]]
        span = (pre_end - registered).days
        when = {s: registered + days(span * i // len(pre)) for i, s in enumerate(pre)}
        if t.actual_start_on:
            when[Stage.STARTED] = t.actual_start_on
            end = t.actual_completion_on or today
            when[Stage.ASSESSMENT] = t.actual_start_on + days(max(1, (end - t.actual_start_on).days * 3 // 4))
            if t.actual_completion_on:
                when[Stage.OPERATING] = t.actual_completion_on
        previous = ""
        for i, stage in enumerate(walk):
            self.sink.add("stage_change", StageChange(
                project=project, from_stage=previous, to_stage=stage, reason=data.STAGE_REASONS[stage],
                changed_at=at(when[stage], 9, 30 + i),
            ))
            previous = stage

    def _milestones(self, project: Project, t: Timeline, scenario: str, category: str) -> None:
        """4–6 lines of the schedule, done where the project has got past them."""
        rng, today = self.rng, self.today
        start, finish = t.planned_start_on, t.planned_completion_on
        pre_count = rng.randint(1, 3)
        pre = sorted(rng.sample(range(len(data.PRE_MILESTONES)), pre_count))
        rows: list[tuple[str, datetime.date, datetime.date | None]] = []
        pre_rows = [(data.PRE_MILESTONES[i][0], start - days(data.PRE_MILESTONES[i][1])) for i in pre]
        blocking = None
        if not t.actual_start_on and scenario == "late":
            due = [i for i, (_, planned) in enumerate(pre_rows) if planned <= today]
            blocking = due[-1] if due else None
        for i, (name, planned) in enumerate(pre_rows):
            if t.actual_start_on:
                done = min(planned + days(rng.randint(-5, 8)), t.actual_start_on, today)
            elif planned <= today and i != blocking:
                done = min(planned + days(rng.randint(0, 8)), today)
            else:
                done = None
            rows.append((name, planned, done))
        rows.append((data.START_MILESTONE, start, t.actual_start_on))
        main_planned = start + days((finish - start).days * 3 // 5)
        main_done = None
        if t.actual_start_on:
            if t.stage in (Stage.ASSESSMENT, Stage.OPERATING):
                latest = t.actual_completion_on or today
                main_done = min(max(main_planned + days(rng.randint(-10, 20)), t.actual_start_on + days(1)), latest)
            elif scenario not in ("lagging", "overdue_completion"):
                candidate = main_planned + days(rng.randint(0, 15))
                main_done = candidate if candidate <= today else None
        main_name = data.MAIN_WORKS_MILESTONE.get(category, data.MAIN_WORKS_DEFAULT)
        rows.append((main_name, main_planned, main_done))
        rows.append((data.END_MILESTONE.get(category, data.END_DEFAULT), finish, t.actual_completion_on))
        for order, (name, planned, done) in enumerate(rows, start=1):
            self.sink.add("milestone", Milestone(project=project, name=name, planned_on=planned, actual_on=done,
                                                 order=order))

    def _progress(self, project: Project, t: Timeline, scenario: str, category: str, total: Decimal,
                  prior: Decimal, planned: Decimal) -> None:
        """Snapshots with rising year investment, 形象进度 and, sometimes, 存在问题."""
        rng = self.rng
        pace = {"lagging": (15, 30), "overdue_completion": (60, 85)}.get(scenario, (92, 110))
        factor = pct(rng, *pace)
        prestart = pct(rng, 5, 25)
        troubled = scenario in ("lagging", "late", "overdue_completion")
        issue = rng.choice(data.ISSUES).format(n=rng.randint(2, 18))
        occasional = rng.random() < 0.2 and not t.actual_completion_on
        dates = self.dates
        if self.latest_only and not dates:
            dates = [self.today]
        for n, day in enumerate(dates):
            last = n == len(dates) - 1
            if t.actual_start_on and t.actual_start_on <= day:
                if t.actual_completion_on:
                    ratio = min(ONE, year_share(day) / year_share(t.actual_completion_on))
                    year = planned * ratio
                else:
                    year = min(planned, planned * year_share(day) * factor)
            elif t.stage == Stage.SITING or (self.latest_only and not t.actual_start_on):
                year = planned * year_share(day) * prestart if t.stage == Stage.SITING else Decimal(0)
            else:
                continue
            year = year.quantize(CENT, ROUND_HALF_UP)
            cumulative = min(total, prior + year)
            text = self._image(t, day, category, cumulative, total)
            issues = issue if (troubled and n >= len(dates) - 2) or (occasional and last) else ""
            self.sink.add("progress", Progress(
                project=project, as_of=day, year_investment=year, cumulative_investment=cumulative,
                image_progress=text, issues=issues, source=Progress.Source.FORM, recorded_at=at(day, 18),
            ))

    def _image(self, t: Timeline, day: datetime.date, category: str, cumulative: Decimal, total: Decimal) -> str:
        if t.actual_completion_on and t.actual_completion_on <= day:
            return data.IMAGE_DONE.get(category, data.IMAGE_DONE["default"])
        share = int(cumulative * 100 / total) if total else 0
        if not t.actual_start_on or t.actual_start_on > day:
            if t.stage in (Stage.PLANNING, Stage.PRE_REVIEW, Stage.SIGNING):
                return "项目前期工作推进中"
            return data.IMAGE_PRESTART[day.month % len(data.IMAGE_PRESTART)].format(pct=min(95, 30 + day.month * 6))
        steps = data.IMAGE_PROGRESS.get(category, data.IMAGE_PROGRESS["default"])
        for limit, text in steps:
            if share <= limit:
                return text.format(pct=max(10, min(95, share * 2)), floor=1 + share // 8)
        return steps[-1][1].format(pct=95, floor=12)
