"""The cockpit's figures for a region as of a day, computed from the records (seed §二–§五 headline figures).

`figures(region, on)` runs a fixed number of queries whatever the number of projects: the registry rows,
the dekad facts (investment completed and RAG), one query per other source (problems, documents, reports,
visits, leads, statistics), and the grouping is done in Python over those rows. Every rule is another app's:
序时进度 and RAG (dekad), problem figures and ages (problems), visit coverage and fulfilment (weekly), the
reporting rate (daily), document counts (bulletins); see wumei/cockpit/rules.py for the few of its own.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery

from wumei.bulletins.queries import document_counts
from wumei.calendar.services import load_calendar
from wumei.cockpit import rules
from wumei.cockpit.models import MonthlyStatistic
from wumei.core.money import format_money
from wumei.daily.queries import compliance
from wumei.dekad import rules as dekad_rules
from wumei.dekad.queries import project_facts, thresholds_by_county
from wumei.org.models import Region
from wumei.problems import rules as problem_rules
from wumei.problems.models import Problem
from wumei.problems.queries import statistics_rows
from wumei.projects.models import AnnualPlan, Level, PlanKind, Progress, Project, Stage
from wumei.weekly import conf as weekly_conf
from wumei.weekly import rules as weekly_rules
from wumei.weekly.models import Visit
from wumei.weekly.queries import county_figures

ZERO = Decimal(0)
UPPER = "upper"  # provincial and municipal key projects together (省市重点)
LEVEL_KEYS = ("all", UPPER, Level.PROVINCIAL.value, Level.MUNICIPAL.value, Level.COUNTY.value)
LEVEL_LABELS = {"all": "全部重点项目", UPPER: "省市重点项目", **{k.value: k.label for k in Level}}
KIND_KEYS = tuple(PlanKind.values)
KIND_LABELS = {k.value: k.label for k in PlanKind}
RAG_KEYS = tuple(r.value for r in dekad_rules.Rag)


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Figures:
    """Every cockpit figure of one region as of one day; the nested values are plain dicts and lists."""

    on: datetime.date
    region_code: str
    region_name: str
    region_level: str
    projects: dict = field(default_factory=dict)  # level key → counts and rates
    investment: dict = field(default_factory=dict)  # "all" / level / kind → plan, done, 完成率, 序时
    fai: dict = field(default_factory=dict)
    problems: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    reporting: dict = field(default_factory=dict)
    visits: dict = field(default_factory=dict)
    leads: dict = field(default_factory=dict)
    rag: dict = field(default_factory=dict)
    by_stage: list = field(default_factory=list)
    by_chain: list = field(default_factory=list)
    by_place: list = field(default_factory=list)
    by_unit: list = field(default_factory=list)
    ageing: list = field(default_factory=list)
    monthly: list = field(default_factory=list)
    counties: list = field(default_factory=list)  # roll-up: one row per county below a city or province

    def as_dict(self) -> dict:
        return _plain(asdict(self))

    @property
    def headline(self) -> list[str]:
        """The seed's sentences, computed."""
        p, inv, upper = self.projects["all"], self.investment["all"], self.projects[UPPER]
        lines = [f"{self.region_name}{self.on.year}年重点项目{p['planned']}个，已开工{p['started']}个"
                 f"（开工率{_pct(p['started_rate'])}），今年竣工投产{p['completed_this_year']}个"]
        if upper["planned"]:
            lines.append(f"{upper['planned']}个省市重点项目已开工{upper['started']}个，开工率{_pct(upper['started_rate'])}")
        if inv["plan"]:
            lines.append(f"完成投资{format_money(inv['done'])}，{inv['explanation']}")
        if self.fai.get("share_percent") is not None:
            growth = self.fai.get("growth")
            tail = f"，固定资产投资同比增长{growth}%" if growth is not None else ""
            lines.append(f"1—{self.fai['month']}月重点项目完成投资占固定资产投资的{self.fai['share_percent']}%{tail}")
        pr, d = self.problems, self.documents
        lines.append(f"今年以来共收集项目困难问题{pr['collected']}个，已解决{pr['solved']}个")
        lines.append(f"下发交（督）办函{d['assignment_letters'] + d['supervision_letters']}份、提醒函"
                     f"{d['reminder_letters']}份，发出工作提示{d['work_reminders']}份，下发督查通报{d['bulletins']}份")
        if self.leads.get("signed_count"):
            lines.append(f"今年招引项目{self.leads['signed_count']}个，总引资额{format_money(self.leads['signed_amount'])}"
                         f"，项目履约率{_pct(self.leads['fulfilment_rate'])}")
        return lines


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


# ------------------------------------------------------------------------------------------------ parts


