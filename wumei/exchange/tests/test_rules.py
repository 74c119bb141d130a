"""Import rules without a database."""

import datetime
from decimal import Decimal

import pytest

from wumei.exchange import rules
from wumei.projects.models import PlanKind, Stage

D = datetime.date


@pytest.mark.parametrize(("start", "actual", "end", "expected"), [
    (D(2023, 4, 1), None, D(2024, 6, 30), PlanKind.NEW_START),
    (D(2022, 4, 1), D(2023, 2, 1), D(2024, 6, 30), PlanKind.NEW_START),  # it actually started this year
    (D(2022, 4, 1), D(2022, 5, 1), D(2023, 12, 31), PlanKind.COMPLETING),
    (D(2022, 4, 1), D(2022, 5, 1), D(2024, 12, 31), PlanKind.CONTINUING),
    (D(2024, 4, 1), None, None, PlanKind.PREPARATORY),
    (None, None, None, PlanKind.PREPARATORY),
])
def test_default_plan_kind_follows_the_projects_dates_in_the_plan_year(start, actual, end, expected):
    assert rules.default_plan_kind(2023, planned_start_on=start, actual_start_on=actual,
                                   planned_completion_on=end) == expected


def test_plan_year_is_the_as_of_dates_else_the_headers_else_this_years():
    assert rules.plan_year(D(2023, 9, 20), 2022, D(2026, 1, 1)) == 2023
    assert rules.plan_year(None, 2022, D(2026, 1, 1)) == 2022
    assert rules.plan_year(None, None, D(2026, 1, 1)) == 2026


def test_same_value_compares_money_exactly_and_blank_texts_alike():
    assert rules.same_value(Decimal("12500.0000"), Decimal("12500"))
    assert not rules.same_value(Decimal("12500.0001"), Decimal("12500"))
    assert not rules.same_value(None, Decimal("0"))
    assert rules.same_value("", None)
    assert not rules.same_value("甲", "乙")


def test_a_new_projects_stage_without_a_column_follows_its_actual_dates():
    assert rules.default_stage(None, None) == Stage.PLANNING
    assert rules.default_stage(D(2023, 3, 1), None) == Stage.STARTED
    assert rules.default_stage(D(2023, 3, 1), D(2023, 9, 1)) == Stage.OPERATING
