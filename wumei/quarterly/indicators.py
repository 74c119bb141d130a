"""The indicator catalog of 每季必考: code → label, the groups it applies to, and its function.

Contract of every indicator function (ours and the colleagues' apps'):

    fn(group: str, county: Region, start: date, end: date) -> dict[int, Decimal | None]

a value 0–100 per subject id — the project id for group "project", the unit id otherwise; a subject absent
or None is "not applicable" (its weight is shared among the other indicators, see rules.py).

The functions below compute from the other cadences' records through those apps' own queries and rules:

- 开工及时率 start_on_time: projects whose planned start falls in the quarter; on time when started before the
  dekad round would draft an assignment letter for it — within the county's `assignment_overdue_days` (15)
  of the planned start, i.e. at most 14 days late (dekad's `ProjectFacts.started`, the county's own measure of
  "half a month overdue"). A project 100 or 0; a unit or town the share of its projects (by responsible unit /
  by town).
- 竣工投产及时率 completion_on_time: the same for planned completions in the quarter (`ProjectFacts.completed`).
- 投资完成率 investment_completion: the year's investment completed by the quarter's end over what the plan
  expects by then (dekad's `expected_investment`: 序时进度, S-curve or monthly plan), capped at 100; a unit or
  town: the sums of its projects. Projects with nothing expected are not applicable.
- 日报按时报送率 reporting_rate: on-time daily reports over reports expected in the quarter (daily's
  obligations and `compliance`), per project, per responsible unit, per town.
- 问题按时解决率 problems_on_time: problems whose deadline (办结期限) falls in the quarter; on time when
  solved (or confirmed) by it. Per project, and per unit that owns the problem (承办单位) for unit groups.
- 函件按时回复率 letters_on_time: issued letters whose reply deadline falls in the quarter; on time when
  answered by it. Per project, and per recipient unit for unit groups.
- 走访覆盖率 visit_coverage: weekly visit coverage (weekly's `coverage`) over the visit weeks starting in the
  quarter: visited project-weeks over due project-weeks, per project, responsible unit, town.

Three more come from the monthly apps, imported lazily by dotted path; until they are installed the catalog
shows them as 未安装 and a method line using them counts as not applicable for everyone.
"""

import dataclasses
import datetime
import importlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from wumei.org.models import Region, Unit
from wumei.quarterly.rules import HUNDRED, TWO_PLACES, Group

ALL = frozenset(Group)
PROJECT_AND_PLACES = frozenset({Group.PROJECT, Group.RESPONSIBLE, Group.TOWN})
UNIT_KINDS = {Group.RESPONSIBLE: Unit.Kind.RESPONSIBLE, Group.APPROVAL: Unit.Kind.APPROVAL, Group.TOWN: Unit.Kind.TOWN}
# How a project is tied to a unit of each group (approval departments are not tied to projects in the registry).
PROJECT_UNIT_FIELD = {Group.RESPONSIBLE: "responsible_unit_id", Group.TOWN: "town_id"}

Fn = Callable[[str, Region, datetime.date, datetime.date], dict[int, Decimal | None]]


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    groups: frozenset[str]
    path: str  # "module.function"
    description: str = ""

    def load(self) -> Fn | None:
        """The function, or None when its app is not installed yet."""
        module, _, name = self.path.rpartition(".")
        try:
            return getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            return None

    @property
    def installed(self) -> bool:
        return self.load() is not None

    def values(self, group: str, county: Region, start: datetime.date, end: datetime.date
               ) -> dict[int, Decimal | None]:
        """The values for `group`, or nothing when the indicator does not apply to it or is not installed."""
        fn = self.load() if group in self.groups else None
        if fn is None:
            return {}
        return {int(k): (None if v is None else Decimal(str(v)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP))
                for k, v in fn(group, county, start, end).items()}


