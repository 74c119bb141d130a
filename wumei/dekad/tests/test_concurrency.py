"""Idempotency and numbering under concurrency, on PostgreSQL (SQLite serialises every writer anyway): rounds
run at the same time draft one letter of a kind per project per dekad; letters issued at the same time get
sequential numbers with no gaps and none twice, even when some issuing transactions fail."""

import threading

import pytest
from django.db import connection, transaction

from wumei.dekad import services
from wumei.dekad.models import Letter, NumberCounter, WorkReminder
from wumei.dekad.tests.conftest import TODAY, d
from wumei.testing import ProjectFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
]


def in_threads(count: int, work) -> list:
    """Run work(i) in `count` threads released together; return results (exceptions included), in order."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 — the test inspects it
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_rounds_run_at_the_same_time_draft_the_same_letters_once(dekad_world):
    results = in_threads(4, lambda i: services.run_dekad_round(TODAY, county=dekad_world.county).as_dict())
    assert not [r for r in results if isinstance(r, Exception)], results
    assert all(r == results[0] for r in results)
    assert len(results[0]["letters"]) == 2
    assert Letter.objects.count() == 2
    assert WorkReminder.objects.filter(subject="visits").count() == 1


@pytest.fixture
def drafts(dekad_world):
    """Eight more projects due to start within the month: eight reminder drafts (ten letters in all)."""
    for i in range(8):
        ProjectFactory(county=dekad_world.county, responsible_unit=dekad_world.unit, name=f"并发项目{i}",
                       planned_start_on=d(6, 20))
    services.run_dekad_round(TODAY, county=dekad_world.county)
    return list(Letter.objects.filter(kind="reminder").order_by("pk"))


def test_letters_issued_at_the_same_time_get_sequential_numbers_without_gaps(dekad_world, drafts):
    assert len(drafts) == 9
    results = in_threads(len(drafts), lambda i: services.issue_letter(dekad_world.hq, drafts[i]).number)
    assert sorted(results) == list(range(1, 10)), results
    numbers = list(Letter.objects.filter(kind="reminder").values_list("doc_number", flat=True))
    assert len(set(numbers)) == 9 and "示范重项提〔2026〕9号" in numbers
    assert NumberCounter.objects.get(series="reminder", year=2026).last_number == 9


def test_failed_issuing_transactions_give_back_their_numbers(dekad_world, drafts):
    def issue(i: int):
        with transaction.atomic():
            letter = services.issue_letter(dekad_world.hq, drafts[i])
            if i % 2:
                raise RuntimeError("failed after taking a number")
            return letter.number

    results = in_threads(6, issue)
    assert sum(isinstance(r, RuntimeError) for r in results) == 3
    assert sorted(r for r in results if isinstance(r, int)) == [1, 2, 3]
    assert Letter.objects.filter(status="draft", kind="reminder").count() == 6
    # The next letter continues the sequence: no gap where the failed ones were.
    assert services.issue_letter(dekad_world.hq, drafts[1]).number == 4


def test_issuing_one_letter_twice_at_once_issues_it_once(dekad_world, drafts):
    results = in_threads(3, lambda i: services.issue_letter(dekad_world.hq, drafts[0]).number)
    assert [r for r in results if isinstance(r, int)] == [1]
    assert sum(type(r).__name__ == "ConflictError" for r in results) == 2
    assert NumberCounter.objects.get(series="reminder").last_number == 1


def test_escalating_while_the_round_runs_drafts_one_supervision_letter(dekad_world, time_machine):
    from wumei.dekad.tests.conftest import freeze

    w = dekad_world
    freeze(time_machine, d(7, 16))
    services.run_dekad_round(d(7, 16), county=w.county)
    assignment = services.issue_letter(w.hq, Letter.objects.get(kind="assignment", project=w.project), on=d(7, 16))
    freeze(time_machine, d(8, 1))  # past its reply deadline: the round wants a supervision letter too

    def work(i: int):
        if i == 0:
            return services.run_dekad_round(d(8, 1), county=w.county).as_dict()
        return services.escalate_letter(w.hq, assignment, reason="逾期未回复", on=d(8, 1)).pk

    results = in_threads(2, work)
    errors = [r for r in results if isinstance(r, Exception)]
    # The escalate action may find the letter already escalated by the round: a conflict, said so, never a crash.
    assert all(type(e).__name__ == "ConflictError" for e in errors), errors
    assert Letter.objects.filter(kind="supervision", project=w.project).count() == 1
    assignment.refresh_from_db()
    assert assignment.status == "escalated"
    assert assignment.escalated_to == Letter.objects.get(kind="supervision", project=w.project)
