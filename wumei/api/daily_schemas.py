"""Request and response shapes of the 每日必盯 API (become openapi.json with their Chinese descriptions)."""

import datetime
from decimal import Decimal
from typing import Annotated

from django.urls import reverse
from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from wumei.api.schemas import (
    Id,
    LocalDateTime,
    PageQuery,
    Ref,
    Text,
    WanIn,
    WanOut,
    choice,
    choice_or_blank,
    choices_text,
)
from wumei.problems.models import Problem
from wumei.projects.models import Stage

# A percentage with one decimal, as a string ("95.5"); null when nothing was expected.
PercentOut = Annotated[
    Decimal,
    PlainSerializer(lambda value: format(value, "f"), return_type=str),
    WithJsonSchema({"type": "string", "examples": ["95.5"]}),
]


class PhotoOut(Schema):
    id: int = Field(description="照片编号")
    thumbnail_url: str = Field(description="缩略图地址（需登录且有权查看该项目）")
    url: str = Field(description="照片地址（需登录且有权查看该项目）")

    @staticmethod
    def resolve_thumbnail_url(obj) -> str:
        return reverse("photos:photo-file", args=[obj.pk, "thumb"])

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("photos:photo-file", args=[obj.pk, "full"])


class DailyReportOut(Schema):
    id: int = Field(description="日报编号")
    project: Ref = Field(description="项目")
    unit: Ref | None = Field(description="责任单位")
    report_on: datetime.date = Field(description="日报日期")
    image_progress: str = Field(description="形象进度")
    cumulative_investment_wan: WanOut = Field(description="累计完成投资（万元，十进制字符串）")
    investment_added_wan: WanOut | None = Field(description="比上次新增的完成投资（万元）；此前无记录时为 null")
    stage: choice(Stage) = Field(description=f"项目阶段：{choices_text(Stage)}")
    stage_label: str = Field(description="项目阶段（中文）")
    from_stage: choice_or_blank(Stage) = Field(description="当日首次填报前的项目阶段")
    investment_reason: str = Field(description="投资调减或超出总投资的原因")
    stage_reason: str = Field(description="阶段后退的原因")
    is_late: bool = Field(description="是否迟报（首次提交晚于当日截止时间）")
    revision: int = Field(description="提交次数（同一天再次提交即更新，次数加一）")
    reporter_name: str = Field(description="填报人")
    submitted_at: LocalDateTime = Field(description="首次提交时间")
    updated_at: LocalDateTime = Field(description="最近提交时间")
    photos: list[PhotoOut] = Field(description="现场照片")
    problem_ids: list[int] = Field(description="随日报登记的项目问题编号")

    @staticmethod
    def resolve_project(obj) -> dict:
        return {"id": obj.project_id, "name": obj.project.name}

    @staticmethod
    def resolve_unit(obj) -> dict | None:
        unit = obj.project.responsible_unit
        return {"id": unit.pk, "name": unit.name} if unit else None

    @staticmethod
    def resolve_cumulative_investment_wan(obj) -> Decimal:
        return obj.cumulative_investment

    @staticmethod
    def resolve_investment_added_wan(obj) -> Decimal | None:
        return obj.investment_added

    @staticmethod
    def resolve_stage_label(obj) -> str:
        return obj.get_stage_display()

    @staticmethod
    def resolve_photos(obj) -> list:
        return list(obj.photos.all())

    @staticmethod
    def resolve_problem_ids(obj) -> list[int]:
        return [p.pk for p in obj.problems.all()]


class DailyReportQuery(PageQuery):
    project: Id | None = Field(None, description="项目编号")
    unit: Id | None = Field(None, description="责任单位编号")
    start: datetime.date | None = Field(None, description="日报日期不早于")
    end: datetime.date | None = Field(None, description="日报日期不晚于")
    late: bool | None = Field(None, description="true 只看迟报，false 只看按时")


class ProblemIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    category: choice(Problem.Category) = Field(Problem.Category.OTHER.value,
                                               description=f"问题类别：{choices_text(Problem.Category)}")
    description: Text = Field(min_length=1, max_length=2000, description="问题描述")


class DailyReportIn(BaseModel):
    """A day's report of a project; submitting again for the same day updates it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    report_on: datetime.date | None = Field(None, description="日报日期，默认今天；不能是将来，也不能早于该项目最近一份日报")
    image_progress: Text = Field(min_length=1, max_length=2000, description="形象进度")
    cumulative_investment_wan: WanIn = Field(description="累计完成投资（万元，十进制字符串）")
    stage: choice(Stage) = Field(description=f"当前项目阶段：{choices_text(Stage)}")
    investment_reason: Text = Field("", max_length=1000,
                                    description="投资调减或超出总投资的原因；累计投资比上次少或超过总投资时必填")
    stage_reason: Text = Field("", max_length=1000, description="阶段后退的原因；阶段退回时必填")
    problem: ProblemIn | None = Field(None, description="遇到的问题（可选），将登记为项目问题")


class ComplianceQuery(Schema):
    start: datetime.date | None = Field(None, description="开始日期，默认本月1日")
    end: datetime.date | None = Field(None, description="结束日期，默认今天（晚于今天按今天计）")


class UnitComplianceOut(Schema):
    rank: int = Field(description="按时报送率排名（并列同名次）")
    unit: Ref = Field(description="责任单位")
    expected: int = Field(description="应报数：在建项目数 × 工作日数")
    received: int = Field(description="已报数（含迟报）")
    on_time: int = Field(description="按时报送数")
    late: int = Field(description="迟报数")
    missing: int = Field(description="未报数")
    rate_percent: PercentOut | None = Field(description="按时报送率（%）= 按时 ÷ 应报")


class ComplianceOut(Schema):
    start: datetime.date = Field(description="开始日期")
    end: datetime.date = Field(description="结束日期")
    working_days: int = Field(description="期间工作日数（按法定节假日与调休）")
    expected: int = Field(description="应报数")
    received: int = Field(description="已报数（含迟报）")
    on_time: int = Field(description="按时报送数")
    late: int = Field(description="迟报数")
    missing: int = Field(description="未报数")
    rate_percent: PercentOut | None = Field(description="按时报送率（%）")
    units: list[UnitComplianceOut] = Field(description="各单位，按时报送率从高到低")
