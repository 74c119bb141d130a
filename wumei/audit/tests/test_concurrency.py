"""Concurrent writers never fork the chain: every event gets its own sequence and links to the one before.

PostgreSQL: threads of this process, each with its own connection, serialised by the advisory lock.
SQLite: separate processes on a file database, serialised by BEGIN IMMEDIATE.
"""

import os
import subprocess  # noqa: S404
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from wumei.audit.models import AuditEvent
from wumei.audit.services import record, verify_chain

WRITERS, EACH = 4, 10


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads share one SQLite test database")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # see test_rollback.py
def test_concurrent_writers_on_postgresql_keep_one_chain():
    barrier = threading.Barrier(WRITERS)
    errors = []

    def write(writer: int):
        try:
            barrier.wait()
            for n in range(EACH):
                with transaction.atomic():
                    record(None, "calendar.seed", note=f"{writer}-{n}")
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(AuditEvent.objects.values_list("sequence", flat=True)) == list(range(1, WRITERS * EACH + 1))
    result = verify_chain()
    assert result.ok, result.message


WRITE = f"""
from django.db import transaction
from wumei.audit.services import record
for n in range({EACH}):
    if n % 2:
        record(None, "calendar.seed", note=str(n))  # on its own: record opens the transaction
    else:
        with transaction.atomic():
            record(None, "calendar.seed", note=str(n))
"""


@pytest.mark.slow
def test_concurrent_processes_on_sqlite_keep_one_chain(tmp_path):
    env = dict(os.environ, WUMEI_DATABASE_URL=f"sqlite:///{tmp_path / 'wumei.sqlite3'}",
               WUMEI_VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="wumei.config.settings")

    def wumei(*args):
        return subprocess.Popen([sys.executable, "-m", "wumei", *args], env=env, cwd=Path(settings.BASE_DIR),  # noqa: S603
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def finished(process):
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        return out

    finished(wumei("migrate", "--no-input", "-v0"))
    writers = [wumei("shell", "-v0", "-c", WRITE) for _ in range(WRITERS)]
    for process in writers:
        finished(process)
    out = finished(wumei("verify_audit"))
    assert f"审计日志完整：校验 {WRITERS * EACH} 条（第 1–{WRITERS * EACH} 条）" in out
