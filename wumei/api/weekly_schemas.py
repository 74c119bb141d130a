"""Request and response shapes of the 每周必访 API (visits, coverage, investment leads and their figures)."""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from wumei.api.schemas import (
    Id,
    LocalDateTime,
    PageQuery,
    Ref,
    RegionRef,
    Text,
    WanOut,
    choice,
    choice_or_blank,
    choices_text,
    display_name,
)
from wumei.problems.models import Problem
from wumei.weekly.models import InvestmentLead

# A percentage with one decimal, as a decimal string ("88.9"); null when nothing is due.
Percent = Annotated[
    Decimal,
    PlainSerializer(lambda value: format(value, "f"), return_type=str),
    WithJsonSchema({"type": "string", "examples": ["88.9"]}),
]


# ---------------------------------------------------------------- visits


class PhotoOut(Schema):
    id: int = Field(description="照片编号")
    caption: str = Field(description="说明")
    taken_at: LocalDateTime | None = Field(description="拍摄时间")
    thumb_url: str = Field(description="缩略图地址（需登录且有权查看该项目）")
    full_url: str = Field(description="原图地址（需登录且有权查看该项目）")

    @staticmethod
    def resolve_thumb_url(obj) -> str:
        return reverse("photos:photo-file", args=[obj.pk, "thumb"])

    @staticmethod
    def resolve_full_url(obj) -> str:
        return reverse("photos:photo-file", args=[obj.pk, "full"])


class VisitProblemOut(Schema):
    id: int = Field(description="问题编号")
    description: str = Field(description="问题描述")
    category: choice(Problem.Category) = Field(description=f"类别：{choices_text(Problem.Category)}")
    category_label: str = Field(description="类别（中文）")
    status: choice(Problem.Status) = Field(description=f"状态：{choices_text(Problem.Status)}")
    status_label: str = Field(description="状态（中文）")
    due_on: datetime.date = Field(description="办结期限")

    @staticmethod
    def resolve_category_label(obj) -> str:
        return obj.get_category_display()

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()


class VisitOut(Schema):
    id: int = Field(description="走访编号")
    project: Ref = Field(description="走访的项目")
    leader: Ref = Field(description="牵头领导")
    visited_on: datetime.date = Field(description="走访日期")
    findings: str = Field(description="走访情况")
    companions: list[Ref] = Field(description="随行人员")
    companions_note: str = Field(description="其他随行人员")
    photos: list[PhotoOut] = Field(description="现场照片")
    problems: list[VisitProblemOut] = Field(description="现场提出的问题")
    recorded_by: str | None = Field(description="登记人")
    recorded_at: LocalDateTime = Field(description="登记时间")

    @staticmethod
    def resolve_companions(obj) -> list:
        return list(obj.companions.all())

    @staticmethod
    def resolve_photos(obj) -> list:
        return list(obj.photos.all())

    @staticmethod
    def resolve_problems(obj) -> list:
        return list(obj.problems.all())

    @staticmethod
    def resolve_recorded_by(obj) -> str | None:
        return display_name(obj.recorded_by) if obj.recorded_by_id else None


class VisitQuery(PageQuery):
    project: Id | None = Field(None, description="项目编号")
    leader: Id | None = Field(None, description="牵头领导的人员编号")
    week: datetime.date | None = Field(None, description="只看某一周（周一至周日）的走访：填该周任一天")


class VisitProblemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: Text = Field(min_length=1, max_length=2000, description="问题描述")
    category: choice(Problem.Category) = Field(Problem.Category.OTHER.value,
                                               description=f"类别：{choices_text(Problem.Category)}")


class VisitIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    project: Id = Field(description="走访的项目编号；走访记在该项目牵头领导名下")
    visited_on: datetime.date = Field(description="走访日期（不晚于今天）")
    findings: Text = Field(min_length=1, max_length=4000, description="走访情况")
    companions: list[Id] = Field([], max_length=50, description="随行人员的人员编号")
    companions_note: Text = Field("", max_length=200, description="名单以外的其他随行人员")
    problems: list[VisitProblemIn] = Field([], max_length=10, description="现场提出的问题，每个登记为一个问题（来源：每周走访）")


# ---------------------------------------------------------------- coverage


