"""The demo county's year of quarterly assessments: a method in force, past quarters scored and confirmed."""

import datetime
import random

import pytest

from wumei.quarterly import demo, services
from wumei.quarterly.models import AssessmentMethod, Award, Score, ScoringRun
from wumei.quarterly.rules import Quarter

TODAY = datetime.date(2026, 10, 20)


@pytest.fixture
def seeded(db):
    from wumei.demo.builder import load_demo
    from wumei.demo.history import seed_history

    result = load_demo(seed=1, today=TODAY, history=False)
    seed_history(result.county, TODAY, 1, only=("problems", "weekly", "daily"))
    counts = demo.seed(result.county, TODAY, random.Random(7))
    return result.county, counts


def dump(county):
    return sorted(Score.objects.filter(run__county=county).values_list("run__quarter", "group", "name", "total", "rank"))


def test_the_past_quarters_are_scored_confirmed_and_awarded_and_reproducible(seeded):
    county, counts = seeded
    assert counts["quarterly_methods"] == 1 and counts["quarterly_runs"] == 3
    method = AssessmentMethod.objects.get(county=county)
    assert method.status == AssessmentMethod.Status.IN_FORCE and method.is_locked
    runs = ScoringRun.objects.filter(county=county).order_by("quarter")
    assert [r.quarter for r in runs] == [1, 2, 3] and all(r.is_confirmed for r in runs)
    for group in ("project", "responsible", "town"):
        assert Score.objects.filter(run__county=county, group=group, total__isnull=False).exists(), group
    kinds = set(Award.objects.filter(run__county=county).values_list("kind", flat=True))
    assert {"start", "progress", "service"} <= kinds
    assert Award.objects.filter(run__county=county, source=Award.Source.MANUAL).count() == 3
    # Written once; the same records and method give the same scores.
    assert demo.seed(county, TODAY, random.Random(7)) == {"quarterly_methods": 0, "quarterly_runs": 0,
                                                          "quarterly_awards": 0}
    first = dump(county)
    copy = services.copy_method(None, method, year=2026)
    sheet = services.compute(county, Quarter(2026, 3), copy)
    again = sorted((3, s.group, s.name, s.total, s.rank) for s in sheet.scores)
    assert again == [row for row in first if row[0] == 3]
