"""每日必盯: the API side, scoped exactly like the pages and written through the app's services.

Reports are read by project visibility; a report is submitted by whoever may edit the project (its unit's
liaison, the HQ office). Photos are uploaded through the page (multipart); the API carries the text.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Path, Query, Router, Status

from wumei.api.common import READ_ERRORS, WRITE_ERRORS, paginate
from wumei.api.daily_schemas import (
    ComplianceOut,
    ComplianceQuery,
    DailyReportIn,
    DailyReportOut,
    DailyReportQuery,
)
from wumei.api.schemas import MAX_ID, ErrorOut, Page
from wumei.calendar.services import load_calendar
from wumei.core.errors import ValidationError
from wumei.daily import queries, rules, services
from wumei.problems.models import Problem
from wumei.projects.queries import can_edit, projects_visible_to

router = Router(tags=["每日必盯"])

CANNOT_REPORT = "您可以查看该项目，但不负责填报它的日报"
CANNOT_FOLLOW = "只有指挥部办公室、县领导和责任单位可以查看日报报送情况"
# The service's field names → the request body's.
FIELD_NAMES = {"cumulative_investment": "cumulative_investment_wan", "problem_description": "problem.description",
               "problem_category": "problem.category"}


def _reports(user):
    return (queries.reports_visible_to(user).select_related("project__responsible_unit")
            .prefetch_related("photos", Prefetch("problems", queryset=Problem.objects.only("pk"))))


@router.get("/daily-reports", response={200: Page[DailyReportOut], **READ_ERRORS}, summary="日报列表",
            description="您有权查看的项目的日报，按日期从新到旧。")
def list_daily_reports(request, filters: Query[DailyReportQuery]):
    qs = _reports(request.user)
    if filters.project:
        qs = qs.filter(project_id=filters.project)
    if filters.unit:
        qs = qs.filter(project__responsible_unit_id=filters.unit)
    if filters.start:
        qs = qs.filter(report_on__gte=filters.start)
    if filters.end:
        qs = qs.filter(report_on__lte=filters.end)
    if filters.late is not None:
        qs = qs.filter(is_late=filters.late)
    return paginate(qs.order_by("-report_on", "project_id"), filters)


@router.get("/daily-reports/{report_id}", response={200: DailyReportOut, **READ_ERRORS}, summary="日报详情")
def get_daily_report(request, report_id: int = Path(..., ge=1, le=MAX_ID, description="日报编号")):
    return get_object_or_404(_reports(request.user), pk=report_id)


@router.post("/projects/{project_id}/daily-reports", response={200: DailyReportOut, 201: DailyReportOut,
                                                               **WRITE_ERRORS},
             summary="报送日报",
             description="报送项目某日（默认今天）的日报；同一天再次报送即更新（201 新建，200 更新）。"
                         "累计完成投资不得减少、不得超过总投资，阶段不得后退，否则须填写原因；"
                         "当日截止时间（默认17:00）后首次报送记为迟报。")
def submit_daily_report(request, payload: DailyReportIn,
                        project_id: int = Path(..., ge=1, le=MAX_ID, description="项目编号")):
    project = get_object_or_404(projects_visible_to(request.user), pk=project_id)
    if not can_edit(request.user, project):
        raise PermissionDenied(CANNOT_REPORT)
    problem = payload.problem
    try:
        submission = services.submit_daily_report(
            request.user, project, report_on=payload.report_on, image_progress=payload.image_progress,
            cumulative_investment=payload.cumulative_investment_wan, stage=payload.stage,
            investment_reason=payload.investment_reason, stage_reason=payload.stage_reason,
            problem_category=problem.category if problem else "",
            problem_description=problem.description if problem else "",
        )
    except ValidationError as exc:
        raise ValidationError({FIELD_NAMES.get(k, k): v for k, v in exc.message_dict.items()}) from exc
    report = _reports(request.user).filter(pk=submission.report.pk).first() or submission.report
    return Status(201 if submission.created else 200, report)


@router.get("/daily-compliance", response={200: ComplianceOut, **READ_ERRORS, 403: ErrorOut},
            summary="日报报送率",
            description="期间内各责任单位的应报、已报、按时、迟报、未报数与按时报送率（按时 ÷ 应报）。"
                        "应报 = 各工作日（按法定节假日与调休）尚未竣工投产运营的项目数。"
                        "指挥部办公室与县领导看本区划全部单位，责任单位负责人与联络员看本单位。")
def get_daily_compliance(request, query: Query[ComplianceQuery]):
    if not queries.can_follow_compliance(request.user):
        raise PermissionDenied(CANNOT_FOLLOW)
    today = timezone.localdate()
    start = query.start or today.replace(day=1)
    end = query.end or today
    error = rules.period_error(start, end)
    if error:
        raise ValidationError({"end": error})
    last = min(end, today)  # days to come have no reports yet: they count from the day they arrive
    result = (queries.compliance(queries.compliance_projects(request.user), start, last, load_calendar())
              if start <= last else rules.Compliance(days=[]))
    tallies = result.by_unit()
    units = queries.units_by_id(tallies)
    ranked = rules.rank_units(tallies, {pk: u.name for pk, u in units.items()})
    return _figures(start, end, result, [
        {"rank": rank, "unit": {"id": unit_id, "name": units[unit_id].name}, **_figures_of(tally)}
        for rank, unit_id, tally in ranked
    ])


def _figures_of(tally: rules.Tally) -> dict:
    return {"expected": tally.expected, "received": tally.received, "on_time": tally.on_time, "late": tally.late,
            "missing": tally.missing, "rate_percent": tally.rate}


def _figures(start: datetime.date, end: datetime.date, result: rules.Compliance, units: list[dict]) -> dict:
    return {"start": start, "end": end, "working_days": len(result.days), **_figures_of(result.total()),
            "units": units}
