"""Read side of 每日必盯, always scoped: reports by project visibility, compliance by region or unit."""

import datetime
from decimal import Decimal

from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from wumei.daily import rules
from wumei.daily.models import Chase, DailyReport
from wumei.org.models import Role, RoleAssignment, Unit
from wumei.org.principal import REGION_READERS, UNIT_READERS, principal_of
from wumei.projects.models import Progress, Project, Stage
from wumei.projects.queries import projects_editable_by, projects_visible_to


def reports_visible_to(user) -> QuerySet[DailyReport]:
    return DailyReport.objects.filter(project__in=projects_visible_to(user))


def liaison_unit_ids(user) -> list[int]:
    return principal_of(user).unit_ids({Role.LIAISON})


def liaison_projects(user) -> QuerySet[Project]:
    """The projects a liaison reports on: his units' projects he may edit."""
    unit_ids = liaison_unit_ids(user)
    return projects_editable_by(user).filter(responsible_unit_id__in=unit_ids)


# ---------------------------------------------------------------- compliance scope


def compliance_q(user) -> Q | None:
    """The projects whose reporting `user` may follow: his region's (HQ office, commander) or his units'
    (unit head, liaison). None when he follows none."""
    principal = principal_of(user)
    if principal.is_superuser:
        return Q()
    q = Q(pk__in=[])
    paths = principal.region_paths(REGION_READERS)
    for path in paths:
        q |= Q(county__path__startswith=path)
    unit_ids = principal.unit_ids(UNIT_READERS)
    if unit_ids:
        q |= Q(responsible_unit_id__in=unit_ids)
    return q if (paths or unit_ids) else None


def can_follow_compliance(user) -> bool:
    return compliance_q(user) is not None


def compliance_projects(user) -> QuerySet[Project]:
    q = compliance_q(user)
    return Project.objects.none() if q is None else Project.objects.filter(q)


def sees_whole_region(user) -> bool:
    principal = principal_of(user)
    return principal.is_superuser or bool(principal.region_paths(REGION_READERS))


# ---------------------------------------------------------------- obligations and compliance


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment else None


def obligations(projects: QuerySet[Project]) -> list[rules.Obligation]:
    """Each project's reporting duty, in one query. Registration is the first stage change (登记入库) or,
    failing that, the row's creation; operating since the last change to 竣工投产运营."""
    rows = (
        projects.order_by()
        .annotate(registered_at=Min("stage_changes__changed_at"),
                  operating_at=Max("stage_changes__changed_at", filter=Q(stage_changes__to_stage=Stage.OPERATING)))
        .values_list("pk", "responsible_unit_id", "created_at", "registered_at", "stage", "actual_completion_on",
                     "operating_at")
    )
    out = []
    for pk, unit_id, created_at, registered_at, stage, completed_on, operating_at in rows:
        ob = rules.obligation(
            pk, unit_id, registered_on=_local_date(registered_at or created_at), stage=stage,
            actual_completion_on=completed_on, operating_since=_local_date(operating_at),
        )
        if ob is not None:
            out.append(ob)
    return out


def compliance(projects: QuerySet[Project], first: datetime.date, last: datetime.date,
               calendar) -> rules.Compliance:
    """Expected / received / on time per unit and working day, in two queries whatever the size."""
    obs = obligations(projects)
    reports = (
        DailyReport.objects.filter(project__in=projects.values("pk"), report_on__range=(first, last))
        .order_by().values_list("project_id", "report_on", "is_late")
    )
    return rules.compliance(obs, reports, first, last, calendar)


def units_by_id(unit_ids) -> dict[int, Unit]:
    return {u.pk: u for u in Unit.objects.filter(pk__in=list(unit_ids))}


def liaisons_by_unit(unit_ids) -> dict[int, list]:
    """Active liaisons (persons, with their login) of each unit, in one query."""
    out: dict[int, list] = {}
    rows = (RoleAssignment.objects.filter(role=Role.LIAISON, unit_id__in=list(unit_ids), person__is_active=True)
            .select_related("person__user").order_by("person__name", "person_id"))
    for assignment in rows:
        people = out.setdefault(assignment.unit_id, [])
        if assignment.person not in people:
            people.append(assignment.person)
    return out


def expected_projects(projects: QuerySet[Project], day: datetime.date, calendar) -> dict[int, rules.Obligation]:
    """project id → obligation, for the projects expected to report on `day`."""
    return {ob.project_id: ob for ob in obligations(projects) if rules.is_expected(ob, day, calendar)}


def missing_on(projects: QuerySet[Project], day: datetime.date, calendar) -> dict[int, list[Project]]:
    """unit id → its projects expected on `day` without a report, in three queries."""
    expected = expected_projects(projects, day, calendar)
    reported = set(DailyReport.objects.filter(project_id__in=list(expected), report_on=day)
                   .values_list("project_id", flat=True))
    missing_ids = [pk for pk in expected if pk not in reported]
    out: dict[int, list[Project]] = {}
    for project in Project.objects.filter(pk__in=missing_ids).only("pk", "name", "responsible_unit_id").order_by("pk"):
        out.setdefault(project.responsible_unit_id, []).append(project)
    return out


def chases_on(unit_ids, first: datetime.date, last: datetime.date) -> QuerySet[Chase]:
    return (Chase.objects.filter(unit_id__in=list(unit_ids), day__range=(first, last))
            .select_related("person", "unit").order_by("day", "unit_id", "kind", "id"))


# ---------------------------------------------------------------- the values a form starts from


def latest_report(project: Project, before: datetime.date | None = None) -> DailyReport | None:
    qs = DailyReport.objects.filter(project=project)
    if before is not None:
        qs = qs.filter(report_on__lt=before)
    return qs.order_by("-report_on").first()


def latest_cumulative(project: Project, before: datetime.date) -> Decimal | None:
    """The project's cumulative investment as last recorded before `before` (daily reports write progress)."""
    return (Progress.objects.filter(project=project, as_of__lt=before, cumulative_investment__isnull=False)
            .order_by("-as_of").values_list("cumulative_investment", flat=True).first())
