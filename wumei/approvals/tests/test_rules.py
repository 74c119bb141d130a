"""Savings against the statutory baseline and the on-time rate, hand-computed, without a database."""

import datetime
from decimal import Decimal

from wumei.approvals import rules
from wumei.calendar.rules import WorkCalendar

D = datetime.date
F = rules.ItemFacts


def test_an_item_saves_the_difference_to_its_baseline():
    saved = rules.savings(F(statutory_steps=6, actual_steps=3, statutory_materials=10, actual_materials=8,
                            statutory_days=20, actual_days=4))
    assert saved == rules.Savings(steps=3, materials=2, days=16, items=1, on_time=1)


def test_a_pending_item_saves_nothing_yet():
    assert rules.savings(F(6, 3, 10, 8, 20, None)) == rules.Savings()


def test_an_item_over_its_baseline_counts_against_the_total():
    late = F(5, 2, 12, 12, statutory_days=3, actual_days=4)
    assert rules.savings(late) == rules.Savings(steps=3, materials=0, days=-1, items=1, on_time=0)


def test_totals_add_up_items_and_the_on_time_rate_is_a_percentage():
    total = rules.total([F(6, 3, 10, 8, 20, 4), F(5, 2, 12, 12, 3, 4), F(4, 1, 6, 4, 20, 5), F(3, 3, 3, 3, 5, None)])
    assert total == rules.Savings(steps=9, materials=4, days=30, items=3, on_time=2)
    assert total.on_time_rate == Decimal("66.67")


def test_the_last_statutory_day_is_still_on_time():
    assert rules.is_on_time(5, 5)
    assert not rules.is_on_time(5, 6)
    assert not rules.is_on_time(5, None)


def test_percentage_of_nothing_is_none():
    assert rules.percentage(0, 0) is None
    assert rules.percentage(1, 8) == Decimal("12.50")


def test_actual_days_count_working_days_after_acceptance_up_to_approval():
    calendar = WorkCalendar(special={D(2026, 6, 19): False}, published_years=frozenset({2026}))
    assert rules.actual_days(D(2026, 6, 1), D(2026, 6, 1), calendar) == 0
    assert rules.actual_days(D(2026, 6, 1), D(2026, 6, 5), calendar) == 4
    assert rules.actual_days(D(2026, 6, 15), D(2026, 6, 22), calendar) == 4  # 19 June off
    assert rules.actual_days(D(2026, 6, 1), None, calendar) is None
