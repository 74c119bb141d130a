"""Read side of 每旬必督: a county's settings, the facts the rules judge (in a fixed number of queries whatever
the number of projects), scoped letters, and the period counts other apps quote."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from wumei.dekad import rules
from wumei.dekad.models import DekadSettings, DispatchOrder, Letter, MonthlyPlan, WorkReminder
from wumei.org.models import Region, Role
from wumei.org.principal import REGION_EDITORS, REGION_READERS, UNIT_READERS, principal_of
from wumei.projects.models import AnnualPlan, Progress, Project
from wumei.projects.queries import visibility_q
from wumei.tasks.queries import overdue_tasks

# ------------------------------------------------------------------------------------------------ settings


def settings_for(county: Region) -> DekadSettings:
    """The county's settings row, or an unsaved one holding the defaults."""
    found = DekadSettings.objects.filter(county=county).first()
    return found if found is not None else DekadSettings(county=county)


def thresholds_by_county(county_ids) -> dict[int, rules.Thresholds]:
    """county id → thresholds (defaults for counties without a row), in one query."""
    kept = {s.county_id: s.thresholds() for s in DekadSettings.objects.filter(county_id__in=list(county_ids))}
    return {cid: kept.get(cid, rules.Thresholds()) for cid in county_ids}


# ------------------------------------------------------------------------------------------------ facts


def _progress_annotations(on: datetime.date) -> dict:
    """Per project: the latest progress record of the year up to `on`, the last cumulative figure before the
    year, and the latest record of the year carrying both figures (rules.year_completed needs these three)."""
    first_day = datetime.date(on.year, 1, 1)
    of_year = Progress.objects.filter(project=OuterRef("pk"), as_of__range=(first_day, on)).order_by("-as_of")
    before = Progress.objects.filter(project=OuterRef("pk"), as_of__lt=first_day,
                                     cumulative_investment__isnull=False).order_by("-as_of")
    both = of_year.filter(year_investment__isnull=False, cumulative_investment__isnull=False)

    def first(qs, name):
        return Subquery(qs.values(name)[:1])

    return {
        "_p_as_of": first(of_year, "as_of"), "_p_year": first(of_year, "year_investment"),
        "_p_cum": first(of_year, "cumulative_investment"),
        "_b_as_of": first(before, "as_of"), "_b_cum": first(before, "cumulative_investment"),
        "_x_as_of": first(both, "as_of"), "_x_year": first(both, "year_investment"),
        "_x_cum": first(both, "cumulative_investment"),
    }


FACT_FIELDS = ("pk", "name", "stage", "county_id", "planned_start_on", "actual_start_on", "planned_completion_on",
               "actual_completion_on")
LETTER_FACT_FIELDS = ("pk", "project_id", "kind", "dekad", "status", "doc_number", "reply_due_on", "subject_on")


def project_facts(projects: QuerySet[Project], on: datetime.date) -> dict[int, rules.ProjectFacts]:
    """project id → its facts as of `on`, in five queries whatever the number of projects."""
    progress = _progress_annotations(on)
    rows = list(projects.order_by("pk").annotate(**progress).values(*FACT_FIELDS, *progress))
    ids = [row["pk"] for row in rows]
    if not ids:
        return {}
    plans = dict(AnnualPlan.objects.filter(project_id__in=ids, year=on.year)
                 .values_list("project_id", "planned_investment"))
    monthly: dict[int, list[Decimal]] = {}
    for pid, month, amount in (MonthlyPlan.objects.filter(project_id__in=ids, year=on.year)
                               .values_list("project_id", "month", "planned_investment")):
        monthly.setdefault(pid, [Decimal(0)] * 12)[month - 1] = amount
    tasks: dict[int, list[rules.TaskFact]] = defaultdict(list)
    for pid, tid, title, due_on in (overdue_tasks(on, Project.objects.filter(pk__in=ids)).order_by("due_on", "pk")
                                    .values_list("project_id", "pk", "title", "due_on")):
        tasks[pid].append(rules.TaskFact(tid, title, due_on))
    letters: dict[int, list[rules.LetterFact]] = defaultdict(list)
    for row in (Letter.objects.filter(project_id__in=ids)
                .filter(Q(status__in=rules.OPEN_STATUSES) | Q(kind=Letter.Kind.REMINDER))
                .order_by("dekad_start", "pk").values(*LETTER_FACT_FIELDS)):
        letters[row["project_id"]].append(rules.LetterFact(
            id=row["pk"], kind=row["kind"], dekad=row["dekad"], status=row["status"], doc_number=row["doc_number"],
            reply_due_on=row["reply_due_on"], planned_start_on=row["subject_on"]))
    out = {}
    for row in rows:
        pid = row["pk"]
        points = [rules.ProgressPoint(row[f"_{k}_as_of"], row.get(f"_{k}_year"), row[f"_{k}_cum"])
                  for k in ("p", "b", "x") if row[f"_{k}_as_of"] is not None]
        out[pid] = rules.ProjectFacts(
            project_id=pid, name=row["name"], stage=row["stage"],
            planned_start_on=row["planned_start_on"], actual_start_on=row["actual_start_on"],
            planned_completion_on=row["planned_completion_on"], actual_completion_on=row["actual_completion_on"],
            annual_plan=plans.get(pid), year_done=rules.year_completed(points, on),
            monthly_plan=tuple(monthly[pid]) if pid in monthly else None,
            overdue_tasks=tuple(tasks.get(pid, ())), letters=tuple(letters.get(pid, ())),
        )
    return out


