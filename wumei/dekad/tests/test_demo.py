"""The demo history of 每旬必督: the round run over the past dekads of the demo county, its letters lived
through (issued, answered, closed, escalated), some still open, the current dekad's drafts waiting."""

import datetime
import random
from collections import Counter

import pytest

from wumei.dekad import demo, rules
from wumei.dekad.models import DekadRound, DispatchOrder, Letter, LetterEvent, NumberCounter, WorkReminder

TODAY = datetime.date(2027, 6, 16)


@pytest.fixture
def world_(db):
    """The demo county with its whole history (problems, visits, daily reports), then the dekad rounds."""
    from wumei.demo.builder import load_demo
    from wumei.demo.history import seed_history

    result = load_demo(seed=1, today=TODAY, history=False)
    seed_history(result.county, TODAY, 1, only=('problems', 'weekly', 'daily', 'tasks'))
    return result, demo.seed(result.county, TODAY, random.Random(7))


def test_the_round_ran_at_every_dekad_start_of_the_past_half_year(world_):
    result, counts = world_
    rounds = list(DekadRound.objects.filter(county=result.county).order_by("dekad_start"))
    assert counts["dekad_rounds"] == len(rounds) == len(demo.round_days(TODAY)) >= 18
    assert rounds[-1].dekad == "2027-06中旬" and rounds[0].dekad_start >= TODAY - datetime.timedelta(days=182)


def test_letters_of_every_kind_mostly_issued_answered_and_closed_some_open(world_):
    result, counts = world_
    letters = list(Letter.objects.filter(county=result.county))
    kinds = Counter(letter.kind for letter in letters)
    statuses = Counter(letter.status for letter in letters)
    assert counts["letters"] == len(letters) >= 30
    assert all(kinds[k] > 0 for k in rules.KIND_ORDER)
    issued = [x for x in letters if x.issued_on]
    assert len(issued) / len(letters) > 0.6
    assert statuses["closed"] > statuses["answered"] > 0
    assert statuses["issued"] + statuses["received"] > 0  # still awaiting an answer
    assert statuses["draft"] > 0  # the current dekad's drafts wait for the HQ office
    assert all(x.dekad == "2027-06中旬" for x in letters if x.status == "draft")


def test_numbers_run_per_kind_and_year_without_gaps_in_issuing_order(world_):
    result, _ = world_
    for counter in NumberCounter.objects.filter(county=result.county).exclude(series="dispatch"):
        issued = list(Letter.objects.filter(county=result.county, kind=counter.series, year=counter.year)
                      .order_by("number").values_list("number", "issued_on"))
        assert [n for n, _ in issued] == list(range(1, counter.last_number + 1))
        assert [d for _, d in issued] == sorted(d for _, d in issued)


def test_unanswered_assignment_letters_became_supervision_letters_by_the_rule(world_):
    result, _ = world_
    escalated = Letter.objects.filter(county=result.county, status="escalated", kind="assignment")
    assert escalated.exists()
    for letter in escalated:
        assert letter.escalated_to.kind == "supervision"
        assert letter.escalated_to.rule == "supervision.assignment_unanswered"
        assert letter.reply_due_on < letter.escalated_to.drafted_on


def test_history_rows_carry_their_own_dates(world_):
    result, _ = world_
    for event in LetterEvent.objects.filter(letter__county=result.county, action__in=["issue", "answer", "close"]):
        assert event.on < TODAY and event.at.date() == event.on


def test_work_reminders_and_dispatch_orders(world_):
    result, counts = world_
    subjects = Counter(WorkReminder.objects.filter(county=result.county).values_list("subject", flat=True))
    assert counts["work_reminders"] == sum(subjects.values()) > 20
    assert all(subjects[s] > 0 for s in WorkReminder.Subject.values), subjects
    orders = list(DispatchOrder.objects.filter(county=result.county).order_by("number"))
    assert counts["dispatch_orders"] == len(orders) >= 2 and orders[0].doc_number.endswith("〔2027〕1号")


def test_seeding_again_writes_nothing(world_):
    result, _ = world_
    before = Letter.objects.count()
    assert demo.seed(result.county, TODAY, random.Random(7))["letters"] == 0
    assert Letter.objects.count() == before