def projects_in(region: Region) -> QuerySet[Project]:
    """Every project of the region and the regions below it (one indexed prefix match)."""
    return Project.objects.filter(county__path__startswith=region.path)


ROW_FIELDS = ("pk", "name", "county_id", "county__code", "county__name", "level", "stage", "chain_id",
              "chain__name", "town_id", "town__name", "park_id", "park__name", "responsible_unit_id",
              "responsible_unit__name", "actual_start_on", "actual_completion_on")


def _count_block(rows: list[dict], plans: dict[int, tuple[str, Decimal]], on: datetime.date) -> dict:
    first_day = on.replace(month=1, day=1)
    planned = [r for r in rows if r["pk"] in plans and plans[r["pk"]][0] != PlanKind.PREPARATORY]
    started = [r for r in planned if r["actual_start_on"] and r["actual_start_on"] <= on]
    new_start = [r for r in planned if plans[r["pk"]][0] == PlanKind.NEW_START]
    new_started = [r for r in new_start if r["actual_start_on"] and r["actual_start_on"] <= on]
    completing = [r for r in planned if plans[r["pk"]][0] == PlanKind.COMPLETING]
    completed = [r for r in completing if r["actual_completion_on"] and r["actual_completion_on"] <= on]
    return {
        "registered": len(rows),
        "planned": len(planned),
        "started": len(started),
        "started_rate": rules.rate(len(started), len(planned)),
        "new_start_planned": len(new_start),
        "new_started": len(new_started),
        "new_start_rate": rules.rate(len(new_started), len(new_start)),
        "started_this_year": sum(1 for r in rows if r["actual_start_on"] and first_day <= r["actual_start_on"] <= on),
        "completing_planned": len(completing),
        "completed": len(completed),
        "completion_rate": rules.rate(len(completed), len(completing)),
        "completed_this_year": sum(1 for r in rows
                                   if r["actual_completion_on"] and first_day <= r["actual_completion_on"] <= on),
    }


def _investment_block(pids, plans, done, on) -> dict:
    plan = sum((plans[p][1] for p in pids if p in plans), ZERO)
    completed = sum((done.get(p) or ZERO for p in pids if p in plans), ZERO)
    exp = dekad_rules.expected_investment(plan, completed, on, dekad_rules.Thresholds(use_monthly_plans=False))
    if exp is None:
        return {"plan": plan, "done": completed, "completion_percent": None, "schedule_percent": None,
                "gap_points": None, "explanation": ""}
    return {
        "plan": plan, "done": completed,
        "completion_percent": dekad_rules.one_place(exp.completion_percent),
        "schedule_percent": dekad_rules.one_place(exp.schedule_percent),
        "gap_points": exp.gap_points,  # positive: behind 序时进度
        "explanation": exp.explanation,
    }


def monthly_done_series(pids: list[int], on: datetime.date) -> list[tuple[datetime.date, Decimal]]:
    """(month end or `on`, investment completed this year by then) for each month up to `on`, from two queries:
    the year's progress records and each project's last cumulative figure before the year
    (dekad.rules.year_completed decides, as for the letters)."""
    first_day = on.replace(month=1, day=1)
    points: dict[int, list[dekad_rules.ProgressPoint]] = defaultdict(list)
    if pids:
        for pid, as_of, year_inv, cum in (Progress.objects.filter(project_id__in=pids, as_of__range=(first_day, on))
                                          .values_list("project_id", "as_of", "year_investment",
                                                       "cumulative_investment")):
            points[pid].append(dekad_rules.ProgressPoint(as_of, year_inv, cum))
        before = Progress.objects.filter(project=OuterRef("pk"), as_of__lt=first_day,
                                         cumulative_investment__isnull=False).order_by("-as_of")
        for pid, as_of, cum in (Project.objects.filter(pk__in=pids)
                                .annotate(b_as_of=Subquery(before.values("as_of")[:1]),
                                          b_cum=Subquery(before.values("cumulative_investment")[:1]))
                                .filter(b_as_of__isnull=False).values_list("pk", "b_as_of", "b_cum")):
            points[pid].append(dekad_rules.ProgressPoint(as_of, None, cum))
    out = []
    for month in range(1, on.month + 1):
        day = min(rules.month_end(on.year, month), on)
        total = sum((dekad_rules.year_completed(points[p], day) or ZERO for p in pids), ZERO)
        out.append((day, total))
    return out


