"""The demo's 问责: a handful of cases behind the letters the dekad demo issued; deterministic and written once."""

import datetime
import random

import pytest

from wumei.accountability import demo
from wumei.accountability.models import Case
from wumei.dekad.models import Letter

TODAY = datetime.date(2026, 6, 16)


@pytest.fixture
def county(db):
    from wumei.demo.builder import load_demo
    from wumei.demo.history import seed_history

    result = load_demo(seed=1, today=TODAY, history=False)
    seed_history(result.county, TODAY, 1, only=("dekad",))
    return result.county


def dump():
    return sorted((c.kind, c.occurred_on, c.subject_unit_id, c.status, c.reason,
                   tuple(sorted(c.letters.values_list("pk", flat=True))),
                   tuple(sorted(c.subject_people.values_list("pk", flat=True)))) for c in Case.objects.all())


def test_demo_cases_stand_behind_issued_letters(county):
    counts = demo.seed(county, TODAY, random.Random(5))
    cases = Case.objects.filter(county=county)
    assert counts == {"accountability_cases": cases.count()} and cases.count() == 10
    assert cases.filter(kind=Case.Kind.INTERVIEW).count() == 5
    for case in cases.filter(kind=Case.Kind.INTERVIEW):
        letter = case.letters.get()
        assert letter.status not in (Letter.Status.DRAFT, Letter.Status.WITHDRAWN) and letter.issued_on < TODAY
        assert case.subject_unit_id in (letter.recipient_unit_id, letter.project.responsible_unit_id)
        assert case.subject_people.count() == 1 and list(case.projects.all()) == [letter.project]
    assert not cases.filter(occurred_on__gte=TODAY).exists()
    assert cases.filter(status=Case.Status.CLOSED).exists()
    assert not cases.filter(status=Case.Status.CLOSED, closed_on__gte=TODAY).exists()


def test_demo_cases_are_the_same_for_the_same_seed_and_written_once(county):
    counts = demo.seed(county, TODAY, random.Random(5))
    first = dump()
    assert demo.seed(county, TODAY, random.Random(5)) == {"accountability_cases": 0}
    Case.objects.all().delete()
    assert demo.seed(county, TODAY, random.Random(5)) == counts
    assert dump() == first