class CoverageQuery(Schema):
    week: datetime.date | None = Field(None, description="统计哪一周（周一至周日）：填该周任一天，默认本周")


class CoverageOut(Schema):
    leader: Ref = Field(description="牵头领导")
    week_start: datetime.date = Field(description="周一")
    week_end: datetime.date = Field(description="周日")
    week_label: str = Field(description="周次，如 2026年第23周")
    exempt: bool = Field(description="该周全部为法定节假日，不要求走访")
    due_count: int = Field(description="应走访项目数（牵头且未竣工投产运营的项目）")
    visited_count: int = Field(description="已走访项目数")
    rate: Percent | None = Field(description="覆盖率（百分比，一位小数的十进制字符串）；无应走访项目时为 null")
    visited: list[Ref] = Field(description="本周已走访的项目")
    not_visited: list[Ref] = Field(description="本周未走访的项目")


# ---------------------------------------------------------------- investment leads


class LeadQuery(PageQuery):
    q: Text = Field("", max_length=100, description="按项目名称或投资方检索")
    stage: choice_or_blank(InvestmentLead.Stage) = Field(
        "", description=f"阶段：{choices_text(InvestmentLead.Stage)}")
    chain: Id | None = Field(None, description="产业链编号")
    place: Literal["park", "town", ""] = Field("", description="落户地：park=园区，town=乡镇")
    year: int | None = Field(None, ge=2000, le=2100, description="签约年度")
    top500: bool = Field(False, description="只看三类500强企业投资的项目")


class LeadOut(Schema):
    id: int = Field(description="编号")
    county: RegionRef = Field(description="所属县（区）")
    name: str = Field(description="项目名称")
    investor: str = Field(description="投资方")
    is_top500: bool = Field(description="投资方是否三类500强企业")
    amount_wan: WanOut = Field(description="投资额（万元，十进制字符串）")
    stage: choice(InvestmentLead.Stage) = Field(description=f"阶段：{choices_text(InvestmentLead.Stage)}")
    stage_label: str = Field(description="阶段（中文）")
    chain: Ref | None = Field(description="所属产业链")
    park: Ref | None = Field(description="落户园区")
    town: Ref | None = Field(description="落户乡镇")
    contacted_on: datetime.date | None = Field(description="接洽日期")
    signed_on: datetime.date | None = Field(description="签约日期")
    contract_start_on: datetime.date | None = Field(description="合同约定开工日期")
    started_on: datetime.date | None = Field(description="开工日期")
    project: Ref | None = Field(description="已入库的重点项目")
    note: str = Field(description="备注")
    updated_at: LocalDateTime = Field(description="最近修改时间")

    @staticmethod
    def resolve_amount_wan(obj) -> Decimal:
        return obj.amount

    @staticmethod
    def resolve_stage_label(obj) -> str:
        return obj.get_stage_display()


class FiguresQuery(Schema):
    on: datetime.date | None = Field(None, description="指标截至日期，默认今天")


class FiguresOut(Schema):
    signed_count: int = Field(description="今年签约项目数：签约日期在当年1月1日至截至日、且未终止")
    signed_amount_wan: WanOut = Field(description="今年签约项目投资额合计（万元，十进制字符串）")
    large_count: int = Field(description="今年签约项目中投资额不低于10亿元（100000万元）的个数")
    top500_count: int = Field(description="今年签约项目中三类500强企业投资的个数")
    started_count: int = Field(description="今年开工项目数：开工日期在当年1月1日至截至日、且未终止")
    fulfilment_due: int = Field(description="履约率分母：合同约定开工日期在当年1月1日至截至日前一天的已签约项目数（含签约后终止的）")
    fulfilment_fulfilled: int = Field(description="履约率分子：其中截至当日已开工的项目数")
    fulfilment_rate: Percent | None = Field(description="履约率（百分比，一位小数的十进制字符串）；分母为0时为 null")


class LeadFiguresOut(Schema):
    county: RegionRef = Field(description="县（区）")
    on: datetime.date = Field(description="截至日期")
    county_figures: FiguresOut = Field(description="全县指标")
    park_figures: FiguresOut = Field(description="园区指标（只计落户园区的项目）")
