"""Writing the demo county in bulk: regions, units, people and roles, 1+8+N, chains and key projects.

Bypasses the per-object services for speed (a few bulk inserts instead of thousands of audited saves) and
writes one `demo.load` audit event instead. Deterministic: everything comes from `random.Random(seed)` and
`today`, so the same seed and day give the same data. Dates are placed relative to `today` so the demo is
alive on any day: projects due to start within 30 days, 15+ days overdue, lagging, completed this year.
"""

import calendar
import datetime
import random
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone

from wumei.audit.services import record
from wumei.demo import data
from wumei.org.models import Chain, Person, Region, Role, RoleAssignment, Unit, WorkingGroup
from wumei.org.services import home_county
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

BATCH = 1000
ONE = Decimal(1)
CENT = Decimal("0.01")


# ---------------------------------------------------------------------------------------------------------
# Bulk writing


def _flush_order():
    return [
        ("unit", Unit), ("unit_child", Unit), ("user", get_user_model()), ("person", Person),
        ("role", RoleAssignment), ("chain", Chain), ("chain_deputy", Chain.deputies.through),
        ("group", WorkingGroup), ("group_member", WorkingGroup.members.through), ("project", Project),
        ("plan", AnnualPlan), ("stage_change", StageChange), ("milestone", Milestone), ("progress", Progress),
        ("team", Team), ("team_member", Team.members.through),
    ]


class Sink:
    """Rows waiting to be written, by kind; `flush` writes them parents first, in batches."""

    def __init__(self) -> None:
        self.rows: dict[str, list] = defaultdict(list)
        self.counts: Counter = Counter()

    def add(self, key: str, obj):
        self.rows[key].append(obj)
        return obj

    def flush(self) -> None:
        with _historic_timestamps():
            for key, model in _flush_order():
                objs = self.rows.pop(key, [])
                if objs:
                    model.objects.bulk_create(objs, batch_size=BATCH)
                    self.counts[key] += len(objs)
        assert not self.rows, f"unknown row kinds: {sorted(self.rows)}"


@contextmanager
def _historic_timestamps():
    """Let bulk_create keep the dates we set on auto_now(_add) fields: stage history and report times lie
    in the past, and bulk_create would otherwise stamp them all with now()."""
    fields = [StageChange._meta.get_field("changed_at"), Progress._meta.get_field("recorded_at")]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def ensure_regions(specs: list[tuple[str, str, str, str | None]]) -> dict[str, Region]:
    """Create or adjust regions given as (code, name, level, parent code), parents listed first."""
    codes = [code for code, *_ in specs]
    have = {r.code: r for r in Region.objects.filter(code__in=codes).select_related("parent")}
    out: dict[str, Region] = {}
    for code, name, level, parent_code in specs:
        parent = out.get(parent_code) if parent_code else None
        if parent_code and parent is None:
            parent = Region.objects.get(code=parent_code)
        path = (parent.path if parent else "/") + code + "/"
        region = have.get(code)
        if region is None:
            region = Region(code=code, name=name, level=level, parent=parent, path=path)
            region.save()
        elif (region.name, region.level, region.parent_id, region.path) != (name, level, parent and parent.pk, path):
            old_path = region.path
            region.name, region.level, region.parent, region.path = name, level, parent, path
            Region.objects.filter(pk=region.pk).update(name=name, level=level, parent=parent, path=path)
            # Regions below keep their place in the tree: rewrite their paths' prefix.
            for child in Region.objects.filter(path__startswith=old_path).exclude(pk=region.pk):
                Region.objects.filter(pk=child.pk).update(path=path + child.path[len(old_path):])
        out[code] = region
    return out


def purge(qs, depth: int = 0) -> None:
    """Delete `qs`, first deleting whatever protects its rows (rows of other apps pointing at demo data)."""
    try:
        qs.delete()
    except (ProtectedError, RestrictedError) as exc:
        if depth > 6:
            raise
        blockers = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        by_model: dict[type, list] = defaultdict(list)
        for obj in blockers:
            by_model[type(obj)].append(obj.pk)
        for model, pks in by_model.items():
            purge(model._base_manager.filter(pk__in=pks), depth + 1)
        purge(qs, depth + 1)


