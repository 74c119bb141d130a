"""The demo's loan requests: this year's grants add up to the seed report's 24.68亿元; deterministic, written once."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db.models import F

from wumei.financing import demo, queries
from wumei.financing.models import LoanRequest

TODAY = datetime.date(2026, 9, 30)


@pytest.fixture
def seeded(db):
    from wumei.demo.builder import load_demo

    result = load_demo(seed=1, today=TODAY, history=False)
    demo.seed(result.county, TODAY, random.Random(7))
    return result.county


def test_the_demo_county_granted_what_the_seed_report_says(seeded):
    totals = queries.monthly_totals(LoanRequest.objects.filter(county=seeded), 2026)
    assert totals.granted_amount == Decimal("246800")
    assert totals.served > 10 and all(m.served for m in totals.months[:9])
    assert LoanRequest.objects.filter(status=LoanRequest.Status.REFUSED).exists()
    assert not LoanRequest.objects.filter(granted_amount__gt=F("amount")).exists()


def test_demo_requests_are_the_same_for_the_same_seed_and_written_once(seeded):
    assert demo.seed(seeded, TODAY, random.Random(7)) == {"loan_requests": 0, "loan_follow_ups": 0}
    first = sorted(LoanRequest.objects.values_list("enterprise__name", "requested_on", "status", "granted_amount"))
    LoanRequest.objects.all().delete()
    demo.seed(seeded, TODAY, random.Random(7))
    assert sorted(LoanRequest.objects.values_list("enterprise__name", "requested_on", "status",
                                                  "granted_amount")) == first
