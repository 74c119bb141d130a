"""Registry rules as pure functions over plain values."""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from pypinyin import lazy_pinyin

from wumei.projects.models import STAGE_ORDER, Stage

# Marks a run of non-Chinese characters in pypinyin's output: such a run is kept whole in both spellings.
_AS_IS = "\x00"


def search_key(*texts: str) -> str:
    """Lower-case full pinyin and pinyin initials of each text, so `qyjt` and `qingyan` both find 轻盐集团.
    One pypinyin pass per text (the initials are the syllables' first letters): imports key 20,000 names."""
    parts: list[str] = []
    for text in texts:
        if not text:
            continue
        items = lazy_pinyin(text, errors=lambda chars: _AS_IS + chars)
        parts.append("".join(item.removeprefix(_AS_IS) for item in items).lower())
        parts.append("".join(item[1:] if item.startswith(_AS_IS) else item[:1] for item in items).lower())
    return " ".join(parts)


def normalise_query(text: str) -> str:
    return "".join(text.split()).lower()


@dataclass(frozen=True)
class DateFacts:
    planned_start_on: datetime.date | None
    actual_start_on: datetime.date | None
    planned_completion_on: datetime.date | None
    actual_completion_on: datetime.date | None


def date_errors(facts: DateFacts, today: datetime.date) -> dict[str, str]:
    """Field → Chinese message for dates that contradict each other or lie in the future."""
    errors: dict[str, str] = {}
    if facts.planned_start_on and facts.planned_completion_on and facts.planned_completion_on < facts.planned_start_on:
        errors["planned_completion_on"] = "计划竣工投产时间不能早于计划开工时间"
    if facts.actual_start_on and facts.actual_start_on > today:
        errors["actual_start_on"] = "实际开工时间不能晚于今天"
    if facts.actual_completion_on:
        if facts.actual_completion_on > today:
            errors["actual_completion_on"] = "实际竣工投产时间不能晚于今天"
        elif not facts.actual_start_on:
            errors["actual_completion_on"] = "填写实际竣工投产时间前，请先填写实际开工时间"
        elif facts.actual_completion_on < facts.actual_start_on:
            errors["actual_completion_on"] = "实际竣工投产时间不能早于实际开工时间"
    return errors


def is_backward(from_stage: str, to_stage: str) -> bool:
    return bool(from_stage) and STAGE_ORDER[to_stage] < STAGE_ORDER[from_stage]


def stage_change_error(from_stage: str, to_stage: str, reason: str) -> str | None:
    """A stage may move forward freely; moving it back needs a reason."""
    if to_stage not in STAGE_ORDER:
        return f"无效的项目阶段 \"{to_stage}\""
    if is_backward(from_stage, to_stage) and not reason.strip():
        return f"项目阶段从「{Stage(from_stage).label}」退回「{Stage(to_stage).label}」，必须填写原因"
    return None


def is_overdue(facts: DateFacts, stage: str, on: datetime.date) -> bool:
    """Past its planned start without starting, or past its planned completion without completing."""
    if facts.planned_start_on and facts.planned_start_on < on and not facts.actual_start_on:
        return True
    return bool(
        facts.planned_completion_on
        and facts.planned_completion_on < on
        and not facts.actual_completion_on
        and stage != Stage.OPERATING
    )


class MilestoneState(StrEnum):
    DONE_ON_TIME = "按期完成"
    DONE_LATE = "逾期完成"
    LATE = "已逾期"
    NOT_DUE = "未到期"


def milestone_state(planned_on: datetime.date, actual_on: datetime.date | None,
                    today: datetime.date) -> MilestoneState:
    """A schedule line is done on time, done late, late (past its date, not done) or not yet due."""
    if actual_on:
        return MilestoneState.DONE_ON_TIME if actual_on <= planned_on else MilestoneState.DONE_LATE
    return MilestoneState.LATE if planned_on < today else MilestoneState.NOT_DUE
