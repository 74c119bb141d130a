"""Database triggers that keep the audit log append-only even for raw SQL.

- Events: UPDATE is always refused. DELETE is refused unless the row is covered by a pruning checkpoint
  (its sequence is at or below the newest checkpoint's) and is older than MIN_RETENTION_DAYS by the
  database's own clock — so the only way to remove events is `prune_audit`, which writes the checkpoint
  first, and even it cannot remove anything younger than 180 days. TRUNCATE is refused (PostgreSQL).
- Checkpoints: never updated or deleted.

The ORM guard in models.py catches mistakes in Python; these catch everything else short of dropping the
triggers, which needs the table owner's rights (and `verify_audit` reports missing triggers).

SQLite rebuilds a table to alter it, dropping its triggers; `install` is therefore idempotent and runs
after every `migrate` (see apps.py), and `flush` (which empties every table) lifts them for its duration.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

MIN_RETENTION_DAYS = 180

EVENTS = "audit_auditevent"
CHECKPOINTS = "audit_auditcheckpoint"
# The SQL below spells the table names and MIN_RETENTION_DAYS out: it is fixed text, never formatted.

SQLITE_TRIGGERS = {
    "audit_event_no_update": """
        CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent
        BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改'); END""",
    "audit_event_no_delete": """
        CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_auditevent
        WHEN OLD.sequence > (SELECT COALESCE(MAX(through_sequence), 0) FROM audit_auditcheckpoint)
          OR OLD."at" >= strftime('%Y-%m-%d %H:%M:%f', 'now', '-180 days')
        BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除（只能经 prune_audit 清理保留期以外的记录）'); END""",
    "audit_checkpoint_no_update": """
        CREATE TRIGGER IF NOT EXISTS audit_checkpoint_no_update BEFORE UPDATE ON audit_auditcheckpoint
        BEGIN SELECT RAISE(ABORT, '审计清理检查点不能修改'); END""",
    "audit_checkpoint_no_delete": """
        CREATE TRIGGER IF NOT EXISTS audit_checkpoint_no_delete BEFORE DELETE ON audit_auditcheckpoint
        BEGIN SELECT RAISE(ABORT, '审计清理检查点不能删除'); END""",
}

# restrict_violation (SQLSTATE 23001): an integrity error, as SQLite's RAISE(ABORT) is.
POSTGRESQL_FUNCTIONS = [
    """
    CREATE OR REPLACE FUNCTION wumei_audit_event_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF OLD.sequence <= (SELECT COALESCE(MAX(through_sequence), 0) FROM audit_auditcheckpoint)
               AND OLD."at" < now() - interval '180 days' THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION '审计日志只能追加，不能删除（只能经 prune_audit 清理保留期以外的记录）'
                USING ERRCODE = 'restrict_violation';
        END IF;
        IF TG_OP = 'TRUNCATE' THEN
            RAISE EXCEPTION '审计日志只能追加，不能清空' USING ERRCODE = 'restrict_violation';
        END IF;
        RAISE EXCEPTION '审计日志只能追加，不能修改' USING ERRCODE = 'restrict_violation';
    END $$""",
    """
    CREATE OR REPLACE FUNCTION wumei_audit_checkpoint_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '审计清理检查点不能修改或删除（%）', TG_OP USING ERRCODE = 'restrict_violation';
    END $$""",
]
# Not a guard but installed with them: the head of the chain, read after taking the chain's advisory lock
# (key 0x77756D6569, services.CHAIN_LOCK), in one round trip. A VOLATILE function's statements each take a
# fresh snapshot, so the read sees an event committed by the writer who held the lock before.
POSTGRESQL_FUNCTIONS.append("""
    CREATE OR REPLACE FUNCTION wumei_audit_chain_head(OUT head_sequence bigint, OUT head_hash varchar)
    LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
        PERFORM pg_advisory_xact_lock(513071211881);
        SELECT sequence, hash INTO head_sequence, head_hash FROM audit_auditevent ORDER BY sequence DESC LIMIT 1;
        IF NOT FOUND THEN
            SELECT through_sequence, through_hash INTO head_sequence, head_hash
            FROM audit_auditcheckpoint ORDER BY through_sequence DESC LIMIT 1;
        END IF;
    END $$""")
POSTGRESQL_TRIGGERS = {
    "audit_event_append_only": (EVENTS, "BEFORE UPDATE OR DELETE", "ROW", "wumei_audit_event_guard"),
    "audit_event_no_truncate": (EVENTS, "BEFORE TRUNCATE", "STATEMENT", "wumei_audit_event_guard"),
    "audit_checkpoint_append_only": (CHECKPOINTS, "BEFORE UPDATE OR DELETE", "ROW", "wumei_audit_checkpoint_guard"),
    "audit_checkpoint_no_truncate": (CHECKPOINTS, "BEFORE TRUNCATE", "STATEMENT", "wumei_audit_checkpoint_guard"),
}


def names(connection: BaseDatabaseWrapper) -> list[str]:
    if connection.vendor == "postgresql":
        return list(POSTGRESQL_TRIGGERS)
    if connection.vendor == "sqlite":
        return list(SQLITE_TRIGGERS)
    return []


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the triggers where they are missing (idempotent)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in SQLITE_TRIGGERS.values():
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            for sql in POSTGRESQL_FUNCTIONS:
                cursor.execute(sql)
            for name, (table, when, level, function) in POSTGRESQL_TRIGGERS.items():
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {name} {when} ON {table} "  # noqa: S608 — constants only
                    f"FOR EACH {level} EXECUTE FUNCTION {function}()"
                )


def remove(connection: BaseDatabaseWrapper) -> None:
    """Drop the triggers (for `flush`, which empties the whole database, and for tests that tamper)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif connection.vendor == "postgresql":
            for name, (table, *_rest) in POSTGRESQL_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")


def installed(connection: BaseDatabaseWrapper) -> bool:
    """Whether every trigger is in place."""
    expected = set(names(connection))
    if not expected:
        return True
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' "
                "AND tgrelid IN (%s::regclass, %s::regclass)", [EVENTS, CHECKPOINTS])
        present = {row[0] for row in cursor.fetchall()}
    return expected <= present
