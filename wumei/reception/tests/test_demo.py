"""The demo's reception days: one per past month of the year, on the 8th or the next working day, with visits,
the problems the problems seeder raised at reception linked; deterministic and written once."""

import datetime
import random

import pytest

from wumei.problems.models import Problem
from wumei.reception import demo
from wumei.reception.models import ReceptionDay, ReceptionVisit

TODAY = datetime.date(2026, 6, 16)


@pytest.fixture
def seeded(db):
    from wumei.demo.builder import load_demo
    from wumei.demo.history import seed_history

    result = load_demo(seed=1, today=TODAY, history=False)
    seed_history(result.county, TODAY, 1, only=("problems",))
    demo.seed(result.county, TODAY, random.Random(7))  # a no-op if the loader already ran it
    return result.county


def dump():
    return sorted(ReceptionVisit.objects.values_list("day__held_on", "visitor_name", "enterprise__name", "request",
                                                     "answered_on"))


def test_demo_reception_days_are_the_past_months_with_visits_and_problems(seeded):
    days = list(ReceptionDay.objects.filter(county=seeded).order_by("held_on"))
    # January to June 2026; 8 February and 8 March are Sundays → Monday the 9th.
    assert [d.held_on for d in days] == [datetime.date(2026, 1, 8), datetime.date(2026, 2, 9),
                                         datetime.date(2026, 3, 9), datetime.date(2026, 4, 8),
                                         datetime.date(2026, 5, 8), datetime.date(2026, 6, 8)]
    assert all(d.leaders.count() >= 2 and d.visits.count() >= 2 for d in days)
    linked = Problem.objects.filter(reception_visits__isnull=False)
    assert linked.exists() and not linked.exclude(source=Problem.Source.RECEPTION).exists()
    assert ReceptionVisit.objects.filter(answered_on__isnull=False).count() > ReceptionVisit.objects.count() / 2


def test_demo_reception_is_the_same_for_the_same_seed_and_written_once(seeded):
    assert demo.seed(seeded, TODAY, random.Random(7)) == {"reception_days": 0, "reception_visits": 0}
    ReceptionDay.objects.all().delete()
    counts = demo.seed(seeded, TODAY, random.Random(7))
    first = dump()
    ReceptionDay.objects.all().delete()
    assert demo.seed(seeded, TODAY, random.Random(7)) == counts
    assert dump() == first
