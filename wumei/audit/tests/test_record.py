"""Writing the chain: numbering, links, what is hashed is what is kept, cost."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from wumei.audit import chain
from wumei.audit.models import AuditEvent
from wumei.audit.services import CHAIN_LOCK, record


def test_events_are_numbered_without_gaps_and_each_links_to_the_one_before(world):
    first = record(world.hq, "unit.create", world.unit)
    second = record(None, "calendar.seed")
    third = record(world.commander, "project.update", world.project, before={"a": 1}, after={"a": 2})
    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    assert first.prev_hash == chain.GENESIS_HASH
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3


def test_the_stored_event_hashes_to_its_hash(world):
    """What the database gives back — jsonb reorders keys and respells numbers — hashes the same."""
    event = record(world.hq, "project.update", world.project,
                   before={"z": 1e20, "a": [1.0, Decimal("2.50"), datetime.date(2026, 3, 1)], 3: "三"},
                   after={"nested": {"b": None, "a": True}, "money": Decimal("12345.6789")},
                   note="多行\n说明", region_code=world.county.code)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert chain.event_hash({name: getattr(stored, name) for name in chain.HASHED_FIELDS}) == event.hash
    assert stored.before["3"] == "三" and stored.after["money"] == "12345.6789"


def test_a_rolled_back_event_leaves_no_gap(world):
    record(None, "calendar.seed")
    with pytest.raises(RuntimeError), transaction.atomic():
        record(world.hq, "unit.update", world.unit)
        raise RuntimeError("业务失败")
    after = record(world.hq, "unit.update", world.unit)
    assert after.sequence == 2
    assert list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True)) == [1, 2]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # see test_rollback.py
def test_an_event_written_outside_a_transaction_opens_its_own_and_commits():
    assert not transaction.get_connection().in_atomic_block
    event = record(None, "calendar.seed")
    second = record(None, "calendar.seed")
    assert not transaction.get_connection().in_atomic_block
    assert list(AuditEvent.objects.values_list("sequence", flat=True).order_by("sequence")) == [1, 2]
    assert second.prev_hash == event.hash


def test_writing_an_event_costs_two_queries(world, django_assert_max_num_queries):
    record(None, "calendar.seed")
    with django_assert_max_num_queries(2):
        record(world.hq, "unit.update", world.unit, after={"name": "新名称"})


def test_the_postgresql_head_function_takes_the_chain_lock():
    from wumei.audit.guards import POSTGRESQL_FUNCTIONS

    head_function = next(sql for sql in POSTGRESQL_FUNCTIONS if "wumei_audit_chain_head" in sql)
    assert f"pg_advisory_xact_lock({CHAIN_LOCK})" in head_function


def test_an_actor_given_as_text_is_named(db):
    event = record("命令行（root）", "audit.prune")
    assert (event.actor, event.actor_name) == (None, "命令行（root）")


def test_an_account_that_has_acted_cannot_be_deleted(world):
    from django.db.models import ProtectedError

    record(world.hq, "unit.update", world.unit)
    with pytest.raises(ProtectedError):
        world.hq.delete()


def test_a_batch_continues_the_chain_event_by_event_and_verifies(world):
    from wumei.audit.services import Entry, record_many, verify_chain

    first = record(world.hq, "unit.create", world.unit)
    batch = record_many(world.hq, [Entry("project.create", world.project, after={"n": 1}),
                                   Entry("project.create", world.other, after={"n": 2}, region_code="430424")])
    last = record(None, "calendar.seed")
    assert [e.sequence for e in batch] == [2, 3] and last.sequence == 4
    assert batch[0].prev_hash == first.hash and batch[1].prev_hash == batch[0].hash and last.prev_hash == batch[1].hash
    stored = AuditEvent.objects.get(sequence=3)
    assert (stored.object_id, stored.after, stored.actor_name) == (str(world.other.pk), {"n": 2}, "hq_office")
    assert verify_chain().ok
