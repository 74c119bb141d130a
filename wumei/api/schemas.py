"""Request and response shapes of the API, with their Chinese descriptions (they become openapi.json).

Money is a decimal string of 万元 in a field ending in `_wan`, never a JSON number; dates are ISO 8601.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, TypeVar

from django.db import models
from django.utils import timezone
from ninja import Schema
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
)

from wumei.org.models import Region, Role, Unit
from wumei.projects import rules
from wumei.projects.models import Category, FundingSource, Level, PlanKind, Progress, Stage
from wumei.projects.queries import SORT_KEYS

MAX_ID = 2**63 - 1
MAX_PAGE_SIZE = 200


def choice(choices: type[models.TextChoices]) -> Any:
    """A Literal of the choices' values, so that openapi.json lists them as an enum."""
    return Literal[tuple(choices.values)]


def choice_or_blank(choices: type[models.TextChoices]) -> Any:
    """For filters: one of the choices, or "" for any."""
    return Literal[(*choices.values, "")]


def choices_text(choices: type[models.TextChoices]) -> str:
    return "；".join(f"{value}={label}" for value, label in choices.choices)


def _no_float(value: Any) -> Any:
    if isinstance(value, float):
        raise ValueError("金额须以字符串表示（单位万元），例如 \"750000.00\"，以免精度损失")
    return value


WAN_SCHEMA = {"type": "string", "pattern": r"^\d{1,14}(\.\d{1,4})?$", "examples": ["750000.0000"]}

# An amount in 万元 sent by a client: a decimal string (or an integer), never a float; exact to the yuan.
WanIn = Annotated[
    Decimal,
    BeforeValidator(_no_float),
    Field(ge=0, max_digits=18, decimal_places=4),
    WithJsonSchema(WAN_SCHEMA),
]
# An amount in 万元 sent to a client: always the fixed-point string of the stored value.
WanOut = Annotated[
    Decimal,
    PlainSerializer(lambda value: format(value, "f"), return_type=str),
    WithJsonSchema({"type": "string", "examples": ["750000.0000"]}),
]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _no_nul(value: str) -> str:
    # PostgreSQL refuses NUL in text; say so in Chinese rather than fail with a 500.
    if "\x00" in value:
        raise ValueError("不能包含空字符（\\x00）")
    return value


# Text from a client.
Text = Annotated[str, AfterValidator(_no_nul)]
# Times go out in the installation's time zone (Asia/Shanghai): 2026-03-01T09:30:00+08:00.
LocalDateTime = Annotated[
    datetime.datetime,
    PlainSerializer(lambda value: timezone.localtime(value).isoformat(), return_type=str),
]

T = TypeVar("T")


# ---------------------------------------------------------------- common


