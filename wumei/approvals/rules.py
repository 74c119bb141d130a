"""Approval efficiency as pure rules: what each item saved against its statutory baseline, totals, and the
on-time rate. No database here; dates and the calendar are passed in.

Savings are signed: an item that took more steps, materials or days than the statutory baseline counts
against the total, so the county's figures are never flattered. Only approved items count (a pending item
has no actual days yet, and its steps and materials may still change).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

RATE_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class ItemFacts:
    statutory_steps: int
    actual_steps: int
    statutory_materials: int
    actual_materials: int
    statutory_days: int
    actual_days: int | None  # None: not approved yet


@dataclass(frozen=True)
class Savings:
    """Steps, materials and working days saved, over `items` approved items (`on_time` of them in time)."""

    steps: int = 0
    materials: int = 0
    days: int = 0
    items: int = 0
    on_time: int = 0

    def __add__(self, other: "Savings") -> "Savings":
        return Savings(self.steps + other.steps, self.materials + other.materials, self.days + other.days,
                       self.items + other.items, self.on_time + other.on_time)

    @property
    def on_time_rate(self) -> Decimal | None:
        return percentage(self.on_time, self.items)


def actual_days(applied_on: datetime.date, approved_on: datetime.date | None, calendar) -> int | None:
    """Working days from acceptance to approval: the day of acceptance is not counted, the day of approval is
    (approved the day it was accepted → 0), as statutory time limits are counted (承诺时限按工作日计)."""
    if approved_on is None:
        return None
    return calendar.working_days_between(applied_on, approved_on)


def is_on_time(statutory_days: int, days: int | None) -> bool:
    """Approved within the statutory time limit (the last day of the limit is still in time)."""
    return days is not None and days <= statutory_days


def savings(item: ItemFacts) -> Savings:
    """What one item saved; nothing while it is pending."""
    if item.actual_days is None:
        return Savings()
    return Savings(
        steps=item.statutory_steps - item.actual_steps,
        materials=item.statutory_materials - item.actual_materials,
        days=item.statutory_days - item.actual_days,
        items=1,
        on_time=int(is_on_time(item.statutory_days, item.actual_days)),
    )


def total(items: Iterable[ItemFacts]) -> Savings:
    out = Savings()
    for item in items:
        out += savings(item)
    return out


def percentage(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage 0–100 with two places; None when there is nothing to measure."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)