def county_of_projects(projects: QuerySet[Project]) -> dict[int, int]:
    return dict(projects.values_list("pk", "county_id"))


def rag_for(projects, on: datetime.date) -> dict[int, rules.RagStatus]:
    """project id → RAG status as of `on`, for a queryset or a list of projects, in six queries."""
    if isinstance(projects, QuerySet):
        qs = projects
    else:
        qs = Project.objects.filter(pk__in=[p.pk for p in projects])
    qs = qs.order_by()
    facts = project_facts(qs, on)
    counties = dict(Project.objects.filter(pk__in=list(facts)).values_list("pk", "county_id")) if facts else {}
    thresholds = thresholds_by_county(set(counties.values()))
    return {pid: rules.rag(f, on, thresholds[counties[pid]]) for pid, f in facts.items()}


# ------------------------------------------------------------------------------------------------ scope


def _under(paths: list[str], field: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def is_hq_for(user, county: Region) -> bool:
    """The HQ office of `county` (or of a region above it): runs rounds, issues and closes letters."""
    principal = principal_of(user)
    return principal.is_superuser or any(county.path.startswith(p) for p in principal.region_paths(REGION_EDITORS))


def hq_counties(user) -> QuerySet[Region]:
    """The counties whose HQ office `user` is."""
    principal = principal_of(user)
    counties = Region.objects.filter(level=Region.Level.COUNTY)
    if principal.is_superuser:
        return counties
    return counties.filter(_under(principal.region_paths(REGION_EDITORS), "path"))


def is_hq(user) -> bool:
    principal = principal_of(user)
    return principal.is_superuser or bool(principal.region_paths(REGION_EDITORS))


def letter_visibility_q(user) -> Q:
    """Drafts and withdrawn drafts: the county's HQ office only. Issued letters: also the county's readers
    (commander), the recipient unit's liaisons and head, and whoever may read the project."""
    principal = principal_of(user)
    if principal.is_superuser:
        return Q()
    q = _under(principal.region_paths(REGION_EDITORS), "county__path")
    sent = ~Q(status__in=[Letter.Status.DRAFT, Letter.Status.WITHDRAWN])
    readers = _under(principal.region_paths(REGION_READERS), "county__path")
    unit_ids = principal.unit_ids(UNIT_READERS)
    if unit_ids:
        readers |= Q(recipient_unit_id__in=unit_ids)
    readers |= Q(project__in=Project.objects.filter(visibility_q(user)).values("pk"))
    return q | (sent & readers)


def letters_visible_to(user) -> QuerySet[Letter]:
    return Letter.objects.filter(letter_visibility_q(user))


def is_recipient(user, letter: Letter) -> bool:
    """A liaison or the head of the letter's recipient unit."""
    principal = principal_of(user)
    return bool(letter.recipient_unit_id) and letter.recipient_unit_id in principal.unit_ids(UNIT_READERS)


def orders_visible_to(user) -> QuerySet[DispatchOrder]:
    """Dispatch orders: the HQ office sees all of its counties; once issued, the county's readers and the
    named units' liaisons and heads too."""
    principal = principal_of(user)
    if principal.is_superuser:
        return DispatchOrder.objects.all()
    q = _under(principal.region_paths(REGION_EDITORS), "county__path")
    readers = _under(principal.region_paths(REGION_READERS), "county__path")
    unit_ids = principal.unit_ids(UNIT_READERS)
    if unit_ids:
        readers |= Q(pk__in=DispatchOrder.objects.filter(units__in=unit_ids).values("pk"))
    return DispatchOrder.objects.filter(q | (~Q(status=DispatchOrder.Status.DRAFT) & readers))


def reminders_visible_to(user) -> QuerySet[WorkReminder]:
    """Work reminders: the county's HQ office and readers; a leader his own; a unit's liaisons and head theirs."""
    principal = principal_of(user)
    if principal.is_superuser:
        return WorkReminder.objects.all()
    q = _under(principal.region_paths(REGION_READERS), "county__path")
    unit_ids = principal.unit_ids(UNIT_READERS)
    if unit_ids:
        q |= Q(unit_id__in=unit_ids)
    if principal.person is not None:
        q |= Q(person=principal.person)
    return WorkReminder.objects.filter(q)


def sees_dekad(user) -> bool:
    """Who has something on the dekad pages: the HQ office and commanders, units' liaisons and heads, leaders."""
    principal = principal_of(user)
    return principal.has_role(Role.HQ_OFFICE, Role.COMMANDER, Role.LIAISON, Role.UNIT_HEAD, Role.LEAD_LEADER)


# ------------------------------------------------------------------------------------------------ lists


def filter_letters(qs: QuerySet[Letter], *, kind: str = "", status: str = "", unit: int | None = None,
                   dekad: str = "", project: int | None = None, overdue: bool = False,
                   on: datetime.date | None = None) -> QuerySet[Letter]:
    if kind:
        qs = qs.filter(kind=kind)
    if status == "open":
        qs = qs.filter(status__in=rules.OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if unit:
        qs = qs.filter(recipient_unit_id=unit)
    if dekad:
        qs = qs.filter(dekad=dekad)
    if project:
        qs = qs.filter(project_id=project)
    if overdue and on is not None:
        qs = qs.filter(status__in=rules.AWAITING_ANSWER, reply_due_on__lt=on)
    return qs


# ------------------------------------------------------------------------------------------------ counts


def letter_counts(start: datetime.date, end: datetime.date, county: Region | None = None) -> dict[str, int]:
    """Figures of a period [start, end] ("45 letters, 126 reminders"): letters issued in it (by kind), letters
    answered and closed in it, work reminders sent and dispatch orders issued in it. `county` None: all."""
    letters = Letter.objects.all()
    reminders = WorkReminder.objects.all()
    orders = DispatchOrder.objects.all()
    if county is not None:
        letters = letters.filter(county__path__startswith=county.path)
        reminders = reminders.filter(county__path__startswith=county.path)
        orders = orders.filter(county__path__startswith=county.path)
    issued = letters.filter(issued_on__range=(start, end)).aggregate(
        total=Count("pk"),
        reminder=Count("pk", filter=Q(kind=Letter.Kind.REMINDER)),
        assignment=Count("pk", filter=Q(kind=Letter.Kind.ASSIGNMENT)),
        supervision=Count("pk", filter=Q(kind=Letter.Kind.SUPERVISION)),
    )
    later = letters.aggregate(
        answered=Count("pk", filter=Q(answered_on__range=(start, end))),
        closed=Count("pk", filter=Q(closed_on__range=(start, end))),
    )
    return {
        "letters": issued["total"],
        "reminder_letters": issued["reminder"],
        "assignment_letters": issued["assignment"],
        "supervision_letters": issued["supervision"],
        "answered": later["answered"],
        "closed": later["closed"],
        "reminders": reminders.filter(sent_on__range=(start, end)).count(),
        "dispatch_orders": orders.filter(issued_on__range=(start, end)).count(),
    }