def _fai(region: Region, on: datetime.date, series: list[tuple[datetime.date, Decimal]]) -> dict:
    """The region's own statistics of the latest ended month; without them, its counties' summed."""
    own = list(MonthlyStatistic.objects.filter(region__path__startswith=region.path, year=on.year)
               .values("region_id", "region__level", "month", "fai_amount", "fai_growth", "gdp_growth",
                       "industry_growth"))
    mine = {r["month"]: r for r in own if r["region_id"] == region.pk}
    month = rules.statistics_month(on, mine)
    if month is not None:
        row = mine[month]
        amount, growth = row["fai_amount"], row["fai_growth"]
        gdp, industry = row["gdp_growth"], row["industry_growth"]
    else:
        counties = [r for r in own if r["region__level"] == Region.Level.COUNTY and r["region_id"] != region.pk]
        month = rules.statistics_month(on, {r["month"] for r in counties})
        if month is None:
            return {"month": None, "amount": None, "growth": None, "share_percent": None, "key_done": None,
                    "gdp_growth": None, "industry_growth": None}
        of_month = [r for r in counties if r["month"] == month]
        amount = sum((r["fai_amount"] for r in of_month), ZERO)
        growth = rules.rolled_up_growth((r["fai_amount"], r["fai_growth"]) for r in of_month)
        gdp = industry = None
    key_done = series[month - 1][1]
    return {"month": month, "amount": amount, "growth": growth, "key_done": key_done,
            "share_percent": rules.share_percent(key_done, amount), "gdp_growth": gdp, "industry_growth": industry}


def _problems(region: Region, on: datetime.date, work_calendar) -> tuple[dict, list]:
    qs = Problem.objects.filter(project__county__path__startswith=region.path)
    rows = statistics_rows(qs, datetime.date(1900, 1, 1), on)
    f = problem_rules.figures(rows, on.replace(month=1, day=1), on, work_calendar)
    unsolved = [r for r in rows if r.solved_on is None or r.solved_on > on]
    ages = Counter(problem_rules.age_of(r.raised_on, on) for r in unsolved)
    ageing = [{"key": a.value, "label": a.label, "count": ages.get(a, 0)} for a in problem_rules.Age]
    return ({"collected": f.collected, "solved": f.solved, "solved_rate": f.solved_rate,
             "median_days": f.median_days, "unsolved_now": len(unsolved)}, ageing)


def _reporting(projects: QuerySet[Project], on: datetime.date, work_calendar) -> dict:
    """The month up to the day, as the daily compliance page shows by default."""
    first = on.replace(day=1)
    total = compliance(projects, first, on, work_calendar).total()
    return {"first": first, "last": on, "expected": total.expected, "received": total.received,
            "on_time": total.on_time, "rate": total.rate}


def _visits(projects: QuerySet[Project], on: datetime.date, work_calendar) -> dict:
    """The last complete week's coverage (the week of `on` when `on` is its Sunday)."""
    week = weekly_rules.week_of(on)
    if on != week.end:
        week = week.previous()
    due_qs = projects.filter(lead_leader__isnull=False).exclude(stage__in=weekly_conf.VISIT_EXEMPT_STAGES)
    due: dict[int, list[weekly_rules.ProjectRef]] = defaultdict(list)
    for pk, name, leader_id in due_qs.values_list("pk", "name", "lead_leader_id"):
        due[leader_id].append(weekly_rules.ProjectRef(pk, name))
    visits = list(Visit.objects.filter(project__in=due_qs.values("pk"), visited_on__range=(week.start, week.end))
                  .values_list("leader_id", "project_id", "visited_on")) if due else []
    cells = weekly_rules.coverage(week, due, visits,
                                  exempt=not weekly_rules.is_visit_week(week, work_calendar.is_working_day))
    rows = cells.values()
    return {"week": week.label, "week_start": week.start,
            "due": sum(r.due_count for r in rows), "visited": sum(r.visited_count for r in rows if not r.exempt),
            "rate": weekly_rules.overall_rate(rows)}


def _leads(region: Region, on: datetime.date) -> dict:
    whole, park = county_figures(region, on)
    return {"signed_count": whole.signed_count, "signed_amount": whole.signed_amount,
            "large_count": whole.large_count, "top500_count": whole.top500_count,
            "started_count": whole.started_count, "fulfilled": whole.fulfilment.fulfilled,
            "due": whole.fulfilment.due, "fulfilment_rate": whole.fulfilment_rate,
            "park_signed_count": park.signed_count, "park_fulfilment_rate": park.fulfilment_rate}


def _group(rows, key, label, plans, done, rags, on) -> list[dict]:
    groups: dict = {}
    for r in rows:
        k = r[key]
        if k is None:
            continue
        g = groups.setdefault(k, {"id": k, "name": r[label], "pids": []})
        g["pids"].append(r["pk"])
    out = []
    for g in groups.values():
        pids = g.pop("pids")
        inv = _investment_block(pids, plans, done, on)
        out.append({**g, "projects": len(pids), "plan": inv["plan"], "done": inv["done"],
                    "completion_percent": inv["completion_percent"],
                    "red": sum(1 for p in pids if rags.get(p) == dekad_rules.Rag.RED)})
    return out


