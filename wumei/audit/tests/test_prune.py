"""`wumei prune_audit`: only past the retention (at least 180 days); the chain stays verifiable."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from wumei.audit.models import AuditCheckpoint, AuditEvent
from wumei.audit.services import PRUNE_ACTION, prune_events, record, retention_days, verify_chain

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2025, 9, 1)


def at(day: datetime.date, hour: int = 9):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def history(db):
    """Two events a day on 2025-01-01 … 2025-01-10, all older than 180 days by any clock."""
    for offset in range(10):
        day = datetime.date(2025, 1, 1) + datetime.timedelta(days=offset)
        with at(day):
            record(None, "calendar.set_day", note=f"{day} 上午")
        with at(day, 23):
            record(None, "calendar.set_day", note=f"{day} 深夜")


def test_retention_is_at_least_180_days(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    assert retention_days() == 180
    settings.AUDIT_RETENTION_DAYS = 365
    assert retention_days() == 365


def test_a_date_inside_the_retention_is_refused(history):
    with pytest.raises(ValidationError) as exc, at(TODAY):
        prune_events(None, before=TODAY - datetime.timedelta(days=179), today=TODAY)
    assert "审计日志至少保留 180 天" in exc.value.message_dict["before"][0]
    assert AuditEvent.objects.count() == 20


def test_the_last_day_outside_the_retention_is_allowed(history):
    with at(TODAY):
        pruned = prune_events(None, before=TODAY - datetime.timedelta(days=180), today=TODAY)
    assert pruned.deleted == 20


def test_a_longer_configured_retention_is_enforced(history, settings):
    settings.AUDIT_RETENTION_DAYS = 365
    with pytest.raises(ValidationError, match="至少保留 365 天"), at(TODAY):
        prune_events(None, before=datetime.date(2025, 1, 5), today=TODAY)


def test_pruning_deletes_the_older_events_keeps_a_checkpoint_and_is_audited(history):
    with at(TODAY):
        pruned = prune_events("命令行（root）", before=datetime.date(2025, 1, 4), today=TODAY)
    assert pruned.deleted == 6  # 1, 2 and 3 January, two a day (local dates)
    checkpoint = AuditCheckpoint.objects.get()
    assert (checkpoint.through_sequence, checkpoint.deleted) == (6, 6)
    assert AuditEvent.objects.order_by("sequence").first().sequence == 7
    event = AuditEvent.objects.get(action=PRUNE_ACTION)
    assert event.actor_name == "命令行（root）"
    assert event.after == {"before": "2025-01-04", "through_sequence": 6, "through_hash": pruned.through_hash,
                           "deleted": 6}
    result = verify_chain()
    assert result.ok, result.message
    assert (result.first_sequence, result.head_sequence, result.checked) == (7, 21, 15)


def test_pruning_twice_and_then_writing_keeps_the_chain_whole(history):
    with at(TODAY):
        prune_events(None, before=datetime.date(2025, 1, 3), today=TODAY)
        prune_events(None, before=datetime.date(2025, 1, 8), today=TODAY)
        record(None, "calendar.seed")
    assert AuditCheckpoint.objects.count() == 2
    result = verify_chain()
    assert result.ok, result.message
    assert result.checkpoint_sequence == 14


def test_pruning_everything_old_leaves_the_chain_resumable(history):
    with at(TODAY):
        prune_events(None, before=datetime.date(2025, 2, 1), today=TODAY)
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [PRUNE_ACTION]
    assert AuditEvent.objects.get().sequence == 21
    assert verify_chain().ok


def test_nothing_to_prune_writes_nothing(history):
    with at(TODAY):
        pruned = prune_events(None, before=datetime.date(2024, 12, 1), today=TODAY)
    assert pruned.deleted == 0
    assert not AuditCheckpoint.objects.exists()
    assert not AuditEvent.objects.filter(action=PRUNE_ACTION).exists()


def test_a_checkpoint_forged_to_delete_events_is_found(history, raw_sql):
    """The database lets checkpointed old events go; a checkpoint not written by prune_audit is found."""
    sixth = AuditEvent.objects.get(sequence=6)
    AuditCheckpoint.objects.create(through_sequence=6, through_hash=sixth.hash, before=datetime.date(2025, 1, 4),
                                   deleted=6)
    raw_sql.run("DELETE FROM audit_auditevent WHERE sequence <= 6")
    result = verify_chain()
    assert not result.ok
    assert result.problem.message == "清理检查点（第 6 条）没有对应的清理审计记录"


def test_the_command_prunes_and_reports(history):
    out = io.StringIO()
    with at(TODAY):
        call_command("prune_audit", "--before", "2025-01-03", stdout=out)
    assert "已清理 4 条审计记录（至第 4 条）" in out.getvalue()
    assert AuditEvent.objects.get(action=PRUNE_ACTION).actor_name.startswith("命令行（")


def test_the_command_refuses_a_young_date_in_chinese(history):
    with at(TODAY), pytest.raises(CommandError, match="审计日志至少保留 180 天：今天（2025-09-01）只能清理 2025-03-05"):
        call_command("prune_audit", "--before", "2025-08-01")


def test_the_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD"):
        call_command("prune_audit", "--before", "2025/08/01")
