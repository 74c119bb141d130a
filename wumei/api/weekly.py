"""每周必访: the API side, scoped exactly like the pages (wumei.weekly.queries) and written through the app's
services. Outside the user's scope → 404; visible but not his to do → 403."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Path, Query, Router, Status

from wumei.api.common import READ_ERRORS, WRITE_ERRORS, paginate
from wumei.api.schemas import MAX_ID, ErrorOut, Page
from wumei.api.weekly_schemas import (
    CoverageOut,
    CoverageQuery,
    FiguresOut,
    FiguresQuery,
    LeadFiguresOut,
    LeadOut,
    LeadQuery,
    VisitIn,
    VisitOut,
    VisitQuery,
)
from wumei.calendar.services import load_calendar
from wumei.org.models import Person
from wumei.problems.models import Problem
from wumei.weekly import queries, rules, services

router = Router(tags=["每周必访"])

NO_COVERAGE = "您没有查看走访覆盖情况的权限（指挥部办公室、县领导、牵头领导及其代录人员可以查看）"
NO_FIGURES = "您没有查看招商指标的权限（指挥部办公室和县领导可以查看）"


def _visits(user):
    return (queries.visits_visible_to(user).select_related("project", "leader", "recorded_by__person")
            .prefetch_related("companions", "photos", Prefetch("problems", queryset=Problem.objects.order_by("id")))
            .order_by("-visited_on", "-id"))


@router.get("/visits", response={200: Page[VisitOut], **READ_ERRORS}, summary="走访记录",
            description="您有权查看的项目的走访记录（牵头领导的代录人员另可查看该领导的走访），从新到旧。")
def list_visits(request, filters: Query[VisitQuery]):
    qs = queries.filter_visits(_visits(request.user), leader=filters.leader, week=filters.week)
    if filters.project:
        qs = qs.filter(project_id=filters.project)
    return paginate(qs, filters)


@router.get("/visits/{visit_id}", response={200: VisitOut, **READ_ERRORS}, summary="走访详情")
def get_visit(request, visit_id: int = Path(..., ge=1, le=MAX_ID, description="走访编号")):
    return get_object_or_404(_visits(request.user), pk=visit_id)


@router.post("/visits", response={201: VisitOut, **WRITE_ERRORS}, summary="登记走访",
             description="登记牵头领导对其项目的一次走访：牵头领导本人、其代录人员或指挥部办公室可以登记。"
                         "现场提出的问题各登记为一个问题（来源：每周走访）。照片请在页面上传。"
                         "同一领导同一天对同一项目只能登记一次。")
def create_visit(request, payload: VisitIn):
    user = request.user
    project = get_object_or_404(queries.projects_with_visits_visible_to(user).select_related("county"),
                                pk=payload.project)
    if not queries.can_log_visit(user, project):
        raise PermissionDenied(services.CANNOT_LOG)
    companions = list(Person.objects.filter(pk__in=payload.companions, region__path__startswith=project.county.path))
    if len(companions) != len(set(payload.companions)):
        raise ValidationError({"companions": f"所选随行人员不存在，或不属于{project.county.name}"})
    result = services.log_visit(
        user, project, visited_on=payload.visited_on, findings=payload.findings, companions=companions,
        companions_note=payload.companions_note, problems=[p.model_dump() for p in payload.problems],
    )
    return Status(201, _visits(user).get(pk=result.visit.pk))


@router.get("/visit-coverage", response={200: list[CoverageOut], **READ_ERRORS, 403: ErrorOut},
            summary="走访覆盖情况",
            description="一周（周一至周日）内每位牵头领导应走访、已走访、未走访的项目及覆盖率。"
                        "指挥部办公室和县领导看本区划全部牵头领导；牵头领导看本人；代录人员看其代录的领导。")
def visit_coverage(request, filters: Query[CoverageQuery]):
    user = request.user
    if not queries.own_leader_ids(user) and not queries.sees_all_coverage(user):
        raise PermissionDenied(NO_COVERAGE)
    week = rules.week_of(filters.week or timezone.localdate())
    table = queries.coverage_table(user, [week], load_calendar().is_working_day)
    return [
        {"leader": leader, "week_start": week.start, "week_end": week.end, "week_label": week.short_label,
         "exempt": cov.exempt, "due_count": cov.due_count, "visited_count": cov.visited_count, "rate": cov.rate,
         "visited": [{"id": p.id, "name": p.name} for p in cov.visited],
         "not_visited": [{"id": p.id, "name": p.name} for p in cov.not_visited]}
        for leader, cov in table.week_rows(week)
    ]


@router.get("/leads", response={200: Page[LeadOut], **READ_ERRORS}, summary="招商项目",
            description="您有权查看的招商项目：指挥部办公室和县领导看本区划全部，链长看本链。按签约日期从新到旧。")
def list_leads(request, filters: Query[LeadQuery]):
    qs = queries.leads_visible_to(request.user).select_related("county", "chain", "park", "town", "project")
    qs = queries.filter_leads(qs, q=filters.q, stage=filters.stage, chain=filters.chain, place=filters.place,
                              year=filters.year, top500=filters.top500)
    return paginate(qs.order_by("-signed_on", "-contacted_on", "-id"), filters)


@router.get("/leads/{lead_id}", response={200: LeadOut, **READ_ERRORS}, summary="招商项目详情")
def get_lead(request, lead_id: int = Path(..., ge=1, le=MAX_ID, description="招商项目编号")):
    qs = queries.leads_visible_to(request.user).select_related("county", "chain", "park", "town", "project")
    return get_object_or_404(qs, pk=lead_id)


def _figures(figures: rules.LeadFigures) -> FiguresOut:
    return FiguresOut(
        signed_count=figures.signed_count, signed_amount_wan=figures.signed_amount, large_count=figures.large_count,
        top500_count=figures.top500_count, started_count=figures.started_count,
        fulfilment_due=figures.fulfilment.due, fulfilment_fulfilled=figures.fulfilment.fulfilled,
        fulfilment_rate=figures.fulfilment_rate,
    )


@router.get("/lead-figures", response={200: list[LeadFiguresOut], **READ_ERRORS, 403: ErrorOut},
            summary="招商指标",
            description="每个县（区）的全县与园区招商指标：今年签约项目数与投资额、10亿元以上项目数、三类500强项目数、"
                        "今年开工项目数、履约率（口径见各字段说明）。仅指挥部办公室和县领导可查看。")
def lead_figures(request, filters: Query[FiguresQuery]):
    user = request.user
    if not queries.sees_lead_figures(user):
        raise PermissionDenied(NO_FIGURES)
    today = timezone.localdate()
    on = min(filters.on or today, today)
    out = []
    for county in queries.figure_regions(user).order_by("code"):
        county_figures, park_figures = queries.county_figures(county, on)
        out.append({"county": county, "on": on, "county_figures": _figures(county_figures),
                    "park_figures": _figures(park_figures)})
    return out