class Page(Schema, Generic[T]):
    items: list[T] = Field(description="本页记录")
    count: int = Field(description="符合条件的记录总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="页码，从 1 开始")
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，最多 {MAX_PAGE_SIZE}")


class FieldError(Schema):
    field: str | None = Field(description="出错的字段（请求体中的嵌套字段以 . 连接）；与具体字段无关时为 null")
    message: str = Field(description="中文错误说明")


class ValidationErrorOut(Schema):
    detail: list[FieldError] = Field(description="逐字段的错误")


class ErrorOut(Schema):
    detail: str = Field(description="中文错误说明")


class Ref(Schema):
    id: int = Field(description="编号")
    name: str = Field(description="名称")


class RegionRef(Ref):
    code: str = Field(description="行政区划代码")


# ---------------------------------------------------------------- projects


class ProjectOut(Schema):
    id: int = Field(description="项目编号（系统内部）")
    code: str | None = Field(description="项目编号（登记号）")
    name: str = Field(description="项目名称")
    county: RegionRef = Field(description="所属县（区）")
    owner: Ref | None = Field(description="项目业主（企业）")
    content: str = Field(description="建设内容")
    category: choice(Category) = Field(description=f"项目类别：{choices_text(Category)}")
    category_label: str = Field(description="项目类别（中文）")
    level: choice(Level) = Field(description=f"项目级别：{choices_text(Level)}")
    level_label: str = Field(description="项目级别（中文）")
    chain: Ref | None = Field(description="所属产业链")
    park: Ref | None = Field(description="所在园区")
    town: Ref | None = Field(description="所在乡镇（街道）")
    total_investment_wan: WanOut = Field(description="总投资（万元，十进制字符串）")
    funding_source: choice(FundingSource) = Field(description=f"资金来源：{choices_text(FundingSource)}")
    funding_source_label: str = Field(description="资金来源（中文）")
    funding_priority: int = Field(description="资金保障类别 1–4，1 类最优先")
    planned_start_on: datetime.date | None = Field(description="计划开工时间")
    actual_start_on: datetime.date | None = Field(description="实际开工时间")
    planned_completion_on: datetime.date | None = Field(description="计划竣工投产时间")
    actual_completion_on: datetime.date | None = Field(description="实际竣工投产时间")
    stage: choice(Stage) = Field(description=f"项目阶段：{choices_text(Stage)}")
    stage_label: str = Field(description="项目阶段（中文）")
    responsible_unit: Ref | None = Field(description="责任单位")
    lead_leader: Ref | None = Field(description="牵头领导")
    work_plan: str = Field(description="工作方案")
    butler: Ref | None = Field(description="项目管家")
    police: Ref | None = Field(description="项目警官")
    inspector: Ref | None = Field(description="纪检监察员")
    is_overdue: bool = Field(description="是否逾期：过了计划开工时间未开工，或过了计划竣工投产时间未竣工")
    can_edit: bool = Field(description="当前用户能否修改该项目")
    version: int = Field(description="版本号；修改项目时原样带回，用于防止覆盖他人的修改")
    created_at: LocalDateTime = Field(description="登记时间")
    updated_at: LocalDateTime = Field(description="最近修改时间")

    @staticmethod
    def resolve_total_investment_wan(obj) -> Decimal:
        return obj.total_investment

    @staticmethod
    def resolve_category_label(obj) -> str:
        return obj.get_category_display()

    @staticmethod
    def resolve_level_label(obj) -> str:
        return obj.get_level_display()

    @staticmethod
    def resolve_funding_source_label(obj) -> str:
        return obj.get_funding_source_display()

    @staticmethod
    def resolve_stage_label(obj) -> str:
        return obj.get_stage_display()

    @staticmethod
    def resolve_is_overdue(obj) -> bool:
        facts = rules.DateFacts(obj.planned_start_on, obj.actual_start_on,
                                obj.planned_completion_on, obj.actual_completion_on)
        return rules.is_overdue(facts, obj.stage, timezone.localdate())


class ProjectQuery(PageQuery):
    q: Text = Field("", max_length=100, description="按项目名称、业主名称或其拼音 / 拼音首字母检索，如 qyjt")
    level: choice_or_blank(Level) = Field("", description=f"项目级别：{choices_text(Level)}")
    stage: choice_or_blank(Stage) = Field("", description=f"项目阶段：{choices_text(Stage)}")
    chain: Id | None = Field(None, description="产业链编号")
    unit: Id | None = Field(None, description="责任单位编号")
    place: Id | None = Field(None, description="所在乡镇或园区的单位编号")
    overdue: bool = Field(False, description="只看逾期项目")
    sort: Literal[(*SORT_KEYS, "")] = Field(
        "", description="排序：name 名称、investment 总投资、start 计划开工、stage 阶段、level 级别、"
                        "updated 修改时间；前加 - 为倒序。默认按登记顺序"
    )


class PlanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: int = Field(ge=2000, le=2100, description="年度")
    kind: choice(PlanKind) = Field(PlanKind.CONTINUING.value, description=f"计划类型：{choices_text(PlanKind)}")
    planned_investment_wan: WanIn = Field(description="年度计划投资（万元，十进制字符串）")


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


class ProjectFieldsIn(BaseModel):
    """The writable fields of a project; foreign keys by id."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: Annotated[Text | None, BeforeValidator(_blank_to_none)] = Field(
        None, max_length=32, description="项目编号（登记号），不可重复")
    county: Id | None = Field(None, description="所属县（区）的区划编号（regions 接口的 id）；登记时不填则为您所在的区划")
    owner: Id | None = Field(None, description="项目业主：企业单位编号")
    content: Text = Field("", max_length=20_000, description="建设内容")
    category: choice(Category) = Field(Category.INDUSTRIAL.value, description=f"项目类别：{choices_text(Category)}")
    level: choice(Level) = Field(Level.COUNTY.value, description=f"项目级别：{choices_text(Level)}")
    chain: Id | None = Field(None, description="所属产业链编号")
    park: Id | None = Field(None, description="所在园区的单位编号")
    town: Id | None = Field(None, description="所在乡镇（街道）的单位编号")
    funding_source: choice(FundingSource) = Field(
        FundingSource.ENTERPRISE.value, description=f"资金来源：{choices_text(FundingSource)}")
    funding_priority: int = Field(3, ge=1, le=4, description="资金保障类别 1–4，1 类最优先")
    planned_start_on: datetime.date | None = Field(None, description="计划开工时间")
    actual_start_on: datetime.date | None = Field(None, description="实际开工时间")
    planned_completion_on: datetime.date | None = Field(None, description="计划竣工投产时间")
    actual_completion_on: datetime.date | None = Field(None, description="实际竣工投产时间")
    responsible_unit: Id | None = Field(None, description="责任单位编号")
    lead_leader: Id | None = Field(None, description="牵头领导的人员编号")
    work_plan: Text = Field("", max_length=20_000, description="工作方案")
    butler: Id | None = Field(None, description="项目管家的人员编号")
    police: Id | None = Field(None, description="项目警官的人员编号")
    inspector: Id | None = Field(None, description="纪检监察员的人员编号")


class ProjectCreateIn(ProjectFieldsIn):
    name: Text = Field(min_length=1, max_length=200, description="项目名称")
    total_investment_wan: WanIn = Field(description="总投资（万元，十进制字符串）")
    stage: choice(Stage) = Field(Stage.PLANNING.value, description=f"登记时的项目阶段：{choices_text(Stage)}")
    plan: PlanIn | None = Field(None, description="本年度计划（可选）")


# Fields that have no "empty" value: a PATCH may change them but not clear them.
REQUIRED_ON_PATCH = ("name", "total_investment_wan", "content", "category", "level", "funding_source",
                     "funding_priority", "work_plan")


class ProjectPatchIn(ProjectFieldsIn):
    """Only the fields present in the body change."""

    version: int = Field(ge=1, le=MAX_ID, description="读取项目时得到的 version；他人已修改时返回 409")
    name: Text | None = Field(None, min_length=1, max_length=200, description="项目名称")
    total_investment_wan: WanIn | None = Field(None, description="总投资（万元，十进制字符串）")
    content: Text | None = Field(None, max_length=20_000, description="建设内容")
    category: choice(Category) | None = Field(None, description=f"项目类别：{choices_text(Category)}")
    level: choice(Level) | None = Field(None, description=f"项目级别：{choices_text(Level)}")
    funding_source: choice(FundingSource) | None = Field(None, description=f"资金来源：{choices_text(FundingSource)}")
    funding_priority: int | None = Field(None, ge=1, le=4, description="资金保障类别 1–4，1 类最优先")
    work_plan: Text | None = Field(None, max_length=20_000, description="工作方案")

    @field_validator(*REQUIRED_ON_PATCH, mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("不能为空")
        return value


class StageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stage: choice(Stage) = Field(description=f"新的项目阶段：{choices_text(Stage)}")
    reason: Text = Field("", max_length=2000, description="原因；阶段后退时必填")


class StageChangeOut(Schema):
    id: int = Field(description="编号")
    from_stage: choice_or_blank(Stage) = Field(description="原阶段（登记入库时为空）")
    from_stage_label: str = Field(description="原阶段（中文）")
    to_stage: choice(Stage) = Field(description="新阶段")
    to_stage_label: str = Field(description="新阶段（中文）")
    reason: str = Field(description="原因")
    actor: str | None = Field(description="操作人")
    changed_at: LocalDateTime = Field(description="变更时间")

    @staticmethod
    def resolve_from_stage_label(obj) -> str:
        return obj.get_from_stage_display() if obj.from_stage else ""

    @staticmethod
    def resolve_to_stage_label(obj) -> str:
        return obj.get_to_stage_display()

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return display_name(obj.actor) if obj.actor_id else None


class MilestoneOut(Schema):
    id: int = Field(description="编号")
    order: int = Field(description="序号")
    name: str = Field(description="节点")
    planned_on: datetime.date = Field(description="计划完成日期")
    actual_on: datetime.date | None = Field(description="实际完成日期")


class PlanOut(Schema):
    id: int = Field(description="编号")
    year: int = Field(description="年度")
    kind: choice(PlanKind) = Field(description=f"计划类型：{choices_text(PlanKind)}")
    kind_label: str = Field(description="计划类型（中文）")
    planned_investment_wan: WanOut = Field(description="年度计划投资（万元，十进制字符串）")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_planned_investment_wan(obj) -> Decimal:
        return obj.planned_investment


class ProgressOut(Schema):
    id: int = Field(description="编号")
    as_of: datetime.date = Field(description="截至日期")
    year_investment_wan: WanOut | None = Field(description="本年完成投资（万元，十进制字符串）")
    cumulative_investment_wan: WanOut | None = Field(description="累计完成投资（万元，十进制字符串）")
    image_progress: str = Field(description="形象进度")
    issues: str = Field(description="存在问题")
    source: choice(Progress.Source) = Field(description=f"来源：{choices_text(Progress.Source)}")
    source_label: str = Field(description="来源（中文）")
    recorded_at: LocalDateTime = Field(description="录入时间")

    @staticmethod
    def resolve_year_investment_wan(obj) -> Decimal | None:
        return obj.year_investment

    @staticmethod
    def resolve_cumulative_investment_wan(obj) -> Decimal | None:
        return obj.cumulative_investment

    @staticmethod
    def resolve_source_label(obj) -> str:
        return obj.get_source_display()


# ---------------------------------------------------------------- organisation


def display_name(user) -> str:
    """A user's person name where there is one, else the user name."""
    person = getattr(user, "person", None)
    return person.name if person is not None else user.get_username()


class RegionOut(Schema):
    id: int = Field(description="编号")
    code: str = Field(description="行政区划代码")
    name: str = Field(description="名称")
    level: choice(Region.Level) = Field(description=f"层级：{choices_text(Region.Level)}")
    level_label: str = Field(description="层级（中文）")
    parent_id: int | None = Field(description="上级区划编号")

    @staticmethod
    def resolve_level_label(obj) -> str:
        return obj.get_level_display()


class UnitQuery(PageQuery):
    kind: choice_or_blank(Unit.Kind) = Field("", description=f"单位类型：{choices_text(Unit.Kind)}")
    q: Text = Field("", max_length=100, description="按名称或简称检索")


class UnitOut(Schema):
    id: int = Field(description="编号")
    name: str = Field(description="名称")
    short_name: str = Field(description="简称")
    kind: choice(Unit.Kind) = Field(description=f"单位类型：{choices_text(Unit.Kind)}")
    kind_label: str = Field(description="单位类型（中文）")
    region: RegionRef = Field(description="所属区划")
    parent_id: int | None = Field(description="上级单位编号")
    credit_code: str = Field(description="统一社会信用代码")
    area_hectares: Annotated[Decimal, PlainSerializer(lambda v: format(v, "f"), return_type=str),
                             WithJsonSchema({"type": "string"})] | None = Field(
        description="面积（公顷，十进制字符串）")
    is_top500: bool = Field(description="是否三类500强企业")
    contact_phone: str = Field(description="联系电话（单位电话）")
    is_active: bool = Field(description="是否在用")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()


class PeopleQuery(PageQuery):
    q: Text = Field("", max_length=100, description="按姓名检索")
    unit: Id | None = Field(None, description="所在单位编号")


class RoleOut(Schema):
    role: choice(Role) = Field(description=f"角色：{choices_text(Role)}")
    role_label: str = Field(description="角色（中文）")
    region: RegionRef = Field(description="适用区划")
    unit: Ref | None = Field(description="适用单位")

    @staticmethod
    def resolve_role_label(obj) -> str:
        return obj.get_role_display()


class PersonOut(Schema):
    id: int = Field(description="编号")
    name: str = Field(description="姓名")
    title: str = Field(description="职务")
    unit: Ref | None = Field(description="所在单位")
    region: RegionRef = Field(description="所属区划")
    phone: str = Field(description="手机号码；除指挥部办公室和系统管理员外，中间四位以 * 遮盖（138****1234）")
    is_active: bool = Field(description="是否在职")
    roles: list[RoleOut] = Field(description="担任的角色")


class ChainOut(Schema):
    id: int = Field(description="编号")
    name: str = Field(description="产业链名称")
    region: RegionRef = Field(description="所属区划")
    leader: Ref | None = Field(description="链长")
    deputies: list[Ref] = Field(description="副链长")
    description: str = Field(description="说明")


class WorkingGroupOut(Schema):
    id: int = Field(description="编号")
    name: str = Field(description="工作组名称")
    region: RegionRef = Field(description="所属区划")
    leader: Ref | None = Field(description="组长")
    lead_unit: Ref | None = Field(description="牵头单位")
    members: list[Ref] = Field(description="成员")
    duties: str = Field(description="职责")


class MePersonOut(Schema):
    id: int = Field(description="人员编号")
    name: str = Field(description="姓名")
    title: str = Field(description="职务")
    unit: Ref | None = Field(description="所在单位")
    region: RegionRef = Field(description="所属区划")


class MeOut(Schema):
    username: str = Field(description="登录账号")
    name: str = Field(description="姓名（无人员信息时为登录账号）")
    person: MePersonOut | None = Field(description="对应的人员；账号未关联人员时为 null")
    roles: list[RoleOut] = Field(description="担任的角色")
    is_superuser: bool = Field(description="是否超级管理员")
    can_create_projects: bool = Field(description="能否登记新项目")
