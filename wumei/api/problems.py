"""问题办理: the API side, scoped exactly like the pages and written through the app's services.

Outside the caller's scope → 404; visible but not his to act on → 403; an action the problem's present state
does not allow (confirming an unsolved problem, escalating past the county head) → 409."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Path, Query, Router, Status

from wumei.api.common import READ_ERRORS, WRITE_ERRORS, paginate
from wumei.api.problems_schemas import (
    EscalateIn,
    PeriodQuery,
    ProblemDetailOut,
    ProblemOut,
    ProblemQuery,
    RaiseIn,
    RateIn,
    StatisticsOut,
    TransitionIn,
    TransitionOut,
)
from wumei.api.schemas import MAX_ID, Page, PageQuery
from wumei.calendar.services import load_calendar
from wumei.org.models import Unit
from wumei.problems import permissions, queries, rules, services
from wumei.problems.models import Problem
from wumei.projects.queries import projects_visible_to

router = Router(tags=["问题办理"])

RELATED = ("project__county", "project__lead_leader", "owner_unit", "raised_by__person")


def problem_id_param():
    return Path(..., ge=1, le=MAX_ID, description="问题编号")


def _problems_for(user) -> QuerySet[Problem]:
    return queries.problems_visible_to(user).select_related(*RELATED)


def _visible(user, problem_id: int) -> Problem:
    return get_object_or_404(_problems_for(user), pk=problem_id)


def _detail(user, problem_id: int) -> Problem:
    """The problem as the caller now sees it, with what he may do to it. After his own write he may no longer
    see it (none of our transitions narrow scope, but stay safe): then the plain row, read-only."""
    problem = _problems_for(user).filter(pk=problem_id).first()
    if problem is None:
        problem = Problem.objects.select_related(*RELATED).get(pk=problem_id)
        problem.allowed_actions, problem.can_rate = [], False
    else:
        hats = permissions.hats_of(user, problem)
        problem.allowed_actions = rules.allowed_actions(problem.status, problem.level, hats)
        problem.can_rate = rules.can_rate(problem.status, problem.rating is not None, hats)
    problem.photo_ids = list(problem.photos.values_list("pk", flat=True))
    return problem


@router.get("/problems", response={200: Page[ProblemOut], **READ_ERRORS}, summary="问题列表",
            description="您有权查看的问题：您能看到的项目的问题、交办给您单位的问题、提级到您这一层级的问题。"
                        "可按状态、类别、来源、层级、单位、项目、时长、逾期筛选。")
def list_problems(request, filters: Query[ProblemQuery]):
    qs = queries.filter_problems(
        _problems_for(request.user), on=timezone.localdate(), status=filters.status, category=filters.category,
        level=filters.level, unit=filters.unit, project=filters.project, source=filters.source, age=filters.age,
        overdue=filters.overdue,
    )
    return paginate(queries.sort_problems(qs, filters.sort), filters)


@router.get("/problems/statistics", response={200: StatisticsOut, **WRITE_ERRORS}, summary="问题统计",
            description="任意期间的收集数、解决数、解决率和办结用时中位数（工作日），总计及按单位、类别、层级分组"
                        "（仅指挥部办公室和县领导）。")
def problem_statistics(request, period: Query[PeriodQuery]):
    if not permissions.can_see_statistics(request.user):
        raise PermissionDenied("只有指挥部办公室和县领导可以查看问题统计")
    today = timezone.localdate()
    start = period.start or today.replace(month=1, day=1)
    end = period.end or today
    if start > end:
        raise ValidationError({"end": "截止日期不能早于起始日期"})
    rows = queries.statistics_rows(queries.problems_visible_to(request.user), start, end)
    calendar = load_calendar()

    def out(key, figures: rules.Figures) -> dict:
        return {"key": str(key), "collected": figures.collected, "solved": figures.solved,
                "solved_rate": None if figures.solved_rate is None else str(figures.solved_rate),
                "median_days": None if figures.median_days is None else str(figures.median_days)}

    def groups(key) -> list[dict]:
        return [out(k, f) for k, f in rules.breakdown(rows, start, end, calendar, key)]

    return {"start": start, "end": end, "total": out("", rules.figures(rows, start, end, calendar)),
            "by_unit": groups(lambda r: r.unit), "by_category": groups(lambda r: r.category),
            "by_level": sorted(groups(lambda r: r.level), key=lambda g: g["key"])}


@router.get("/problems/{problem_id}", response={200: ProblemDetailOut, **READ_ERRORS}, summary="问题详情")
def get_problem(request, problem_id: int = problem_id_param()):
    _visible(request.user, problem_id)
    return _detail(request.user, problem_id)


@router.get("/problems/{problem_id}/transitions", response={200: Page[TransitionOut], **READ_ERRORS},
            summary="问题办理记录", description="登记、交办、办理、解决、确认、退回、提级的每一步，从早到晚。")
def list_transitions(request, paging: Query[PageQuery], problem_id: int = problem_id_param()):
    problem = _visible(request.user, problem_id)
    return paginate(problem.transitions.select_related("actor__person"), paging)


@router.post("/problems", response={201: ProblemDetailOut, **WRITE_ERRORS}, summary="反映问题",
             description="为项目登记一个困难问题。企业只能为本企业的项目反映问题；联络员为本单位的项目；"
                         "牵头领导为其牵头的项目；指挥部办公室为本县（区）的项目，并可指定承办单位和办理时限。")
def raise_problem(request, payload: RaiseIn):
    project = projects_visible_to(request.user).select_related("county").filter(pk=payload.project).first()
    if project is None:
        raise ValidationError({"project": "项目不存在，或您无权查看"})
    sources = permissions.raise_sources(request.user, project)
    if not sources:
        raise PermissionDenied("您没有为该项目反映问题的权限")
    source = payload.source or sources[0]
    if source not in sources:
        raise ValidationError({"source": "您不能以该来源为此项目反映问题"})
    hq = permissions.is_hq_for(request.user, project.county)
    if not hq and (payload.owner_unit is not None or payload.deadline_days is not None):
        raise PermissionDenied("只有指挥部办公室可以指定承办单位和办理时限")
    owner_unit = None
    if payload.owner_unit is not None:
        owner_unit = Unit.objects.filter(pk=payload.owner_unit, region__path__startswith=project.county.path).first()
        if owner_unit is None:
            raise ValidationError({"owner_unit": f"所选单位不存在，或不属于{project.county.name}"})
    problem = services.raise_problem(
        request.user, project, source=source, description=payload.description, category=payload.category,
        owner_unit=owner_unit, deadline_days=payload.deadline_days or services.DEFAULT_DEADLINE_DAYS,
    )
    return Status(201, _detail(request.user, problem.pk))


@router.post("/problems/{problem_id}/transition", response={200: ProblemDetailOut, **WRITE_ERRORS},
             summary="办理问题",
             description="交办（assign，指挥部办公室）、开始办理（start，承办单位）、办理解决（solve，承办单位、"
                         "当前层级的领导或指挥部办公室）、确认办结（confirm）或退回重办（reopen）（提出人或指挥部办公室）。"
                         "详情中的 allowed_actions 列出当前可执行的操作。")
def transition_problem(request, payload: TransitionIn, problem_id: int = problem_id_param()):
    problem = _visible(request.user, problem_id)
    owner_unit = None
    if payload.action == "assign":
        if payload.owner_unit is None:
            raise ValidationError({"owner_unit": "交办时请指定承办单位"})
        owner_unit = Unit.objects.filter(pk=payload.owner_unit).select_related("region").first()
        if owner_unit is None:
            raise ValidationError({"owner_unit": "所选单位不存在"})
    services.transition(request.user, problem, payload.action, reason=payload.reason, solution=payload.solution,
                        owner_unit=owner_unit, deadline_days=payload.deadline_days)
    return _detail(request.user, problem_id)


@router.post("/problems/{problem_id}/escalate", response={200: ProblemDetailOut, **WRITE_ERRORS},
             summary="提级办理",
             description="需上级研究解决：提级一层（责任单位 → 牵头领导 → 常务副县长 → 县长），须写明原因。"
                         "指挥部办公室或当前层级的负责人可以提级；新层级另计办理期限并通知其负责人。")
def escalate_problem(request, payload: EscalateIn, problem_id: int = problem_id_param()):
    problem = _visible(request.user, problem_id)
    services.escalate_problem(request.user, problem, reason=payload.reason)
    return _detail(request.user, problem_id)


@router.post("/problems/{problem_id}/rate", response={200: ProblemDetailOut, **WRITE_ERRORS},
             summary="评价问题办理",
             description="项目业主（企业）在问题解决后评价办理情况：1–5 星及评价意见，每个问题只能评价一次。")
def rate_problem(request, payload: RateIn, problem_id: int = problem_id_param()):
    problem = _visible(request.user, problem_id)
    services.rate_problem(request.user, problem, rating=payload.rating, comment=payload.comment)
    return _detail(request.user, problem_id)
