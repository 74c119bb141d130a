"""Demo history of 每日必盯: months of daily reports for the demo county, with gaps, late ones, the chases
that followed, and now and then a problem met.

Consistent with what the demo builder already wrote: a report's cumulative investment follows the project's
progress snapshots (equal on the snapshot days, rising in steps between them, never falling), its stage
follows the stage history, and only days the project was expected to report (working days between its
registration and its completion) are written. Deterministic for a given `rng` and `today`. Bulk inserts;
one audit event.
"""

import bisect
import datetime
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from wumei.audit.services import record
from wumei.calendar.services import load_calendar
from wumei.daily import queries, rules
from wumei.daily.models import Chase, DailyReport
from wumei.org.models import Region
from wumei.problems.models import Problem, ProblemTransition
from wumei.projects.models import Progress, Project, Stage, StageChange

HISTORY_DAYS = 120
CENT = Decimal("0.01")
# How diligent a unit's liaison is: (chance a day's report is missing, chance it comes after the cut-off).
PROFILES = [(0.01, 0.02), (0.02, 0.04), (0.03, 0.06), (0.05, 0.08), (0.08, 0.12), (0.12, 0.18)]
PROBLEM_CHANCE = 0.006
UPDATE_CHANCE = 0.35  # liaisons bring their investment figure up to date about twice a week
DAILY_NOTES = [
    "今日现场施工人员{n}人、机械{m}台",
    "今日完成混凝土浇筑约{n}立方米",
    "专班今日到现场协调施工组织",
    "今日开展安全生产检查，未发现重大隐患",
    "今日材料进场约{n}吨",
]
PRESTART_NOTES = [
    "今日对接用地报批材料",
    "今日与设计单位对接施工图修改意见",
    "今日配合开展地勘外业工作",
    "今日专班走访企业了解前期工作进展",
]
PROBLEMS = [
    (Problem.Category.DEMOLITION, "项目红线内尚有{n}户未签订征收补偿协议，影响场地移交"),
    (Problem.Category.LAND, "项目用地指标尚未落实，需县里协调调剂"),
    (Problem.Category.APPROVAL, "施工许可办理卡在消防设计审查环节，请求协调加快"),
    (Problem.Category.FUNDS, "企业自筹资金到位不足，银行贷款审批进度慢"),
    (Problem.Category.POWER, "施工临时用电容量不足，需供电公司增容"),
    (Problem.Category.WATER, "施工用水管网未接通，目前靠水车供水"),
    (Problem.Category.ENVIRONMENT, "环评批复尚未取得，部分工序无法施工"),
    (Problem.Category.LABOUR, "技术工人短缺约{n}人，影响设备安装进度"),
    (Problem.Category.OTHER, "周边群众反映施工噪音扰民，需协调施工时间"),
]
SOLUTIONS = ["经专班协调已解决", "责任单位现场办公，问题已解决", "牵头领导调度后已落实", "已按程序办结"]