def purge_region_data(path: str) -> None:
    """Delete every project, chain, group, role, person and unit of the regions under `path` (not the regions)."""
    below = {"region__path__startswith": path}
    purge(Project.objects.filter(county__path__startswith=path))
    purge(WorkingGroup.objects.filter(**below))
    purge(Chain.objects.filter(**below))
    purge(RoleAssignment.objects.filter(Q(**below) | Q(unit__region__path__startswith=path)))
    purge(Person.objects.filter(**below))
    purge(Unit.objects.filter(**below))


# ---------------------------------------------------------------------------------------------------------
# Small deterministic helpers


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


class NameMaker:
    """Unique fictional Chinese personal names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def __call__(self) -> str:
        while True:
            given = self.rng.choice(data.GIVEN_CHARS)
            if self.rng.random() < 0.6:
                given += self.rng.choice(data.GIVEN_CHARS)
            name = self.rng.choice(data.SURNAMES) + given
            if name not in self.used:
                self.used.add(name)
                return name


def phone(rng: random.Random) -> str:
    return f"138{rng.randrange(10**8):08d}"


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code(rng: random.Random, region_code: str) -> str:
    """A well-formed but fictional unified social credit code (GB 32100), in a fictional region."""
    body = "91" + region_code[:6].ljust(6, "0") + "".join(rng.choice(_CREDIT_CHARS[:10]) for _ in range(9))
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    return body + _CREDIT_CHARS[(31 - total % 31) % 31]


@lru_cache(maxsize=65536)
def _text_key(text: str) -> str:
    return search_key(text)


def project_search_key(name: str, owner_name: str) -> str:
    """rules.search_key(name, owner) — the same string, cached per text (owners repeat)."""
    return " ".join(k for k in (_text_key(name), _text_key(owner_name)) if k)


# ---------------------------------------------------------------------------------------------------------
# A project's life: dates, plan, history, schedule, progress, team


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


# ---------------------------------------------------------------------------------------------------------
# The demo county


@dataclass
class Account:
    username: str
    role: str
    person_name: str

    @property
    def role_label(self) -> str:
        return Role(self.role).label


@dataclass
class DemoResult:
    created: bool
    county: Region
    accounts: list[Account]
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _names() -> dict[str, str]:
    county = settings.HOME_COUNTY_NAME
    short = county[:-1] if len(county) > 2 and county[-1] in "县区市旗" else county
    return {"county": county, "short": short}


def fmt(text: str) -> str:
    return text.format(**_names())


def region_codes() -> tuple[str, str, str]:
    """(province, city, county) codes: the home county's, and its province's and city's by the GB/T 2260 rule."""
    county = settings.HOME_COUNTY_CODE
    province, city = county[:2] + "0000", county[:4] + "00"
    if city == county:
        city = county[:4] + "99"
    return province, city, county


def demo_county() -> Region | None:
    return Region.objects.filter(code=settings.HOME_COUNTY_CODE).first()


def is_loaded() -> bool:
    county = demo_county()
    return bool(county) and Unit.objects.filter(region=county, kind=Unit.Kind.HQ, name=fmt(data.HQ_NAME)).exists()


def delete_demo() -> None:
    """Delete the demo county's data (projects, organisation, people); regions and login accounts stay."""
    county = demo_county()
    if county is not None:
        purge_region_data(county.path)


def demo_accounts() -> list[Account]:
    """The role accounts as they are in the database, in role order."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=Role.values)}
    people = {p.user_id: p for p in Person.objects.filter(user__in=users.values())}
    accounts = []
    for role in Role.values:
        user = users.get(role)
        if user is not None and user.pk in people:
            accounts.append(Account(role, role, people[user.pk].name))
    return accounts


def load_demo(seed: int = 1, today: datetime.date | None = None, reset: bool = False) -> DemoResult:
    """Load the demo county once; again only with `reset` (which deletes the demo data first)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        if is_loaded() and not reset:
            return DemoResult(created=False, county=demo_county(), accounts=demo_accounts())
        if reset:
            delete_demo()
        result = DemoBuilder(seed, today).build()
        counts = result.counts
        note = (
            f"{'重置并' if reset else ''}载入演示数据：{result.county.name}，单位{counts['units']}个、"
            f"人员{counts['people']}名、重点项目{counts['projects']}个（随机种子{seed}，基准日期{today:%Y-%m-%d}）"
        )
        record(None, "demo.load", note=note, region_code=result.county.code)
    return result


