"""Request and response shapes of the problems API (问题办理), with Chinese descriptions for openapi.json."""

import datetime
from typing import Literal

from django.utils import timezone
from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field

from wumei.api.schemas import Id, LocalDateTime, PageQuery, Ref, Text, choice, choice_or_blank, choices_text
from wumei.problems import rules
from wumei.problems.models import Problem, ProblemTransition
from wumei.problems.queries import ACTIVE, CLOSED, SORT_KEYS
from wumei.problems.services import MAX_DEADLINE_DAYS

Source, Category, Status = Problem.Source, Problem.Category, Problem.Status
Action = ProblemTransition.Action
LEVELS_TEXT = "；".join(f"{value}={label}" for value, label in Problem.Level.choices)
HAND_ACTIONS = tuple(a for a in rules.MANUAL_ACTIONS if a != Action.ESCALATE)
ACTIONS_TEXT = "；".join(f"{a}={Action(a).label}" for a in HAND_ACTIONS)


def _name_of(user) -> str | None:
    if user is None:
        return None
    person = getattr(user, "person", None)
    return person.name if person is not None else user.get_username()


class ProblemOut(Schema):
    id: int = Field(description="问题编号")
    project: Ref = Field(description="所属项目")
    source: choice(Source) = Field(description=f"问题来源：{choices_text(Source)}")
    source_label: str = Field(description="问题来源（中文）")
    category: choice(Category) = Field(description=f"问题类别：{choices_text(Category)}")
    category_label: str = Field(description="问题类别（中文）")
    description: str = Field(description="问题描述")
    owner_unit: Ref | None = Field(description="承办单位")
    deadline_days: int = Field(description="办理时限（工作日）")
    raised_on: datetime.date = Field(description="提出日期")
    due_on: datetime.date = Field(description="承办单位办结期限")
    status: choice(Status) = Field(description=f"状态：{choices_text(Status)}")
    status_label: str = Field(description="状态（中文）")
    level: int = Field(description=f"当前层级（即已提级至的层级）：{LEVELS_TEXT}")
    level_label: str = Field(description="当前层级（中文）")
    level_due_on: datetime.date = Field(description="本层级办理期限（超过即逾期，期限当日不算逾期）")
    is_overdue: bool = Field(description="是否逾期：未解决且已过本层级办理期限")
    raised_by: str | None = Field(description="提出人姓名；系统生成的问题为 null")
    solution: str = Field(description="解决情况")
    solved_on: datetime.date | None = Field(description="解决日期")
    confirmed_on: datetime.date | None = Field(description="确认办结日期")
    rating: int | None = Field(description="企业评价（1–5 星）")
    rating_comment: str = Field(description="企业评价意见")

    @staticmethod
    def resolve_source_label(obj) -> str:
        return obj.get_source_display()

    @staticmethod
    def resolve_category_label(obj) -> str:
        return obj.get_category_display()

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_level_label(obj) -> str:
        return obj.get_level_display()

    @staticmethod
    def resolve_is_overdue(obj) -> bool:
        return obj.is_overdue_on(timezone.localdate())

    @staticmethod
    def resolve_raised_by(obj) -> str | None:
        return _name_of(obj.raised_by)


class ProblemDetailOut(ProblemOut):
    allowed_actions: list[str] = Field(description="当前用户现在可以执行的操作（transition / escalate 接口的 action）")
    can_rate: bool = Field(description="当前用户现在能否评价（仅项目业主企业，问题解决后，限一次）")
    photo_ids: list[int] = Field(description="附件照片编号")


class ProblemQuery(PageQuery):
    status: Literal[(*Status.values, ACTIVE, CLOSED, "")] = Field(
        "", description=f"状态：{choices_text(Status)}；{ACTIVE}=未办结（全部）；{CLOSED}=已办结（全部）")
    category: choice_or_blank(Category) = Field("", description=f"问题类别：{choices_text(Category)}")
    source: choice_or_blank(Source) = Field("", description=f"问题来源：{choices_text(Source)}")
    level: int | None = Field(None, ge=0, le=3, description=f"已提级至的层级：{LEVELS_TEXT}")
    unit: Id | None = Field(None, description="承办单位编号")
    project: Id | None = Field(None, description="项目编号")
    age: Literal[(*[a.value for a in rules.Age], "")] = Field(
        "", description="提出时长：" + "；".join(f"{a.value}={a.label}" for a in rules.Age))
    overdue: bool = Field(False, description="只看逾期问题")
    sort: Literal[(*SORT_KEYS, "")] = Field("", description="排序：-age=最新提出在前（默认）；age=时间最久在前；"
                                                        "due=本层级期限最近在前；level=层级最高在前")


class RaiseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    project: Id = Field(description="项目编号")
    category: choice(Category) = Field(Category.OTHER, description=f"问题类别：{choices_text(Category)}")
    description: Text = Field(min_length=1, max_length=2000, description="问题描述")
    source: choice(Source) | None = Field(None, description=f"问题来源：{choices_text(Source)}；不填时按提出人身份确定"
                                                         "（企业=enterprise，联络员=daily，牵头领导=visit，指挥部办公室=hq）")
    owner_unit: Id | None = Field(None, description="承办单位编号（仅指挥部办公室可指定；默认为项目责任单位）")
    deadline_days: int | None = Field(None, ge=1, le=MAX_DEADLINE_DAYS,
                                      description="办理时限（工作日，仅指挥部办公室可指定）")


class TransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal[HAND_ACTIONS] = Field(description=f"操作：{ACTIONS_TEXT}")
    reason: Text = Field("", max_length=1000, description="说明；退回重办（reopen）时必填")
    solution: Text = Field("", max_length=2000, description="解决情况；办理解决（solve）时必填")
    owner_unit: Id | None = Field(None, description="承办单位编号；交办（assign）时必填")
    deadline_days: int | None = Field(None, ge=1, le=MAX_DEADLINE_DAYS,
                                      description="办理时限（工作日）；交办（assign）时填写，默认沿用原时限")


class EscalateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Text = Field(min_length=1, max_length=1000, description="提级原因（需上级研究解决的事项）")


class RateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rating: int = Field(ge=1, le=5, description="评价星级 1–5")
    comment: Text = Field("", max_length=200, description="评价意见")


class TransitionOut(Schema):
    id: int = Field(description="记录编号")
    action: str = Field(description="操作：" + "；".join(f"{v}={label}" for v, label in Action.choices))
    action_label: str = Field(description="操作（中文）")
    from_status: str = Field(description="原状态（登记时为空）")
    to_status: str = Field(description="新状态")
    from_level: int | None = Field(description="原层级")
    to_level: int = Field(description="新层级")
    reason: str = Field(description="说明、原因或解决情况")
    on: datetime.date | None = Field(description="日期")
    due_on: datetime.date | None = Field(description="此次设定的本层级办理期限")
    is_automatic: bool = Field(description="是否系统自动（如逾期自动提级）")
    actor: str | None = Field(description="操作人姓名；系统操作为 null")
    at: LocalDateTime = Field(description="记录时间")

    @staticmethod
    def resolve_action_label(obj) -> str:
        return obj.get_action_display()

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return _name_of(obj.actor)


class PeriodQuery(Schema):
    start: datetime.date | None = Field(None, description="起始日期（默认当年1月1日）")
    end: datetime.date | None = Field(None, description="截止日期（默认今天）")


class FiguresOut(Schema):
    key: str = Field(description="分组（单位名称、类别或层级；总计为空）")
    collected: int = Field(description="期间收集的问题数")
    solved: int = Field(description="其中截至期末已解决的问题数")
    solved_rate: str | None = Field(description="解决率（百分数，一位小数的十进制字符串，如 \"88.9\"）")
    median_days: str | None = Field(description="办结用时中位数（工作日，十进制字符串）")


class StatisticsOut(Schema):
    start: datetime.date = Field(description="起始日期")
    end: datetime.date = Field(description="截止日期")
    total: FiguresOut = Field(description="总计")
    by_unit: list[FiguresOut] = Field(description="按承办单位")
    by_category: list[FiguresOut] = Field(description="按问题类别（key 为类别代码）")
    by_level: list[FiguresOut] = Field(description="按已提级至的层级（key 为层级 0–3）")
