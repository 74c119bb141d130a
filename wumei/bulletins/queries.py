"""Read side of the bulletins: the plain rows a bulletin's figures are computed from (a fixed number of queries
whatever the number of projects), the period counts of documents, and scoped bulletins."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from wumei.bulletins import rules
from wumei.bulletins.models import Bulletin
from wumei.org.models import Region
from wumei.problems.models import ACTIVE_STATUSES, CLOSED_STATUSES, Problem
from wumei.projects.models import AnnualPlan, Project
from wumei.tasks.models import Task

# ------------------------------------------------------------------------------------------------ the rows


def county_projects(county: Region, on: datetime.date) -> QuerySet[Project]:
    """The county's key projects of `on`'s year: all but those completed before the year began."""
    first_day = datetime.date(on.year, 1, 1)
    return Project.objects.filter(county=county).exclude(actual_completion_on__lt=first_day)


def project_rows(county: Region, on: datetime.date) -> list[rules.ProjectRow]:
    """The county's projects as of `on`, as plain rows: the registry's facts, this year's plan and what was
    completed by `on` (wumei.dekad's facts, the same the letters judge), overdue tasks and problems."""
    from wumei.dekad.queries import project_facts

    projects = county_projects(county, on)
    meta = list(projects.order_by("pk").values_list("pk", "level", "responsible_unit_id", "responsible_unit__name"))
    if not meta:
        return []
    ids = [pk for pk, *_ in meta]
    facts = project_facts(Project.objects.filter(pk__in=ids), on)
    kinds = dict(AnnualPlan.objects.filter(project_id__in=ids, year=on.year).values_list("project_id", "kind"))
    problems = dict(Problem.objects.filter(project_id__in=ids, status__in=ACTIVE_STATUSES, level_due_on__lt=on)
                    .order_by().values("project_id").annotate(n=Count("id")).values_list("project_id", "n"))
    rows = []
    for pk, level, unit_id, unit_name in meta:
        f = facts.get(pk)
        if f is None:
            continue
        rows.append(rules.ProjectRow(
            id=pk, name=f.name, level=level, unit_id=unit_id, unit=unit_name or "", plan_kind=kinds.get(pk, ""),
            annual_plan=f.annual_plan, year_done=f.year_done, planned_start_on=f.planned_start_on,
            actual_start_on=f.actual_start_on, planned_completion_on=f.planned_completion_on,
            actual_completion_on=f.actual_completion_on, stage=f.stage, overdue_tasks=len(f.overdue_tasks),
            overdue_problems=problems.get(pk, 0),
        ))
    return rows


def on_time_rates(county: Region, start: datetime.date, end: datetime.date) -> dict[int, Decimal | None]:
    """unit id → its daily reports' on-time rate over [start, end] (wumei.daily's compliance)."""
    from wumei.calendar.services import load_calendar
    from wumei.daily.queries import compliance

    tallies = compliance(Project.objects.filter(county=county), start, end, load_calendar()).by_unit()
    return {unit_id: tally.rate for unit_id, tally in tallies.items()}


def letter_rows(county: Region, end: datetime.date) -> list[rules.LetterRow]:
    """The county's letters issued in `end`'s year up to `end` (wumei.dekad's Letter)."""
    from wumei.dekad.models import Letter

    rows = (Letter.objects.filter(county=county, issued_on__gte=datetime.date(end.year, 1, 1), issued_on__lte=end)
            .values_list("kind", "status", "issued_on", "answered_on"))
    return [rules.LetterRow(kind=k, status=s, issued_on=i, answered_on=a) for k, s, i, a in rows]


def task_rows(county: Region, end: datetime.date) -> list[rules.TaskRow]:
    """The county's tasks on the lists by `end` (created by then)."""
    rows = (Task.objects.filter(project__county=county, created_at__date__lte=end)
            .values_list("status", "due_on", "done_on"))
    return [rules.TaskRow(status=s, due_on=d, done_on=done) for s, d, done in rows]


def problem_rows(county: Region, end: datetime.date) -> list[rules.ProblemRow]:
    rows = (Problem.objects.filter(project__county=county, raised_on__gte=datetime.date(end.year, 1, 1),
                                   raised_on__lte=end)
            .values_list("raised_on", "solved_on", "status"))
    return [rules.ProblemRow(raised_on=r, solved_on=s if status in CLOSED_STATUSES else None) for r, s, status in rows]


def serious_percent(county: Region) -> Decimal:
    """The county's supervision-letter threshold (wumei.dekad settings): seriously lagging below this share."""
    from wumei.dekad.queries import settings_for

    return Decimal(settings_for(county).supervision_percent)


# ------------------------------------------------------------------------------------------------ period counts


@dataclass(frozen=True)
class DocumentCounts:
    """Documents of a county in a period: "45 letters, 126 reminders, 10 bulletins"."""

    start: datetime.date
    end: datetime.date
    letters_by_kind: dict[str, int] = field(default_factory=dict)  # kind → issued
    work_reminders: int = 0
    bulletins: int = 0
    dispatch_orders: int = 0

    @property
    def letters(self) -> int:
        return sum(self.letters_by_kind.values())

    def letter_rows(self) -> list[tuple[str, str, int]]:
        return [(code, label, self.letters_by_kind.get(code, 0)) for code, label in rules.LETTER_KINDS]

    @property
    def sentence(self) -> str:
        return (f"印发督办函件{self.letters}件（提醒函{self.letters_by_kind.get('reminder', 0)}件、"
                f"交办函{self.letters_by_kind.get('assignment', 0)}件、督办函{self.letters_by_kind.get('supervision', 0)}件），"
                f"工作提示{self.work_reminders}条，督查通报{self.bulletins}期，调度令{self.dispatch_orders}道")


def document_counts(start: datetime.date, end: datetime.date, county: Region) -> DocumentCounts:
    """Letters issued by kind, work reminders sent, bulletins issued and dispatch orders issued in [start, end]
    by `county` (and the regions below it). Drafts and withdrawn letters never count. Four queries."""
    from wumei.dekad.models import DispatchOrder, Letter, WorkReminder

    under = Q(county__path__startswith=county.path)
    kinds = dict(Letter.objects.filter(under, issued_on__range=(start, end)).exclude(status=Letter.Status.WITHDRAWN)
                 .order_by().values("kind").annotate(n=Count("id")).values_list("kind", "n"))
    return DocumentCounts(
        start=start, end=end,
        letters_by_kind={code: kinds.get(code, 0) for code, _ in rules.LETTER_KINDS},
        work_reminders=WorkReminder.objects.filter(under, sent_on__range=(start, end)).count(),
        bulletins=Bulletin.objects.filter(under, status=Bulletin.Status.ISSUED, issued_on__range=(start, end)).count(),
        dispatch_orders=DispatchOrder.objects.filter(under, issued_on__range=(start, end)).count(),
    )