# ------------------------------------------------------------------------------------------------ figures


def figures(region: Region, on: datetime.date) -> Figures:
    """All cockpit figures of `region` (a county, or a city/province: every county below it) as of `on`."""
    projects = projects_in(region)
    rows = list(projects.order_by("pk").values(*ROW_FIELDS))
    pids = [r["pk"] for r in rows]
    plans = {pid: (kind, amount) for pid, kind, amount in
             AnnualPlan.objects.filter(project__in=projects.values("pk"), year=on.year)
             .values_list("project_id", "kind", "planned_investment")}
    facts = project_facts(projects, on)
    done = {pid: f.year_done for pid, f in facts.items()}
    county_of = {r["pk"]: r["county_id"] for r in rows}
    thresholds = thresholds_by_county(set(county_of.values()))
    rags = {pid: dekad_rules.rag(f, on, thresholds[county_of[pid]]).status for pid, f in facts.items()}
    work_calendar = load_calendar()

    by_level = {
        "all": rows, UPPER: [r for r in rows if r["level"] in (Level.PROVINCIAL, Level.MUNICIPAL)],
        **{lv.value: [r for r in rows if r["level"] == lv] for lv in Level},
    }
    project_counts = {k: {"label": LEVEL_LABELS[k], **_count_block(v, plans, on)} for k, v in by_level.items()}
    investment = {k: {"label": LEVEL_LABELS[k], **_investment_block([r["pk"] for r in v], plans, done, on)}
                  for k, v in by_level.items()}
    for kind in KIND_KEYS:
        investment[kind] = {"label": KIND_LABELS[kind],
                            **_investment_block([p for p in pids if plans.get(p, ("",))[0] == kind], plans, done, on)}

    planned_ids = [p for p in pids if p in plans]
    series = monthly_done_series(planned_ids, on)
    plan_total = investment["all"]["plan"]
    monthly = [{"month": day.month, "on": day, "done": total,
                "expected": (plan_total * dekad_rules.year_elapsed_share(day)[0] / 12).quantize(dekad_rules.WAN)}
               for day, total in series]
    problems, ageing = _problems(region, on, work_calendar)
    docs = document_counts(on.replace(month=1, day=1), on, region)
    rag_counts = Counter(rags.values())

    stage_counts = Counter(r["stage"] for r in rows)
    by_stage = [{"key": s.value, "label": s.label, "count": stage_counts.get(s.value, 0)} for s in Stage]
    by_place = (_group(rows, "park_id", "park__name", plans, done, rags, on)
                + _group(rows, "town_id", "town__name", plans, done, rags, on))
    by_unit = _group(rows, "responsible_unit_id", "responsible_unit__name", plans, done, rags, on)
    by_unit.sort(key=lambda u: (u["completion_percent"] is None, -(u["completion_percent"] or 0), u["name"]))
    for rank, unit in enumerate(by_unit, 1):
        unit["rank"] = rank
    counties = []
    if region.level != Region.Level.COUNTY:
        counties = _group(rows, "county_id", "county__name", plans, done, rags, on)
        codes = {r["county_id"]: r["county__code"] for r in rows}
        for c in counties:
            block = _count_block([r for r in rows if r["county_id"] == c["id"]], plans, on)
            c.update(code=codes[c["id"]], planned=block["planned"], started=block["started"],
                     started_rate=block["started_rate"])
        counties.sort(key=lambda c: (c["completion_percent"] is None, -(c["completion_percent"] or 0), c["code"]))
        for rank, c in enumerate(counties, 1):
            c["rank"] = rank

    return Figures(
        on=on, region_code=region.code, region_name=region.name, region_level=region.level,
        projects=project_counts, investment=investment,
        fai=_fai(region, on, series),
        problems=problems,
        documents={"letters": docs.letters, "reminder_letters": docs.letters_by_kind.get("reminder", 0),
                   "assignment_letters": docs.letters_by_kind.get("assignment", 0),
                   "supervision_letters": docs.letters_by_kind.get("supervision", 0),
                   "work_reminders": docs.work_reminders, "bulletins": docs.bulletins,
                   "dispatch_orders": docs.dispatch_orders},
        reporting=_reporting(projects, on, work_calendar),
        visits=_visits(projects, on, work_calendar),
        leads=_leads(region, on),
        rag={k: rag_counts.get(k, 0) for k in RAG_KEYS},
        by_stage=by_stage,
        by_chain=sorted(_group(rows, "chain_id", "chain__name", plans, done, rags, on),
                        key=lambda c: (-c["projects"], c["name"])),
        by_place=sorted(by_place, key=lambda c: (-c["projects"], c["name"])),
        by_unit=by_unit, ageing=ageing, monthly=monthly, counties=counties,
    )
