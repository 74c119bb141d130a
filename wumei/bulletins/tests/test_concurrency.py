"""Races on PostgreSQL: concurrent issues never share or skip a number; concurrent drafts make one bulletin."""

import datetime
import threading

import pytest
from django.db import connection

from wumei.bulletins import services
from wumei.bulletins.models import Bulletin, BulletinCounter
from wumei.core.errors import ConflictError

D = datetime.date
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent runs need PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def at_once(*calls):
    """Run the calls in threads released together; (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except Exception as exc:  # noqa: BLE001 — reported to the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.fixture
def hq_world():
    from wumei.testing import ProjectFactory, RegionFactory, Role, user_with_role

    county = RegionFactory(code="430424", name="示范县")
    ProjectFactory(county=county)
    return county, user_with_role(Role.HQ_OFFICE, county, username="hq_office")


def test_drafts_issued_at_the_same_time_get_consecutive_numbers(hq_world):
    county, hq = hq_world
    drafts = [services.draft_bulletin(county, day)[0]
              for day in (D(2026, 5, 1), D(2026, 5, 11), D(2026, 5, 21), D(2026, 6, 1))]
    results, errors = at_once(*[lambda b=b: services.issue_bulletin(hq, b, on=D(2026, 6, 2)) for b in drafts])

    assert errors == []
    assert sorted(b.number for b in results) == [1, 2, 3, 4]
    assert sorted(Bulletin.objects.values_list("doc_number", flat=True)) == [
        f"示范重项通〔2026〕{n}号" for n in (1, 2, 3, 4)]
    assert BulletinCounter.objects.get(county=county, year=2026).last_number == 4


def test_the_same_draft_issued_twice_at_once_is_issued_once(hq_world):
    county, hq = hq_world
    bulletin = services.draft_bulletin(county, D(2026, 5, 1))[0]
    results, errors = at_once(*[lambda: services.issue_bulletin(hq, bulletin, on=D(2026, 5, 2))] * 2)

    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], ConflictError)
    assert Bulletin.objects.get(pk=bulletin.pk).number == 1
    assert BulletinCounter.objects.get(county=county, year=2026).last_number == 1


def test_drafting_twice_at_once_makes_one_bulletin(hq_world):
    county, _ = hq_world
    results, errors = at_once(*[lambda: services.draft_bulletin(county, D(2026, 5, 1))] * 2)

    assert errors == []
    assert sorted(created for _, created in results) == [False, True]
    assert len({bulletin.pk for bulletin, _ in results}) == 1
    assert Bulletin.objects.count() == 1


def test_the_command_run_twice_at_once_drafts_once(hq_world):
    import io

    from django.core.management import call_command

    county, _ = hq_world
    results, errors = at_once(*[lambda: call_command("draft_bulletin", "--on", "2026-05-01", stdout=io.StringIO())] * 2)

    assert errors == []
    assert Bulletin.objects.filter(county=county).count() == 1
