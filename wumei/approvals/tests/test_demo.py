"""The demo's approval items add up to the seed report's savings (减环节761个，减材料91份，减时间1284天);
deterministic and written once."""

import datetime
import random

import pytest

from wumei.approvals import demo, queries
from wumei.approvals.models import ApprovalItem

TODAY = datetime.date(2026, 9, 30)


@pytest.fixture
def seeded(db):
    from wumei.demo.builder import load_demo

    result = load_demo(seed=1, today=TODAY, history=False)
    demo.seed(result.county, TODAY, random.Random(7))
    return result.county


def test_the_demo_county_saved_what_the_seed_report_says(seeded):
    total = queries.county_savings(seeded, datetime.date(2026, 1, 1), TODAY)
    assert (total.steps, total.materials, total.days) == (761, 91, 1284)
    assert 0 < total.on_time < total.items  # a few ran late
    items = ApprovalItem.objects.all()
    assert items.filter(approved_on__isnull=True).exists()
    assert set(items.values_list("mode", flat=True)) == set(ApprovalItem.Mode.values)
    assert not items.filter(actual_steps__gt=0, statutory_steps__lt=0).exists()


def test_demo_items_are_the_same_for_the_same_seed_and_written_once(seeded):
    assert demo.seed(seeded, TODAY, random.Random(7)) == {"approval_items": 0}
    first = sorted(ApprovalItem.objects.values_list("project__code", "kind", "statutory_days", "actual_days"))
    ApprovalItem.objects.all().delete()
    demo.seed(seeded, TODAY, random.Random(7))
    assert sorted(ApprovalItem.objects.values_list("project__code", "kind", "statutory_days", "actual_days")) == first


def test_allocate_splits_exactly():
    parts = demo.allocate(91, [3.0, 1.0, 5.0, 2.0], random.Random(1))
    assert sum(parts) == 91 and min(parts) >= 0
    assert sum(demo.allocate(20, [1.0] * 10, random.Random(2), minimum=2)) == 20
