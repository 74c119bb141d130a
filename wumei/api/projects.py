"""Projects: the registry, scoped exactly like the pages (wumei.projects.queries) and written through
wumei.projects.services. Outside the user's scope → 404; visible but not his to change → 403."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, Case, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Path, Query, Router, Status

from wumei.api.common import READ_ERRORS, WRITE_ERRORS, paginate
from wumei.api.errors import API_FIELD_NAMES
from wumei.api.queries import regions_for_projects
from wumei.api.schemas import (
    MAX_ID,
    MilestoneOut,
    Page,
    PageQuery,
    PlanOut,
    ProgressOut,
    ProjectCreateIn,
    ProjectOut,
    ProjectPatchIn,
    ProjectQuery,
    StageChangeOut,
    StageIn,
)
from wumei.org.models import Chain, Person, Region, Unit
from wumei.org.principal import REGION_EDITORS, principal_of
from wumei.projects import services
from wumei.projects.models import Project
from wumei.projects.queries import (
    can_create,
    can_edit,
    edit_q,
    filter_projects,
    projects_visible_to,
    sort_projects,
)

router = Router(tags=["项目"])

RELATED = ("county", "owner", "chain", "park", "town", "responsible_unit", "lead_leader", "butler", "police",
           "inspector")
CANNOT_CREATE = "您没有登记项目的权限（只有指挥部办公室可以登记项目）"
CANNOT_EDIT = "您可以查看该项目，但没有修改它的权限"

# Foreign keys a client sends as ids: what each may point at, and what to call it in a message.
REFERENCES = {
    "owner": (Unit.objects.filter(kind=Unit.Kind.ENTERPRISE), "企业"),
    "park": (Unit.objects.filter(kind=Unit.Kind.PARK), "园区"),
    "town": (Unit.objects.filter(kind=Unit.Kind.TOWN), "乡镇（街道）"),
    "responsible_unit": (Unit.objects.all(), "单位"),
    "chain": (Chain.objects.all(), "产业链"),
    "lead_leader": (Person.objects.all(), "人员"),
    "butler": (Person.objects.all(), "人员"),
    "police": (Person.objects.all(), "人员"),
    "inspector": (Person.objects.all(), "人员"),
}


def project_id_param():
    return Path(..., ge=1, le=MAX_ID, description="项目编号")


def _projects_for(user) -> QuerySet[Project]:
    """The user's projects, ready to serialise: related rows joined, `can_edit` computed in the query."""
    editable = edit_q(user)
    can_edit_expr = (
        Case(When(editable, then=Value(True)), default=Value(False), output_field=BooleanField())
        if editable else Value(True)  # an empty Q is the superuser's: everything
    )
    return projects_visible_to(user).select_related(*RELATED).annotate(can_edit=can_edit_expr)


def _written(user, project_id: int) -> Project:
    """The project the user just wrote, as he may now see it. A liaison who hands the project to another unit
    no longer sees it; he still gets the result of his own write (read-only), not a 404."""
    project = _projects_for(user).filter(pk=project_id).first()
    if project is None:
        project = Project.objects.select_related(*RELATED).annotate(can_edit=Value(False)).get(pk=project_id)
    return project


def _visible(user, project_id: int) -> Project:
    return get_object_or_404(projects_visible_to(user).select_related("county"), pk=project_id)


def _editable(user, project_id: int) -> Project:
    project = _visible(user, project_id)
    if not can_edit(user, project):
        raise PermissionDenied(CANNOT_EDIT)
    return project


def _county(user, county_id: int) -> Region:
    county = regions_for_projects(user).filter(pk=county_id).first()
    if county is None:
        raise ValidationError({"county": "所选区划不存在，或不在您管辖的范围内"})
    return county


def _default_county(user) -> Region:
    for assignment in principal_of(user).assignments:
        if assignment.role in REGION_EDITORS:
            return assignment.region
    raise ValidationError({"county": "必填"})


def _references(data: dict, county: Region) -> dict:
    """Replace the ids in `data` by the objects they name, which must lie within the project's county."""
    errors = {}
    for field, (choices, noun) in REFERENCES.items():
        if data.get(field) is None:
            continue
        found = choices.filter(pk=data[field], region__path__startswith=county.path).first()
        if found is None:
            errors[field] = f"所选{noun}不存在，或不属于{county.name}"
        data[field] = found
    if errors:
        raise ValidationError(errors)
    return data


def _model_fields(data: dict) -> dict:
    """The API's field names → the model's (`total_investment_wan` → `total_investment`)."""
    model_names = {api: model for model, api in API_FIELD_NAMES.items()}
    return {model_names.get(key, key): value for key, value in data.items()}


