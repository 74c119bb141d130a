"""The demo's statistics: every ended month of this year and last, key projects near the seed's 64.6% of FAI."""

import datetime
import random
from decimal import Decimal

import pytest

from wumei.cockpit import demo
from wumei.cockpit.figures import figures
from wumei.cockpit.models import MonthlyStatistic

TODAY = datetime.date(2026, 6, 16)


@pytest.fixture
def seeded(db):
    from wumei.demo.builder import load_demo

    result = load_demo(seed=1, today=TODAY, history=False)
    return result.county


def test_demo_statistics_are_written_once_and_look_like_the_seed(seeded):
    assert demo.seed(seeded, TODAY, random.Random(7)) == {"statistics": 12 + 5}  # 2025 and Jan–May 2026
    assert demo.seed(seeded, TODAY, random.Random(7)) == {"statistics": 0}
    months = list(MonthlyStatistic.objects.filter(region=seeded, year=2026).order_by("month")
                  .values_list("month", flat=True))
    assert months == [1, 2, 3, 4, 5]
    fai = figures(seeded, TODAY).fai
    assert fai["month"] == 5
    assert fai["key_done"] > 0
    assert Decimal("61") <= fai["share_percent"] <= Decimal("68")
    assert Decimal("23") <= fai["growth"] <= Decimal("32")