class DemoBuilder:
    """Builds the demo county from data.py with one random generator."""

    def __init__(self, seed: int, today: datetime.date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.sink = Sink()
        self.names = NameMaker(self.rng)
        self.warnings: list[str] = []

    # Regions and units ------------------------------------------------------------------------------

    def _regions(self) -> None:
        province_code, city_code, county_code = region_codes()
        home_county()  # the installation's home county: created on first use, as imports expect
        regions = ensure_regions([
            (province_code, data.PROVINCE_NAME, Region.Level.PROVINCE, None),
            (city_code, data.CITY_NAME, Region.Level.CITY, province_code),
            (county_code, settings.HOME_COUNTY_NAME, Region.Level.COUNTY, city_code),
            *[(f"{county_code}{i:03d}", name, Region.Level.TOWN, county_code)
              for i, name in enumerate(data.TOWNS, start=1)],
        ])
        self.county = regions[county_code]
        self.town_regions = {name: regions[f"{county_code}{i:03d}"] for i, name in enumerate(data.TOWNS, start=1)}

    def _unit(self, name: str, kind: str, region: Region | None = None, parent: Unit | None = None, **extra) -> Unit:
        region = region or self.county
        found = self.existing_units.get((region.pk, kind, name))
        if found is not None:
            return found
        unit = Unit(name=name, kind=kind, region=region, parent=parent, **extra)
        self.sink.add("unit_child" if parent is not None else "unit", unit)
        self.existing_units[(region.pk, kind, name)] = unit
        return unit

    def _units(self) -> None:
        self.existing_units = {
            (u.region_id, u.kind, u.name): u
            for u in Unit.objects.filter(region__path__startswith=self.county.path)
        }
        K = Unit.Kind
        self.hq = self._unit(fmt(data.HQ_NAME), K.HQ)
        self.hq_office = self._unit(fmt(data.HQ_OFFICE_NAME), K.HQ, parent=self.hq)
        self.supervision = self._unit(fmt(data.SUPERVISION_GROUP_NAME), K.HQ, parent=self.hq)
        self.park = self._unit(fmt(data.PARK_NAME), K.PARK, area_hectares=Decimal(data.PARK_AREA_HECTARES))
        self.towns = {name: self._unit(name, K.TOWN, region=self.town_regions[name]) for name in data.TOWNS}
        self.responsible = {}
        for name, _ in data.RESPONSIBLE_UNITS:
            town = data.TOWN_GOVERNMENTS.get(name)
            self.responsible[fmt(name)] = self._unit(fmt(name), K.RESPONSIBLE,
                                                     parent=self.towns[town] if town else None)
        self.approval = {fmt(name): self._unit(fmt(name), K.APPROVAL) for name, _ in data.APPROVAL_UNITS}
        # Owners, the seal park's developer first: 13 enterprises settled in its park sit under it (seed §二).
        top500 = {fmt(name): flag for name, flag, _ in data.ENTERPRISES}
        developer = fmt(data.SEAL_PARK_OWNER)
        tenants = [fmt(name) for name in data.SEAL_PARK_TENANTS]
        self.enterprises = {}
        for name in [developer, *(n for n in top500 if n != developer), *(n for n in tenants if n not in top500)]:
            self.enterprises[name] = self._unit(
                name, K.ENTERPRISE, parent=self.enterprises[developer] if name in tenants else None,
                is_top500=top500.get(name, False), credit_code=credit_code(self.rng, self.county.code),
                contact_phone=phone(self.rng),
            )

    # People and roles -------------------------------------------------------------------------------

    def _person(self, title: str, unit: Unit | None, *roles: tuple[str, Unit | None]) -> Person:
        person = self.sink.add("person", Person(
            name=self.names(), title=title, unit=unit, region=self.county, phone=phone(self.rng),
        ))
        for role, role_unit in roles:
            self.sink.add("role", RoleAssignment(person=person, role=role, region=self.county, unit=role_unit))
        return person

    def _people(self) -> None:
        R = Role
        led = {spec[9] for spec in data.PROJECTS}
        in_chain = {leader for _, _, leader, _ in data.CHAINS} | {d for *_, deps in data.CHAINS for d in deps}
        self.county_head = self._person(data.COUNTY_HEAD_TITLE, self.hq, (R.COMMANDER, None))
        self.executive_vice = self._person(data.EXECUTIVE_VICE_TITLE, self.hq, (R.COMMANDER, None))
        self.leaders = []
        for i, title in enumerate(data.LEADER_TITLES):
            roles = [(R.LEAD_LEADER, None)] if i in led else []
            roles += [(R.CHAIN_LEADER, None)] if i in in_chain else []
            self.leaders.append(self._person(title, self.hq, *roles))
        self.office_staff = [self._person(title, self.hq_office, (R.HQ_OFFICE, None))
                             for title in data.HQ_OFFICE_STAFF]
        self.admins = {role: self._person(title, self.hq_office, (role, None))
                       for role, title in data.ADMIN_TITLES.items()}
        self.heads, self.liaisons = {}, {}
        for i, (name, head_title) in enumerate([*data.RESPONSIBLE_UNITS, *data.APPROVAL_UNITS]):
            unit = self.responsible.get(fmt(name)) or self.approval[fmt(name)]
            self.heads[unit.name] = self._person(head_title, unit, (R.UNIT_HEAD, unit))
            title = data.LIAISON_TITLES[i % len(data.LIAISON_TITLES)]
            self.liaisons[unit.name] = self._person(title, unit, (R.LIAISON, unit))
        self.butlers = [self._person("项目管家", self.approval[data.BUTLER_UNIT], (R.BUTLER, None))
                        for _ in range(data.BUTLER_COUNT)]
        self.police = [self._person("项目警官", self.approval[data.POLICE_UNIT], (R.POLICE, None))
                       for _ in range(data.POLICE_COUNT)]
        self.inspectors = [self._person("项目纪检监察员（县纪委监委派驻）", self.supervision, (R.INSPECTOR, None))
                           for _ in range(data.INSPECTOR_COUNT)]
        self.contacts = {}
        for name, _, title in data.ENTERPRISES:
            unit = self.enterprises[fmt(name)]
            self.contacts[unit.name] = self._person(title, unit, (R.ENTERPRISE, unit))

    def _accounts(self) -> list[Account]:
        R = Role
        holders = {
            R.HQ_OFFICE: self.office_staff[data.HQ_OFFICE_ACCOUNT],
            R.COMMANDER: self.county_head,
            R.LEAD_LEADER: self.leaders[data.LEAD_LEADER_ACCOUNT],
            R.CHAIN_LEADER: self.leaders[data.CHAIN_LEADER_ACCOUNT],
            R.LIAISON: self.liaisons["县工业和信息化局"],
            R.UNIT_HEAD: self.heads[fmt("{short}经开区管委会")],
            R.BUTLER: self.butlers[0],
            R.POLICE: self.police[0],
            R.INSPECTOR: self.inspectors[0],
            R.ENTERPRISE: self.contacts[fmt(data.ENTERPRISE_ACCOUNT)],
            R.SYS_ADMIN: self.admins[R.SYS_ADMIN],
            R.SEC_ADMIN: self.admins[R.SEC_ADMIN],
            R.AUDITOR: self.admins[R.AUDITOR],
        }
        linked = attach_logins(self.sink, {role.value: person for role, person in holders.items()}, self.warnings)
        return [Account(role.value, role.value, holders[role].name) for role in holders if role.value in linked]

    # 1+8+N and chains -------------------------------------------------------------------------------

    def _leader(self, index: int) -> Person:
        return self.executive_vice if index < 0 else self.leaders[index]

    def _structure(self) -> None:
        self.chains = {}
        for name, tag, leader, deputies in data.CHAINS:
            chain = self.sink.add("chain", Chain(region=self.county, name=name, leader=self.leaders[leader],
                                                 description=data.CHAIN_DESCRIPTION.format(tag=tag)))
            for index in deputies:
                self.sink.add("chain_deputy", Chain.deputies.through(chain=chain, person=self.leaders[index]))
            self.chains[name] = chain
        units = {**self.responsible, **self.approval, self.hq_office.name: self.hq_office}
        for name, lead_unit, leader, member_units in data.WORKING_GROUPS:
            lead = units[fmt(lead_unit)]
            group = self.sink.add("group", WorkingGroup(
                region=self.county, name=name, leader=self._leader(leader), lead_unit=lead,
                duties=data.WORKING_GROUP_DUTIES.format(topic=name.removesuffix("专项工作组")),
            ))
            members = [self.heads.get(lead.name) or self.office_staff[0]]
            for unit_name in member_units:
                unit = units[fmt(unit_name)]
                members += [self.heads[unit.name], self.liaisons[unit.name]]
            for person in members:
                self.sink.add("group_member", WorkingGroup.members.through(workinggroup=group, person=person))

    # Projects ---------------------------------------------------------------------------------------

    def _projects(self) -> None:
        writer = ProjectWriter(self.sink, self.today, self.rng, dates=snapshot_dates(self.today))
        approval_liaisons = [self.liaisons[fmt(n)] for n in ("县发展和改革局", "县自然资源局", "县行政审批服务局")]
        for i, spec in enumerate(data.PROJECTS):
            (name, owner, category, level, chain, total, place, unit, funding, leader, scenario, content) = spec
            unit = self.responsible[fmt(unit)]
            priority = {"provincial": 1, "municipal": self.rng.choice([1, 2])}.get(level) or self.rng.randint(2, 4)
            writer.add(
                code=f"{self.county.code}-{i + 1:03d}", name=name, county=self.county,
                owner=self.enterprises[fmt(owner)], category=category, level=level,
                chain=self.chains[chain] if chain else None, park=self.park if place == data.PARK else None,
                town=None if place == data.PARK else self.towns[place], total=Decimal(total), funding=funding,
                priority=priority, scenario=scenario, content=content,
                staff=Staffing(
                    leader=self.leaders[leader], unit=unit, unit_head=self.heads[unit.name],
                    liaison=self.liaisons[unit.name], butler=self.butlers[i % len(self.butlers)],
                    police=self.police[i % len(self.police)], inspector=self.inspectors[i % len(self.inspectors)],
                    extra_members=[approval_liaisons[i % len(approval_liaisons)]],
                ),
            )

    def build(self) -> DemoResult:
        self._regions()
        self._units()
        self._people()
        accounts = self._accounts()
        self._structure()
        self._projects()
        rows = self.sink.rows
        counts = {"units": len(rows["unit"]) + len(rows["unit_child"]), "people": len(rows["person"]),
                  "projects": len(rows["project"])}
        self.sink.flush()
        return DemoResult(created=True, county=self.county, accounts=accounts, counts=counts, warnings=self.warnings)


def attach_logins(sink: Sink, holders: dict[str, Person], warnings: list[str], encoded: str | None = None) -> set[str]:
    """Give each holder a login named `username`, all with the demo password (hashed once: argon2 is slow
    on purpose, and these are demo accounts with one shared, printed password).

    An existing account of that name is reused (its password reset) unless it belongs to someone else.
    """
    User = get_user_model()
    encoded = encoded or make_password(data.DEMO_PASSWORD)
    existing = {u.username: u for u in User.objects.filter(username__in=list(holders))}
    taken = set(Person.objects.filter(user__in=existing.values()).values_list("user_id", flat=True))
    linked: set[str] = set()
    reused = []
    for username, person in holders.items():
        user = existing.get(username)
        if user is None:
            user = sink.add("user", User(username=username, password=encoded))
        elif user.pk in taken:
            warnings.append(f"账号 {username} 已属于其他人员，未用于演示")
            continue
        else:
            user.password, user.is_active = encoded, True
            reused.append(user)
        person.user = user
        linked.add(username)
    if reused:
        User.objects.bulk_update(reused, ["password", "is_active"])
    return linked
