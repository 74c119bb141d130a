"""Writing the audit log. Every service calls `record` inside its own transaction.

The log is a hash chain (wumei.audit.chain): each event carries the next sequence number and the hash of
the event before. Writers are serialised so that the chain never forks — on PostgreSQL by a transaction-
scoped advisory lock, on SQLite by the write lock every transaction takes at BEGIN IMMEDIATE — and the
event is written in the caller's transaction: if the audit write fails, the change it records fails too.
"""

import dataclasses
import datetime
import decimal
import json
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from wumei.audit import chain, guards
from wumei.audit.models import AuditCheckpoint, AuditEvent
from wumei.config.env import env_int

# pg_advisory_xact_lock key of the audit chain ("wumei" in ASCII).
CHAIN_LOCK = 0x77756D6569
PRUNE_ACTION = "audit.prune"


def _plain(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def _stored(value: Any) -> Any:
    """`value` as the JSON column gives it back (string keys, lists), so that the hash is of what is kept."""
    return None if value is None else json.loads(json.dumps(_plain(value)))


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj`, JSON-ready (foreign keys as ids)."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _plain(getattr(obj, name)) for name in names}


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[dict, dict]:
    """Keep only the keys whose values changed."""
    if not before or not after:
        return before or {}, after or {}
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _lock_chain() -> None:
    """Serialise writers of the chain until the end of the current transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


HEAD_SQL = """
    SELECT sequence, hash FROM audit_auditevent
    WHERE sequence = (SELECT MAX(sequence) FROM audit_auditevent)
    UNION ALL
    SELECT through_sequence, through_hash FROM audit_auditcheckpoint
    WHERE through_sequence = (SELECT MAX(through_sequence) FROM audit_auditcheckpoint)
    ORDER BY 1 DESC LIMIT 1"""


def head() -> tuple[int, str]:
    """The sequence and hash the next event links to: the newest event's, else the newest checkpoint's,
    else (0, genesis). One query."""
    with connection.cursor() as cursor:
        cursor.execute(HEAD_SQL)
        row = cursor.fetchone()
    return (row[0], row[1]) if row else (0, chain.GENESIS_HASH)


def _locked_head() -> tuple[int, str]:
    """Take the chain's lock and read its head: one query on PostgreSQL (a function doing both), one on
    SQLite (the transaction already holds the write lock)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT head_sequence, head_hash FROM wumei_audit_chain_head()")
            sequence, digest = cursor.fetchone()
        return (sequence, digest) if sequence is not None else (0, chain.GENESIS_HASH)
    return head()


@dataclasses.dataclass(frozen=True)
class Entry:
    """One event of a batch written by `record_many`."""

    action: str
    obj: models.Model | None = None
    before: dict | None = None
    after: dict | None = None
    note: str = ""
    region_code: str = ""


def record(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    region_code: str = "",
) -> AuditEvent:
    """Append one audit event. Must run inside the caller's transaction (it opens one if there is none).

    No savepoint of its own: a failure marks the caller's transaction for rollback, so a change whose
    audit event could not be written is never committed.
    """
    return record_many(actor, [Entry(action, obj, before, after, note, region_code)])[0]


def record_many(actor, entries: list[Entry]) -> list[AuditEvent]:
    """Append a batch of events in one statement (bulk writes such as an import): one lock, the chain
    continued event by event in memory, one INSERT. Same transaction rules as `record`."""
    if not entries:
        return []
    user = actor if getattr(actor, "is_authenticated", False) else None
    actor_name = (user.get_username() if user else (str(actor) if actor else "系统"))[:150]
    with transaction.atomic(savepoint=False):
        sequence, prev_hash = _locked_head()
        at = timezone.now()
        events = []
        for entry in entries:
            obj = entry.obj
            sequence += 1
            event = AuditEvent(
                sequence=sequence,
                at=at,
                actor=user,
                actor_name=actor_name,
                action=entry.action,
                object_type=obj._meta.label_lower if obj is not None else "",
                object_id=str(obj.pk) if obj is not None else "",
                object_repr=str(obj)[:255] if obj is not None else "",
                before=_stored(entry.before),
                after=_stored(entry.after),
                note=entry.note,
                region_code=entry.region_code,
                prev_hash=prev_hash,
            )
            event.hash = prev_hash = chain.event_hash(_hashed(event))
            events.append(event)
        if len(events) == 1:
            events[0].save(force_insert=True)
        else:
            AuditEvent.objects.bulk_create(events, batch_size=500)
    return events


def _hashed(event: AuditEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in chain.HASHED_FIELDS}


# ---------------------------------------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Problem:
    sequence: int
    kind: str  # tampered | missing | relinked | checkpoint | anchor | guards
    message: str


@dataclasses.dataclass
class Verification:
    checked: int = 0
    first_sequence: int | None = None
    head_sequence: int = 0
    head_hash: str = chain.GENESIS_HASH
    checkpoint_sequence: int | None = None
    guards: bool = True
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.guards

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "first_sequence": self.first_sequence,
            "head": {"sequence": self.head_sequence, "hash": self.head_hash},
            "checkpoint_sequence": self.checkpoint_sequence,
            "guards": self.guards,
            "problem": dataclasses.asdict(self.problem) if self.problem else None,
            "message": self.message,
        }

    @property
    def message(self) -> str:
        if self.problem is not None:
            return self.problem.message
        if not self.guards:
            return "审计日志的数据库保护触发器缺失：数据库不再拒绝修改和删除审计记录"
        if not self.checked:
            return "审计日志为空，链完整"
        span = (f"第 {self.head_sequence} 条" if self.first_sequence == self.head_sequence
                else f"第 {self.first_sequence}–{self.head_sequence} 条")
        return f"审计日志完整：校验 {self.checked} 条（{span}），链头哈希 {self.head_hash}"


VERIFY_FIELDS = ("id", *chain.HASHED_FIELDS, "hash")


def verify_chain(*, anchor: tuple[int, str] | None = None, chunk_size: int = 2000) -> Verification:
    """Walk the chain in sequence order and report the first tampered or missing event.

    `anchor` (sequence, hash), e.g. from an earlier run or a backup's manifest, must still be in the
    chain: it catches events removed from the end, which the chain alone cannot show.
    """
    result = Verification(guards=guards.installed(connection))
    checkpoint = AuditCheckpoint.objects.order_by("-through_sequence").first()
    expected_sequence, expected_prev = 1, chain.GENESIS_HASH
    if checkpoint is not None:
        result.checkpoint_sequence = checkpoint.through_sequence
        expected_sequence, expected_prev = checkpoint.through_sequence + 1, checkpoint.through_hash
    result.head_sequence, result.head_hash = expected_sequence - 1, expected_prev
    vouched = checkpoint is None
    anchor_seen = anchor is None or anchor == (result.head_sequence, result.head_hash)
    rows = AuditEvent.objects.order_by("sequence").values(*VERIFY_FIELDS).iterator(chunk_size=chunk_size)
    for row in rows:
        sequence = row["sequence"]
        if sequence != expected_sequence:
            result.problem = Problem(expected_sequence, "missing", _missing_message(expected_sequence, sequence))
            return result
        if chain.event_hash(row) != row["hash"]:
            result.problem = Problem(sequence, "tampered", f"第 {sequence} 条审计记录被篡改（哈希不符）")
            return result
        if row["prev_hash"] != expected_prev:
            result.problem = _relinked(sequence, checkpoint)
            return result
        if result.first_sequence is None:
            result.first_sequence = sequence
        if not vouched and row["action"] == PRUNE_ACTION and isinstance(row["after"], dict):
            vouched = row["after"].get("through_sequence") == checkpoint.through_sequence
        if anchor is not None and sequence == anchor[0]:
            anchor_seen = row["hash"] == anchor[1]
        result.checked += 1
        result.head_sequence, result.head_hash = sequence, row["hash"]
        expected_sequence, expected_prev = sequence + 1, row["hash"]
    if not vouched:
        result.problem = Problem(checkpoint.through_sequence, "checkpoint",
                                 f"清理检查点（第 {checkpoint.through_sequence} 条）没有对应的清理审计记录")
    elif not anchor_seen:
        result.problem = _anchor_problem(anchor, result)
    return result


def _missing_message(expected: int, found: int) -> str:
    if found < expected:
        return f"第 {found} 条审计记录重复或顺序错乱（应为第 {expected} 条）"
    if found == expected + 1:
        return f"第 {expected} 条审计记录缺失"
    return f"第 {expected}–{found - 1} 条审计记录缺失"


def _relinked(sequence: int, checkpoint: AuditCheckpoint | None) -> Problem:
    if checkpoint is not None and sequence == checkpoint.through_sequence + 1:
        return Problem(sequence, "relinked",
                       f"第 {sequence} 条审计记录与清理检查点不符（前一条哈希不符）：检查点或该记录被篡改")
    return Problem(sequence - 1, "relinked",
                   f"第 {sequence - 1} 条审计记录被篡改或替换（与第 {sequence} 条记录的链接不符）")


def _anchor_problem(anchor: tuple[int, str], result: Verification) -> Problem:
    sequence, _ = anchor
    if sequence > result.head_sequence:
        return Problem(result.head_sequence + 1, "anchor",
                       f"第 {result.head_sequence + 1}–{sequence} 条审计记录缺失（链尾被删除，锚点第 {sequence} 条不在链中）")
    return Problem(sequence, "anchor", f"第 {sequence} 条审计记录与锚点哈希不符（链被改写）")


# ---------------------------------------------------------------------------------------------------------
# Retention
# ---------------------------------------------------------------------------------------------------------

def retention_days() -> int:
    """The configured retention (WUMEI_AUDIT_RETENTION_DAYS), never less than 180 days (等保 2.0)."""
    configured = getattr(settings, "AUDIT_RETENTION_DAYS", None)
    if configured is None:
        configured = env_int("AUDIT_RETENTION_DAYS", guards.MIN_RETENTION_DAYS)
    return max(guards.MIN_RETENTION_DAYS, int(configured))


def latest_prunable(today: datetime.date, days: int | None = None) -> datetime.date:
    """The latest `before` date a prune may use on `today`: everything younger than the retention stays."""
    return today - datetime.timedelta(days=max(guards.MIN_RETENTION_DAYS, days or retention_days()))


@dataclasses.dataclass(frozen=True)
class Pruned:
    deleted: int
    through_sequence: int | None = None
    through_hash: str = ""


def prune_events(actor, *, before: datetime.date, today: datetime.date) -> Pruned:
    """Delete the events older than `before` (a local date), keeping the chain verifiable.

    Refused when `before` is inside the retention period. The last pruned event's sequence and hash are
    written as a checkpoint first (the database lets only checkpointed events go), then the events are
    deleted, then the pruning itself is recorded as an audit event that vouches for the checkpoint.
    """
    limit = latest_prunable(today)
    if before > limit:
        raise ValidationError({"before": (
            f"审计日志至少保留 {retention_days()} 天：今天（{today}）只能清理 {limit} 及以前的记录"
        )})
    cutoff = timezone.make_aware(datetime.datetime.combine(before, datetime.time.min))
    with transaction.atomic():
        _lock_chain()
        last = (AuditEvent.objects.filter(at__lt=cutoff).order_by("-sequence")
                .values_list("sequence", "hash").first())
        if last is None:
            return Pruned(deleted=0)
        through_sequence, through_hash = last
        count = AuditEvent.objects.filter(sequence__lte=through_sequence).count()
        AuditCheckpoint.objects.create(
            through_sequence=through_sequence, through_hash=through_hash, before=before, deleted=count)
        with connection.cursor() as cursor:
            # The controlled path the triggers allow: rows covered by the checkpoint, past 180 days.
            cursor.execute(f"DELETE FROM {guards.EVENTS} WHERE sequence <= %s", [through_sequence])  # noqa: S608 — constant table name, bound value  # nosec B608
            deleted = cursor.rowcount
        record(actor, PRUNE_ACTION, after={
            "before": before, "through_sequence": through_sequence, "through_hash": through_hash,
            "deleted": deleted,
        }, note=f"清理 {before} 之前的审计记录 {deleted} 条")
    return Pruned(deleted=deleted, through_sequence=through_sequence, through_hash=through_hash)
