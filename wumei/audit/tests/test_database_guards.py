"""The database itself keeps the log append-only: raw SQL cannot change or delete events."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import IntegrityError, connection, transaction

from wumei.audit import guards
from wumei.audit.models import AuditCheckpoint, AuditEvent
from wumei.audit.services import record, verify_chain

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# Old enough by the database's own (real) clock for the 180-day floor in the triggers.
LONG_AGO = datetime.datetime(2025, 1, 6, 9, tzinfo=SHANGHAI)


def refused(raw_sql, sql, params=None) -> bool:
    try:
        with transaction.atomic():
            raw_sql.run(sql, params)
    except IntegrityError as exc:
        assert "审计" in str(exc)
        return True
    return False


@pytest.fixture
def old_events(db):
    with time_machine.travel(LONG_AGO, tick=False):
        return [record(None, "calendar.seed", note=str(n)) for n in range(3)]


def test_raw_update_and_delete_are_refused(world, raw_sql):
    event = record(world.hq, "unit.update", world.unit, note="原文")
    assert refused(raw_sql, "UPDATE audit_auditevent SET note = %s WHERE id = %s", ["改写", event.pk])
    assert refused(raw_sql, "DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).note == "原文"
    assert verify_chain().ok


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncate_is_refused(world, raw_sql):
    record(world.hq, "unit.update", world.unit)
    raw_sql.run("SET CONSTRAINTS ALL IMMEDIATE")  # else PostgreSQL refuses for the pending foreign-key check
    assert refused(raw_sql, "TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == 1


def test_even_old_events_cannot_be_deleted_without_a_checkpoint(old_events, raw_sql):
    assert refused(raw_sql, "DELETE FROM audit_auditevent WHERE sequence = 1")


def test_events_covered_by_a_checkpoint_and_older_than_180_days_may_be_deleted(old_events, raw_sql):
    AuditCheckpoint.objects.create(through_sequence=2, through_hash=old_events[1].hash,
                                   before=datetime.date(2025, 1, 7), deleted=2)
    assert refused(raw_sql, "DELETE FROM audit_auditevent WHERE sequence = 3")  # not covered
    assert raw_sql.run("DELETE FROM audit_auditevent WHERE sequence <= 2") == 2


def test_a_checkpoint_does_not_let_young_events_go(world, raw_sql):
    young = record(world.hq, "unit.update", world.unit)
    AuditCheckpoint.objects.create(through_sequence=young.sequence, through_hash=young.hash,
                                   before=datetime.date.today(), deleted=1)
    assert refused(raw_sql, "DELETE FROM audit_auditevent WHERE sequence = %s", [young.sequence])


def test_checkpoints_cannot_be_changed_or_deleted(old_events, raw_sql):
    AuditCheckpoint.objects.create(through_sequence=1, through_hash=old_events[0].hash,
                                   before=datetime.date(2025, 1, 7), deleted=1)
    assert refused(raw_sql, "UPDATE audit_auditcheckpoint SET through_sequence = 3")
    assert refused(raw_sql, "DELETE FROM audit_auditcheckpoint")


def test_the_triggers_come_back_after_migrate(db):
    """SQLite drops a table's triggers when a migration rebuilds it; migrate puts them back."""
    guards.remove(connection)
    assert not guards.installed(connection)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert guards.installed(connection)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # see test_rollback.py
def test_flush_empties_the_database_and_keeps_the_triggers():
    record(None, "calendar.seed")
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    assert guards.installed(connection)