HERE = "wumei.quarterly.indicators"
CATALOG: dict[str, Indicator] = {i.code: i for i in (
    Indicator("start_on_time", "开工及时率", PROJECT_AND_PLACES, f"{HERE}.start_on_time",
              "计划本季度开工的项目中，按期开工（晚于计划开工日期不超过14天，即未达交办函条件）的比例"),
    Indicator("investment_completion", "投资完成率", PROJECT_AND_PLACES, f"{HERE}.investment_completion",
              "截至季末本年完成投资占按计划应完成投资（序时进度）的比例，最高100"),
    Indicator("completion_on_time", "竣工投产及时率", PROJECT_AND_PLACES, f"{HERE}.completion_on_time",
              "计划本季度竣工投产的项目中，按期竣工投产（晚于计划日期不超过14天）的比例"),
    Indicator("reporting_rate", "日报按时报送率", PROJECT_AND_PLACES, f"{HERE}.reporting_rate",
              "本季度应报日报中按时报送的比例"),
    Indicator("problems_on_time", "问题按时解决率", ALL, f"{HERE}.problems_on_time",
              "办结期限在本季度的项目问题中，按期解决的比例（单位按承办单位统计）"),
    Indicator("letters_on_time", "函件按时回复率", ALL, f"{HERE}.letters_on_time",
              "回复期限在本季度的提醒函、交办函、督办函中，按期回复的比例（单位按主送单位统计）"),
    Indicator("visit_coverage", "走访覆盖率", PROJECT_AND_PLACES, f"{HERE}.visit_coverage",
              "本季度各周牵头领导应走访项目中实际走访的比例"),
    Indicator("factors_delivered", "要素保障按时兑现率", frozenset({Group.PROJECT, Group.RESPONSIBLE, Group.APPROVAL}),
              "wumei.factors.indicators.delivered_on_time",
              "要素保障诉求按期兑现的比例（每月必商）"),
    Indicator("post_rating", "百企评百岗得分", frozenset({Group.RESPONSIBLE, Group.APPROVAL, Group.TOWN}),
              "wumei.ratings.indicators.post_rating_score", "企业对单位岗位的评议得分（百企评百岗）"),
    Indicator("approval_on_time", "审批按时办结率", frozenset({Group.PROJECT, Group.APPROVAL}),
              "wumei.approvals.indicators.on_time_rate", "审批事项在法定时限内办结的比例"),
)}


def labels() -> dict[str, str]:
    return {code: i.label for code, i in CATALOG.items()}


def groups_of() -> dict[str, set[str]]:
    return {code: set(i.groups) for code, i in CATALOG.items()}


def choices_for(group: str) -> list[tuple[str, str]]:
    return [(code, i.label) for code, i in CATALOG.items() if group in i.groups]


# ------------------------------------------------------------------------------------------------ helpers


def _projects(county: Region):
    from wumei.projects.models import Project

    return Project.objects.filter(county__path__startswith=county.path)


def _unit_ids(group: str, county: Region) -> set[int]:
    return set(Unit.objects.filter(region__path__startswith=county.path, kind=UNIT_KINDS[group])
               .values_list("pk", flat=True))