@router.get("/projects", response={200: Page[ProjectOut], **READ_ERRORS}, summary="项目列表",
            description="您有权查看的项目，可检索、筛选、排序、分页。检索词匹配项目名称、业主名称及其拼音或拼音首字母。")
def list_projects(request, filters: Query[ProjectQuery]):
    qs = filter_projects(
        _projects_for(request.user), on=timezone.localdate(), q=filters.q, level=filters.level,
        stage=filters.stage, chain=filters.chain, unit=filters.unit, place=filters.place, overdue=filters.overdue,
    )
    return paginate(sort_projects(qs, filters.sort), filters)


@router.get("/projects/{project_id}", response={200: ProjectOut, **READ_ERRORS}, summary="项目详情")
def get_project(request, project_id: int = project_id_param()):
    return get_object_or_404(_projects_for(request.user), pk=project_id)


@router.post("/projects", response={201: ProjectOut, **WRITE_ERRORS}, summary="登记项目",
             description="登记一个重点项目（仅指挥部办公室）。外键以编号表示，金额为万元十进制字符串；"
                         "可同时填写本年度计划。")
def create_project(request, payload: ProjectCreateIn):
    if not can_create(request.user):
        raise PermissionDenied(CANNOT_CREATE)
    data = _model_fields(payload.model_dump(exclude={"stage", "plan"}))
    county = _county(request.user, data["county"]) if data["county"] else _default_county(request.user)
    data = _references({**data, "county": county}, county)
    plan = None
    if payload.plan is not None:
        plan = {"year": payload.plan.year, "kind": payload.plan.kind,
                "planned_investment": payload.plan.planned_investment_wan}
    project = services.create_project(request.user, data, stage=payload.stage, plan=plan)
    return Status(201, _written(request.user, project.pk))


@router.patch("/projects/{project_id}", response={200: ProjectOut, **WRITE_ERRORS}, summary="修改项目",
              description="只修改请求体中出现的字段；须带回读取时的 version，项目已被他人修改时返回 409。"
                          "项目阶段请用「变更项目阶段」接口。")
def update_project(request, payload: ProjectPatchIn, project_id: int = project_id_param()):
    project = _editable(request.user, project_id)
    data = _model_fields({name: getattr(payload, name) for name in payload.model_fields_set - {"version"}})
    county = project.county
    if "county" in data:
        if data["county"] is None:
            raise ValidationError({"county": "不能为空"})
        county = project.county if data["county"] == project.county_id else _county(request.user, data["county"])
        data["county"] = county
    data = _references(data, county)
    services.update_project(request.user, project, data, expected_version=payload.version)
    return _written(request.user, project.pk)


@router.post("/projects/{project_id}/stage", response={200: ProjectOut, **WRITE_ERRORS}, summary="变更项目阶段",
             description="项目阶段可以向前推进；退回之前的阶段必须填写原因。每次变更都留有记录。")
def change_project_stage(request, payload: StageIn, project_id: int = project_id_param()):
    project = _editable(request.user, project_id)
    services.change_stage(request.user, project, payload.stage, payload.reason)
    return _written(request.user, project.pk)


@router.get("/projects/{project_id}/stage-changes", response={200: Page[StageChangeOut], **READ_ERRORS},
            summary="项目阶段变更记录", description="从新到旧。")
def list_stage_changes(request, paging: Query[PageQuery], project_id: int = project_id_param()):
    project = _visible(request.user, project_id)
    return paginate(project.stage_changes.select_related("actor__person"), paging)


@router.get("/projects/{project_id}/milestones", response={200: Page[MilestoneOut], **READ_ERRORS},
            summary="项目时间进度表", description="按序号排列的进度节点。")
def list_milestones(request, paging: Query[PageQuery], project_id: int = project_id_param()):
    return paginate(_visible(request.user, project_id).milestones.all(), paging)


@router.get("/projects/{project_id}/plans", response={200: Page[PlanOut], **READ_ERRORS},
            summary="项目年度计划", description="从新到旧。")
def list_plans(request, paging: Query[PageQuery], project_id: int = project_id_param()):
    return paginate(_visible(request.user, project_id).plans.all(), paging)


@router.get("/projects/{project_id}/progress", response={200: Page[ProgressOut], **READ_ERRORS},
            summary="项目进度", description="按截至日期从新到旧。")
def list_progress(request, paging: Query[PageQuery], project_id: int = project_id_param()):
    return paginate(_visible(request.user, project_id).progress.all(), paging)