def _at(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _local(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


class _Investment:
    """A project's cumulative investment on any day, from its progress snapshots: exact on the snapshot days,
    linear between them, flat before the first and after the last."""

    def __init__(self, snapshots: list[tuple[datetime.date, Decimal, Decimal | None]]) -> None:
        anchors: list[tuple[datetime.date, Decimal]] = []
        if snapshots:
            first_day, first_cum, first_year = snapshots[0]
            if first_year is not None:
                # Investment before this year: the cumulative of the year's first snapshot less its year part.
                anchors.append((datetime.date(first_day.year, 1, 1) - datetime.timedelta(days=1),
                                max(Decimal(0), first_cum - first_year)))
            anchors += [(day, cum) for day, cum, _ in snapshots]
        self.days = [a[0] for a in anchors]
        self.values = [a[1] for a in anchors]

    def on(self, day: datetime.date) -> Decimal:
        if not self.days:
            return Decimal(0)
        i = bisect.bisect_right(self.days, day)
        if i == 0:
            return self.values[0]
        if i == len(self.days):
            return self.values[-1]
        (d0, v0), (d1, v1) = (self.days[i - 1], self.values[i - 1]), (self.days[i], self.values[i])
        share = Decimal((day - d0).days) / Decimal((d1 - d0).days)
        return (v0 + (v1 - v0) * share).quantize(CENT, ROUND_HALF_UP)

    def is_anchor(self, day: datetime.date) -> bool:
        i = bisect.bisect_left(self.days, day)
        return i < len(self.days) and self.days[i] == day


def seed(county: Region, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write the daily history of the county's projects for the working days of the last HISTORY_DAYS days
    (today excluded: the demo starts the morning before anyone reported). Writes once."""
    projects = list(Project.objects.filter(county__path__startswith=county.path, responsible_unit__isnull=False)
                    .select_related("responsible_unit").order_by("code", "pk"))
    if not projects or DailyReport.objects.filter(project__in=projects).exists():
        return {"daily_reports": 0, "daily_problems": 0, "daily_chases": 0}
    calendar = load_calendar()
    days = rules.working_days(today - datetime.timedelta(days=HISTORY_DAYS), today - datetime.timedelta(days=1),
                              calendar)
    ids = [p.pk for p in projects]
    obligations = {ob.project_id: ob for ob in queries.obligations(Project.objects.filter(pk__in=ids))}
    snapshots: dict[int, list] = defaultdict(list)
    texts: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for pid, as_of, cum, year, text in (Progress.objects.filter(project_id__in=ids).order_by("as_of", "pk")
                                        .values_list("project_id", "as_of", "cumulative_investment",
                                                     "year_investment", "image_progress")):
        if cum is not None:
            snapshots[pid].append((as_of, cum, year))
        if text:
            texts[pid].append((as_of, text))
    stages: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for pid, changed_at, to_stage in (StageChange.objects.filter(project_id__in=ids).order_by("changed_at", "pk")
                                      .values_list("project_id", "changed_at", "to_stage")):
        stages[pid].append((_local(changed_at), to_stage))
    unit_ids = sorted({p.responsible_unit_id for p in projects})
    liaisons = queries.liaisons_by_unit(unit_ids)
    profiles = {unit_id: rng.choice(PROFILES) for unit_id in unit_ids}

    reports: list[DailyReport] = []
    problems: list[tuple[DailyReport, Problem]] = []
    outcome: dict[tuple[int, datetime.date], list[tuple[Project, bool | None]]] = defaultdict(list)
    for project in projects:
        ob = obligations.get(project.pk)
        if ob is None:
            continue
        unit_id = project.responsible_unit_id
        miss, late_chance = profiles[unit_id]
        people = liaisons.get(unit_id, [])
        reporter = people[0] if people else None
        investment = _Investment(snapshots[project.pk])
        previous: DailyReport | None = None
        value: Decimal | None = None
        for day in days:
            if not ob.covers(day):
                continue
            stage = _stage_on(stages[project.pk], day)
            if stage is None:
                continue
            draw = rng.random()
            if draw < miss:
                outcome[(unit_id, day)].append((project, None))
                continue
            is_late = draw < miss + late_chance
            target = investment.on(day)
            if value is None or investment.is_anchor(day) or rng.random() < UPDATE_CHANCE:
                value = max(target, value or Decimal(0))
            submitted = _submitted_at(rng, day, is_late, calendar)
            report = DailyReport(
                project=project, report_on=day, image_progress=_image(rng, texts[project.pk], day, stage),
                cumulative_investment=value,
                investment_added=None if previous is None else value - previous.cumulative_investment,
                stage=stage, from_stage=previous.stage if previous else stage, is_late=is_late,
                reporter=reporter.user if reporter and reporter.user_id else None,
                reporter_name=reporter.name if reporter else "", submitted_at=submitted, updated_at=submitted,
            )
            reports.append(report)
            outcome[(unit_id, day)].append((project, is_late))
            if stage != Stage.OPERATING and rng.random() < PROBLEM_CHANCE:
                problems.append((report, _problem(rng, project, day, today, calendar, report.reporter)))
            previous = report

    with transaction.atomic():
        DailyReport.objects.bulk_create(reports, batch_size=500)
        problem_rows = _write_problems(rng, problems, today, calendar)
        chases = _chases(outcome, liaisons)
        Chase.objects.bulk_create(chases, batch_size=500)
        counts = {"daily_reports": len(reports), "daily_problems": problem_rows, "daily_chases": len(chases)}
        record(None, "daily.demo", note=(
            f"载入演示日报：{len(reports)}份日报（近{HISTORY_DAYS}天的工作日），随日报登记问题{problem_rows}个，"
            f"催报记录{len(chases)}条"), region_code=county.code)
    return counts


def _stage_on(history: list[tuple[datetime.date, str]], day: datetime.date) -> str | None:
    stage = None
    for changed_on, to_stage in history:
        if changed_on > day:
            break
        stage = to_stage
    return stage


def _image(rng: random.Random, texts: list[tuple[datetime.date, str]], day: datetime.date, stage: str) -> str:
    """The latest 形象进度 of the registry's snapshots, with a note of the day now and then."""
    base = ""
    for as_of, text in texts:
        if as_of > day:
            break
        base = text
    if not base:
        base = texts[0][1] if texts else "项目前期工作推进中"
    if rng.random() < 0.4:
        started = stage in (Stage.STARTED, Stage.ASSESSMENT)
        note = rng.choice(DAILY_NOTES if started else PRESTART_NOTES)
        base += "；" + note.format(n=rng.randint(20, 180), m=rng.randint(3, 25))
    return base


def _submitted_at(rng: random.Random, day: datetime.date, late: bool, calendar) -> datetime.datetime:
    if not late:
        return _at(day, rng.randint(8, 16), rng.randint(0, 59))
    if rng.random() < 0.3:  # caught up the next working morning
        return _at(calendar.add_working_days(day, 1), rng.randint(8, 10), rng.randint(0, 59))
    return _at(day, rng.randint(17, 21), rng.randint(5, 59))


def _problem(rng: random.Random, project: Project, day: datetime.date, today: datetime.date, calendar,
             raised_by) -> Problem:
    category, text = rng.choice(PROBLEMS)
    due = calendar.add_working_days(day, 10)
    problem = Problem(
        project=project, source=Problem.Source.DAILY, category=category,
        description=text.format(n=rng.randint(2, 30)), owner_unit=project.responsible_unit, deadline_days=10,
        raised_on=day, due_on=due, level_due_on=due, raised_by=raised_by, created_at=_at(day, 16, 0),
    )
    age = (today - day).days
    if age > 30 and rng.random() < 0.8:
        solved = min(calendar.add_working_days(day, rng.randint(2, 12)), today)
        problem.status, problem.solved_on, problem.solution = Problem.Status.SOLVED, solved, rng.choice(SOLUTIONS)
        if rng.random() < 0.5:
            problem.status, problem.confirmed_on = Problem.Status.CONFIRMED, solved
    elif age > 5:
        problem.status = rng.choice([Problem.Status.ASSIGNED, Problem.Status.IN_PROGRESS])
    return problem


def _write_problems(rng: random.Random, pairs: list[tuple[DailyReport, Problem]], today: datetime.date,
                    calendar) -> int:
    Problem.objects.bulk_create([p for _, p in pairs])
    transitions, links = [], []
    for report, problem in pairs:
        links.append(DailyReport.problems.through(dailyreport=report, problem=problem))
        transitions.append(ProblemTransition(problem=problem, from_status="", to_status=Problem.Status.OPEN,
                                             to_level=problem.level, reason="登记问题", actor=problem.raised_by,
                                             at=problem.created_at))
        steps = {
            Problem.Status.ASSIGNED: [Problem.Status.ASSIGNED],
            Problem.Status.IN_PROGRESS: [Problem.Status.ASSIGNED, Problem.Status.IN_PROGRESS],
            Problem.Status.SOLVED: [Problem.Status.ASSIGNED, Problem.Status.IN_PROGRESS, Problem.Status.SOLVED],
            Problem.Status.CONFIRMED: [Problem.Status.ASSIGNED, Problem.Status.IN_PROGRESS, Problem.Status.SOLVED,
                                       Problem.Status.CONFIRMED],
        }.get(problem.status, [])
        previous = Problem.Status.OPEN
        for n, status in enumerate(steps, start=1):
            day = problem.solved_on if status in (Problem.Status.SOLVED, Problem.Status.CONFIRMED) else \
                min(calendar.add_working_days(problem.raised_on, n), today)
            reason = problem.solution if status == Problem.Status.SOLVED else {
                Problem.Status.ASSIGNED: "交办责任单位办理", Problem.Status.IN_PROGRESS: "责任单位已开始办理",
                Problem.Status.CONFIRMED: "提出人确认办结"}[status]
            transitions.append(ProblemTransition(problem=problem, from_status=previous, to_status=status,
                                                 from_level=problem.level, to_level=problem.level, reason=reason,
                                                 at=_at(day, 10, n)))
            previous = status
    DailyReport.problems.through.objects.bulk_create(links)
    ProblemTransition.objects.bulk_create(transitions)
    return len(pairs)


def _chases(outcome, liaisons) -> list[Chase]:
    """What the chase job would have recorded each evening: missing reports per liaison, late ones per unit."""
    rows = []
    for (unit_id, day), items in sorted(outcome.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        missing = [p.name for p, late in items if late is None]
        late = [p.name for p, is_late in items if is_late]
        at = _at(day, 17, 30)
        if missing:
            for person in liaisons.get(unit_id) or [None]:
                rows.append(Chase(day=day, kind=Chase.Kind.MISSING, unit_id=unit_id, person=person,
                                  project_count=len(missing), project_names="、".join(missing), created_at=at))
        if late:
            rows.append(Chase(day=day, kind=Chase.Kind.LATE, unit_id=unit_id, project_count=len(late),
                              project_names="、".join(late), created_at=at))
    return rows
