"""Business rules of the monthly consultation, as pure functions.

- One consultation per county per month; its month is the first day of the month.
- The agenda is drafted from open factor requests (requested or under consultation), problems escalated to
  county level (the ladder's 常务副县长 and 县长 rungs: the county government takes them up; below, the unit and
  the project's lead leader work them) and projects whose RAG status is red. A re-draft adds only what is not
  yet on the agenda (removed items count as on it), so the office's edits are never undone.
- Every decision has an owner (unit and/or person), a deadline and a project.
"""

import datetime
from collections.abc import Iterable

COUNTY_LEVELS = (2, 3)  # Problem.Level.EXECUTIVE_VICE_HEAD, Problem.Level.COUNTY_HEAD
MAX_TEXT = 200


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_label(month: datetime.date) -> str:
    return f"{month.year}年{month.month}月"


def new_keys(candidates: Iterable, existing: set) -> list:
    """The candidates not on the agenda yet, in their order, each once."""
    seen = set(existing)
    out = []
    for key in candidates:
        if key not in seen:
            seen.add(key)
            out.append(key)
    return out


def reordered(ids: list[int], item_id: int, direction: str) -> list[int]:
    """The agenda's item ids after moving `item_id` one place up or down (unchanged at the ends)."""
    if item_id not in ids:
        return list(ids)
    out = list(ids)
    i = out.index(item_id)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(out):
        out[i], out[j] = out[j], out[i]
    return out


def decision_errors(*, text: str, due_on: datetime.date | None, has_owner: bool,
                    month: datetime.date) -> dict[str, str]:
    """What is wrong with a decision (field → Chinese message)."""
    errors: dict[str, str] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = "请填写议定事项"
    elif len(text) > MAX_TEXT:
        errors["text"] = f"议定事项不能超过{MAX_TEXT}个字"
    if due_on is None:
        errors["due_on"] = "请填写完成时限"
    elif due_on < month:
        errors["due_on"] = "完成时限不能早于会商所在月份"
    if not has_owner:
        errors["owner_unit"] = "请指定责任单位或责任人"
    return errors
