"""Nothing lost: back up, wipe, restore, and find every row as it was — through the real commands.

Runs on the scratch database of the deployment tests (tests/deploy/conftest.py: the suite's kind of
database, the demo county, and whatever the crash and deployment tests wrote into it), with the production
settings. Restoring gives the database back exactly as it was, so the order of the tests does not matter.
"""

import json

import pytest

from tests.deploy.servers import wumei

pytestmark = [pytest.mark.deploy, pytest.mark.slow]


def ok(env: dict, *args: str) -> str:
    done = wumei(list(args), env, timeout=300)
    assert done.returncode == 0, f"wumei {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def canonical_dump(env: dict) -> list[dict]:
    """Every row of every table, in a fixed order; the restore's own audit event left out."""
    rows = json.loads(ok(env, "dumpdata", "--indent", "0"))
    return [row for row in rows
            if not (row["model"] == "audit.auditevent" and row["fields"]["action"] == "ops.restore")]


def count_projects(env: dict) -> int:
    out = ok(env, "shell", "-v0", "-c", "from wumei.projects.models import Project; print(Project.objects.count())")
    return int(out.split()[-1])


def test_back_up_wipe_restore_and_every_row_is_back(server_db, tmp_path):
    env = server_db.env
    before = canonical_dump(env)
    assert sum(row["model"] == "projects.project" for row in before) > 0
    assert any(row["model"] == "audit.auditevent" for row in before)

    out = ok(env, "backup", "--dest", str(tmp_path / "backups"))
    (backup,) = [p for p in (tmp_path / "backups").iterdir() if p.suffix in (".sqlite3", ".pgdump")]
    assert f"已备份到 {backup}" in out
    manifest = json.loads(backup.with_name(backup.name + ".json").read_text())
    assert manifest["database"] == server_db.vendor

    # The wipe: every table emptied (`wumei flush` lifts the audit log's guards while it runs) — whatever
    # records protect which, as new apps add them.
    ok(env, "flush", "--no-input")

    # A damaged copy is refused and leaves the database as it is (empty).
    damaged = tmp_path / "damaged" / backup.name
    damaged.parent.mkdir()
    data = bytearray(backup.read_bytes())
    data[-100] ^= 0xFF
    damaged.write_bytes(bytes(data))
    damaged.with_name(damaged.name + ".sha256").write_text(
        backup.with_name(backup.name + ".sha256").read_text())
    refused = wumei(["restore", str(damaged), "--yes"], env)
    assert refused.returncode != 0
    assert "已损坏（SHA-256 校验和不符），拒绝恢复" in refused.stderr
    assert count_projects(env) == 0

    out = ok(env, "restore", str(backup), "--yes")
    assert "校验和一致" in out and "审计日志完整" in out
    assert canonical_dump(env) == before
    ok(env, "verify_audit")
