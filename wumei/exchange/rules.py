"""Import rules as pure functions over plain values."""

import datetime
from decimal import Decimal

from wumei.projects.models import PlanKind, Stage


def default_plan_kind(year: int, *, planned_start_on: datetime.date | None, actual_start_on: datetime.date | None,
                      planned_completion_on: datetime.date | None) -> str:
    """A project's plan kind in `year` when the table gives a planned investment but no 计划类型.

    Starting in the year → 新开工; else finishing in it → 竣工投产; started before it → 续建; otherwise 预备/前期.
    """
    start = actual_start_on or planned_start_on
    if start is not None and start.year == year:
        return PlanKind.NEW_START
    if planned_completion_on is not None and planned_completion_on.year == year:
        return PlanKind.COMPLETING
    if start is not None and start.year < year:
        return PlanKind.CONTINUING
    return PlanKind.PREPARATORY


def plan_year(as_of: datetime.date | None, header_year: int | None, today: datetime.date) -> int:
    """The year an annual-plan column is for: the as-of date's, else the header's ("2023年计划投资"), else
    this year."""
    if as_of is not None:
        return as_of.year
    return header_year or today.year


def same_value(current: object, new: object) -> bool:
    """Equal as the registry keeps them: 12500 equals 12500.0000, a blank text equals None."""
    if isinstance(current, Decimal) or isinstance(new, Decimal):
        if current is None or new is None:
            return current is None and new is None
        return Decimal(current) == Decimal(new)
    if current in (None, "") and new in (None, ""):
        return True
    return current == new


def default_stage(actual_start_on: datetime.date | None, actual_completion_on: datetime.date | None) -> str:
    """A new project's stage when the table has none: completed → 竣工投产运营, started → 落地开工, else the
    first stage, 策划包装."""
    if actual_completion_on is not None:
        return Stage.OPERATING
    if actual_start_on is not None:
        return Stage.STARTED
    return Stage.PLANNING
