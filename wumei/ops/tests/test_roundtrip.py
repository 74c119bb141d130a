"""Nothing lost: back up, wipe, restore, and find every row as it was — through the real commands.

Runs on the kind of database the suite runs on: with SQLite a file database under tmp_path (not the
in-memory test database), with PostgreSQL a scratch database created and dropped here
(<configured name>_restore).
"""

import json
import os
import subprocess  # noqa: S404
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

REPO = Path(settings.BASE_DIR)
CONFIGURED = settings.DATABASES["default"]
POSTGRES = CONFIGURED["ENGINE"] == "django.db.backends.postgresql"

# Letters are official records that protect their projects; a wipe takes them first.
WIPE = ("from wumei.dekad.models import Letter; from wumei.projects.models import Project; "
        "Letter.objects.all().delete(); Project.objects.all().delete()")


def pg_env() -> dict[str, str]:
    env = dict(os.environ)
    for key, var in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")]:
        if CONFIGURED.get(key):
            env[var] = str(CONFIGURED[key])
    return env


def pg_url(name: str) -> str:
    user = urllib.parse.quote(CONFIGURED.get("USER") or "", safe="")
    password = urllib.parse.quote(CONFIGURED.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{CONFIGURED['PORT']}" if CONFIGURED.get("PORT") else ""
    return f"postgres://{auth}{CONFIGURED.get('HOST') or 'localhost'}{port}/{name}"


@pytest.fixture
def scratch(tmp_path):
    """The environment of a Wumei installation on a scratch database of the suite's kind."""
    env = dict(os.environ, WUMEI_VAR_DIR=str(tmp_path / "var"), WUMEI_DEMO="1",
               DJANGO_SETTINGS_MODULE="wumei.config.settings")
    if not POSTGRES:
        env["WUMEI_DATABASE_URL"] = f"sqlite:///{tmp_path / 'wumei.sqlite3'}"
        yield env
        return
    name = f"{CONFIGURED['NAME']}_restore"
    subprocess.run(["dropdb", "--if-exists", name], env=pg_env(), check=True)  # noqa: S603, S607
    subprocess.run(["createdb", name], env=pg_env(), check=True)  # noqa: S603, S607
    env["WUMEI_DATABASE_URL"] = pg_url(name)
    try:
        yield env
    finally:
        subprocess.run(["dropdb", "--if-exists", "--force", name], env=pg_env(), check=True)  # noqa: S603, S607


def wumei(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wumei", *args], env=env, cwd=REPO, capture_output=True,  # noqa: S603
                          text=True, timeout=300, check=False)


def ok(env: dict, *args: str) -> str:
    done = wumei(env, *args)
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


def test_back_up_wipe_restore_and_every_row_is_back(scratch, tmp_path):
    ok(scratch, "migrate", "--no-input", "-v0")
    ok(scratch, "load_demo", "--seed", "1")
    before = canonical_dump(scratch)
    projects = count_projects(scratch)
    assert projects > 0 and any(row["model"] == "audit.auditevent" for row in before)

    out = ok(scratch, "backup", "--dest", str(tmp_path / "backups"))
    (backup,) = [p for p in (tmp_path / "backups").iterdir() if p.suffix in (".sqlite3", ".pgdump")]
    assert f"已备份到 {backup}" in out
    manifest = json.loads(backup.with_name(backup.name + ".json").read_text())
    assert manifest["database"] == ("postgresql" if POSTGRES else "sqlite")

    ok(scratch, "shell", "-v0", "-c", WIPE)
    assert count_projects(scratch) == 0

    # A damaged copy is refused and leaves the database as it is.
    damaged = tmp_path / "damaged" / backup.name
    damaged.parent.mkdir()
    data = bytearray(backup.read_bytes())
    data[-100] ^= 0xFF
    damaged.write_bytes(bytes(data))
    damaged.with_name(damaged.name + ".sha256").write_text(
        backup.with_name(backup.name + ".sha256").read_text())
    refused = wumei(scratch, "restore", str(damaged), "--yes")
    assert refused.returncode != 0
    assert "已损坏（SHA-256 校验和不符），拒绝恢复" in refused.stderr
    assert count_projects(scratch) == 0

    out = ok(scratch, "restore", str(backup), "--yes")
    assert "校验和一致" in out and "审计日志完整" in out
    assert count_projects(scratch) == projects
    assert canonical_dump(scratch) == before
    ok(scratch, "verify_audit")