def _percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """part ÷ whole in percent, two decimals; None when nothing was due."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.01"))


def _rates(rows: Iterable[tuple[int | None, int | Decimal, int | Decimal]]) -> dict[int, Decimal | None]:
    """Sum (subject, part, whole) rows by subject and turn them into percentages."""
    sums: dict[int, list] = defaultdict(lambda: [0, 0])
    for subject, part, whole in rows:
        if subject is None:
            continue
        sums[subject][0] += part
        sums[subject][1] += whole
    return {subject: _percent(part, whole) for subject, (part, whole) in sums.items() if whole}


def _subject(group: str, row: dict) -> int | None:
    """The subject a project row counts for in `group`: the project itself or its unit/town."""
    if group == Group.PROJECT:
        return row["pk"]
    field = PROJECT_UNIT_FIELD.get(group)
    return row.get(field) if field else None


def _for_units(group: str, county: Region, values: dict[int, Decimal | None]) -> dict[int, Decimal | None]:
    if group == Group.PROJECT:
        return values
    units = _unit_ids(group, county)
    return {k: v for k, v in values.items() if k in units}


PROJECT_FIELDS = ("pk", "name", "stage", "responsible_unit_id", "town_id", "planned_start_on", "actual_start_on",
                  "planned_completion_on", "actual_completion_on")


def _dated(county: Region, field: str, start: datetime.date, end: datetime.date) -> list[dict]:
    return list(_projects(county).filter(**{f"{field}__range": (start, end)}).values(*PROJECT_FIELDS))


def _facts(row: dict):
    from wumei.dekad.rules import ProjectFacts

    return ProjectFacts(project_id=row["pk"], name=row["name"], stage=row["stage"],
                        planned_start_on=row["planned_start_on"], actual_start_on=row["actual_start_on"],
                        planned_completion_on=row["planned_completion_on"],
                        actual_completion_on=row["actual_completion_on"])


# ------------------------------------------------------------------------------------------------ indicators


def _grace(county: Region) -> datetime.timedelta:
    """How late a start (completion) may be and still count as on time: until the day before the dekad round
    would draft an assignment letter for it (the county's `assignment_overdue_days` − 1; 14 days by default)."""
    from wumei.dekad import queries as dekad_queries

    days = dekad_queries.thresholds_by_county({county.pk})[county.pk].assignment_overdue_days
    return datetime.timedelta(days=days - 1)


def start_on_time(group: str, county: Region, start: datetime.date, end: datetime.date) -> dict[int, Decimal | None]:
    """开工及时率 (see the module docstring)."""
    if group not in PROJECT_AND_PLACES:
        return {}
    rows, grace = _dated(county, "planned_start_on", start, end), _grace(county)
    return _for_units(group, county, _rates(
        (_subject(group, r), int(_facts(r).started(r["planned_start_on"] + grace)), 1) for r in rows))


def completion_on_time(group: str, county: Region, start: datetime.date, end: datetime.date
                       ) -> dict[int, Decimal | None]:
    """竣工投产及时率: a project without an actual completion date counts as completed on time only if it was
    already operating (dekad's rule) — the registry gives no better date."""
    if group not in PROJECT_AND_PLACES:
        return {}
    rows, grace = _dated(county, "planned_completion_on", start, end), _grace(county)
    return _for_units(group, county, _rates(
        (_subject(group, r), int(_facts(r).completed(r["planned_completion_on"] + grace)), 1) for r in rows))


def investment_completion(group: str, county: Region, start: datetime.date, end: datetime.date
                          ) -> dict[int, Decimal | None]:
    """投资完成率 as of the quarter's end; capped at 100 per subject."""
    from wumei.dekad import queries as dekad_queries
    from wumei.dekad import rules as dekad_rules

    if group not in PROJECT_AND_PLACES:
        return {}
    projects = _projects(county)
    facts = dekad_queries.project_facts(projects, end)
    thresholds = dekad_queries.thresholds_by_county({county.pk})[county.pk]
    owners = {r["pk"]: r for r in projects.filter(pk__in=list(facts)).values("pk", "responsible_unit_id", "town_id")}
    rows = []
    for pid, fact in facts.items():
        expectation = dekad_rules.expectation_of(fact, end, thresholds)
        if expectation is None or expectation.expected <= 0:
            continue
        rows.append((_subject(group, owners[pid]), expectation.done, expectation.expected))
    return _for_units(group, county, {k: (min(HUNDRED, v) if v is not None else None)
                                      for k, v in _rates(rows).items()})


def reporting_rate(group: str, county: Region, start: datetime.date, end: datetime.date) -> dict[int, Decimal | None]:
    """日报按时报送率: daily's obligations regrouped by subject, tallied by daily's `compliance` rule."""
    from wumei.calendar.services import load_calendar
    from wumei.daily import queries as daily_queries
    from wumei.daily import rules as daily_rules
    from wumei.daily.models import DailyReport

    if group not in PROJECT_AND_PLACES:
        return {}
    projects = _projects(county)
    owners = {r["pk"]: r for r in projects.values("pk", "responsible_unit_id", "town_id")}
    obligations = []
    for ob in daily_queries.obligations(projects):
        subject = _subject(group, owners[ob.project_id])
        if subject is not None:
            obligations.append(dataclasses.replace(ob, unit_id=subject))
    reports = (DailyReport.objects.filter(project__in=projects.values("pk"), report_on__range=(start, end))
               .order_by().values_list("project_id", "report_on", "is_late"))
    tallies = daily_rules.compliance(obligations, reports, start, end, load_calendar()).by_unit()
    return _for_units(group, county, {k: _percent(t.on_time, t.expected) for k, t in tallies.items() if t.expected})


def problems_on_time(group: str, county: Region, start: datetime.date, end: datetime.date
                     ) -> dict[int, Decimal | None]:
    """问题按时解决率: problems due in the quarter, solved (or confirmed) by their deadline."""
    from wumei.problems.models import CLOSED_STATUSES, Problem

    rows = (Problem.objects.filter(project__county__path__startswith=county.path, due_on__range=(start, end))
            .values_list("project_id", "owner_unit_id", "status", "solved_on", "due_on"))
    return _for_units(group, county, _rates(
        (project_id if group == Group.PROJECT else unit_id,
         int(status in CLOSED_STATUSES and solved_on is not None and solved_on <= due_on), 1)
        for project_id, unit_id, status, solved_on, due_on in rows))


def letters_on_time(group: str, county: Region, start: datetime.date, end: datetime.date) -> dict[int, Decimal | None]:
    """函件按时回复率: issued letters due for an answer in the quarter, answered by their deadline."""
    from wumei.dekad import rules as dekad_rules
    from wumei.dekad.models import Letter

    rows = (Letter.objects.filter(county__path__startswith=county.path, reply_due_on__range=(start, end))
            .exclude(status__in=[dekad_rules.DRAFT, dekad_rules.WITHDRAWN])
            .values_list("project_id", "recipient_unit_id", "answered_on", "reply_due_on"))
    return _for_units(group, county, _rates(
        (project_id if group == Group.PROJECT else unit_id,
         int(answered_on is not None and answered_on <= due_on), 1)
        for project_id, unit_id, answered_on, due_on in rows))


def visit_coverage(group: str, county: Region, start: datetime.date, end: datetime.date) -> dict[int, Decimal | None]:
    """走访覆盖率: weekly's coverage of each visit week starting in the quarter, summed per subject. Like
    weekly's own table, a past week is judged against today's leaders and stages."""
    from wumei.calendar.services import load_calendar
    from wumei.weekly import conf as weekly_conf
    from wumei.weekly import rules as weekly_rules
    from wumei.weekly.models import Visit

    if group not in PROJECT_AND_PLACES:
        return {}
    projects = (_projects(county).filter(lead_leader__isnull=False)
                .exclude(stage__in=weekly_conf.VISIT_EXEMPT_STAGES))
    owners = {}
    due: dict[int, list] = defaultdict(list)
    for row in projects.order_by("pk").values("pk", "name", "lead_leader_id", "responsible_unit_id", "town_id"):
        owners[row["pk"]] = row
        due[row["lead_leader_id"]].append(weekly_rules.ProjectRef(row["pk"], row["name"]))
    week = weekly_rules.week_of(start)
    if week.start < start:
        week = week.next()
    weeks = []
    while week.start <= end:
        weeks.append(week)
        week = week.next()
    if not due or not weeks:
        return {}
    visits = list(Visit.objects.filter(project__in=projects.values("pk"),
                                       visited_on__range=(weeks[0].start, weeks[-1].end))
                  .values_list("leader_id", "project_id", "visited_on"))
    calendar = load_calendar()
    rows = []
    for week in weeks:
        cells = weekly_rules.coverage(week, due, visits, exempt=not weekly_rules.is_visit_week(
            week, calendar.is_working_day))
        for cell in cells.values():
            if cell.exempt:
                continue
            for ref in cell.due:
                rows.append((_subject(group, owners[ref.id]), int(ref.id in cell.visited_ids), 1))
    return _for_units(group, county, _rates(rows))
