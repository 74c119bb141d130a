"""Backups of the database and their restoration.

A backup is three files side by side in the backup folder:
- the data: `wumei-YYYYMMDD-HHMMSS.sqlite3` (SQLite's online backup API: a consistent copy taken while
  the system runs) or `….pgdump` (`pg_dump --format=custom`);
- `<data>.sha256`, its SHA-256 in `sha256sum` format (`sha256sum -c` checks it by hand);
- `<data>.json`, the manifest: time, database kind, size, checksum, Wumei version and the audit log's head
  at the time (after a restore the chain must still reach it).

Restoring checks the checksum first and refuses a damaged file; SQLite is restored with the same online
backup API into the live database file, PostgreSQL with `pg_restore --clean --if-exists` in a single
transaction (all or nothing).
"""

import dataclasses
import datetime
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import sqlite3
import subprocess  # noqa: S404 — runs pg_dump / pg_restore, with a fixed argument list  # nosec B404
from pathlib import Path

from django.utils import timezone

from wumei.ops.rules import Retention, backups_to_keep

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
ENGINES = {"django.db.backends.sqlite3": SQLITE, "django.db.backends.postgresql": POSTGRESQL}
SUFFIXES = {SQLITE: ".sqlite3", POSTGRESQL: ".pgdump"}
KIND_NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}
NAME = re.compile(r"^wumei-\d{8}-\d{6}(-\d+)?\.(sqlite3|pgdump)$")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Chinese)."""


@dataclasses.dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict

    @property
    def checksum_path(self) -> Path:
        return checksum_path(self.path)

    @property
    def manifest_path(self) -> Path:
        return manifest_path(self.path)

    @property
    def created_at(self) -> datetime.datetime:
        return datetime.datetime.fromisoformat(self.manifest["created_at"])


def checksum_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def database_kind(database: dict) -> str:
    kind = ENGINES.get(database["ENGINE"])
    if kind is None:
        raise BackupError(f"不支持备份这种数据库：{database['ENGINE']}")
    return kind


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def wumei_version() -> str:
    try:
        return importlib.metadata.version("wumei")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# ---------------------------------------------------------------------------------------------------------
# Backup
# ---------------------------------------------------------------------------------------------------------

def create_backup(dest: Path, *, database: dict, now: datetime.datetime | None = None,
                  audit_head: tuple[int, str] | None = None) -> Backup:
    """Back up `database` (a DATABASES entry) into the folder `dest`; returns the new backup."""
    kind = database_kind(database)
    now = timezone.localtime(now or timezone.now())
    dest.mkdir(parents=True, exist_ok=True)
    path = _free_name(dest, f"wumei-{now:%Y%m%d-%H%M%S}", SUFFIXES[kind])
    partial = path.with_name(path.name + ".partial")
    try:
        if kind == SQLITE:
            _sqlite_backup(Path(database["NAME"]), partial)
        else:
            _pg_dump(database, partial)
        _fsync(partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    digest = sha256_of(path)
    manifest = {
        "format": 1,
        "created_at": now.isoformat(),
        "database": kind,
        "database_name": str(database["NAME"]) if kind == POSTGRESQL else Path(database["NAME"]).name,
        "file": path.name,
        "size": path.stat().st_size,
        "sha256": digest,
        "version": wumei_version(),
        "audit_head": {"sequence": audit_head[0], "hash": audit_head[1]} if audit_head else None,
    }
    _write_atomically(checksum_path(path), f"{digest}  {path.name}\n")
    _write_atomically(manifest_path(path), json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return Backup(path, manifest)


def _free_name(dest: Path, stem: str, suffix: str) -> Path:
    path = dest / f"{stem}{suffix}"
    n = 1
    while path.exists():
        path = dest / f"{stem}-{n}{suffix}"
        n += 1
    return path


def _sqlite_connect(*args, **kwargs) -> sqlite3.Connection:
    """A plain sqlite3 connection that knows Django's SQL functions: the schema's CHECK constraints and
    indexes may call them (an `ExtractDay` constraint is `django_date_extract('day', …)`), and
    `PRAGMA quick_check` evaluates CHECK constraints."""
    from django.db.backends.sqlite3._functions import register

    conn = sqlite3.connect(*args, **kwargs)
    register(conn)
    return conn


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"找不到数据库文件：{source}")
    src = _sqlite_connect(source, timeout=30)
    dst = _sqlite_connect(target)
    try:
        src.backup(dst)
        # A backup is one self-contained file: no -wal / -shm beside it.
        dst.execute("PRAGMA journal_mode=DELETE")
        (result,) = dst.execute("PRAGMA quick_check").fetchone()
        if result != "ok":
            raise BackupError(f"备份副本完整性检查失败：{result}")
    finally:
        dst.close()
        src.close()


def _pg_env(database: dict) -> dict[str, str]:
    """libpq's environment for the configured database: the password never appears on a command line."""
    env = dict(os.environ)
    for key, var in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")]:
        if database.get(key):
            env[var] = str(database[key])
    options = database.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env


def _client(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）")
    return found


def _run(args: list[str], env: dict[str, str], failure: str) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603 — fixed argument list, no shell  # nosec B603
    if done.returncode != 0:
        raise BackupError(f"{failure}：{done.stderr.strip() or done.returncode}")


def _pg_dump(database: dict, target: Path) -> None:
    _run([_client("pg_dump"), "--format=custom", "--no-password", f"--file={target}", "--dbname", database["NAME"]],
         _pg_env(database), "pg_dump 备份失败")


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    _fsync(partial)
    partial.replace(path)


# ---------------------------------------------------------------------------------------------------------
# Retention
# ---------------------------------------------------------------------------------------------------------

def list_backups(dest: Path) -> list[Backup]:
    """The complete backups in `dest` (data file and manifest present), oldest first."""
    found = []
    if not dest.is_dir():
        return found
    for path in dest.iterdir():
        if not NAME.match(path.name) or not manifest_path(path).is_file():
            continue
        try:
            manifest = json.loads(manifest_path(path).read_text(encoding="utf-8"))
            backup = Backup(path, manifest)
            backup.created_at  # noqa: B018 — a manifest without a readable time is not ours
        except (ValueError, KeyError):
            continue
        found.append(backup)
    return sorted(found, key=lambda b: b.created_at)


def apply_retention(dest: Path, retention: Retention | None = None) -> list[Path]:
    """Delete the backups the retention rule does not keep; returns the data files removed."""
    backups = list_backups(dest)
    keep = backups_to_keep([timezone.localtime(b.created_at) for b in backups], retention or Retention())
    removed = []
    for backup in backups:
        if timezone.localtime(backup.created_at) in keep:
            continue
        for path in (backup.path, backup.checksum_path, backup.manifest_path):
            path.unlink(missing_ok=True)
        removed.append(backup.path)
    return removed


# ---------------------------------------------------------------------------------------------------------
# Restore
# ---------------------------------------------------------------------------------------------------------

def check_backup(path: Path, *, database: dict) -> Backup:
    """The backup at `path`, once its checksum matches and it suits the configured database."""
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    if not checksum_path(path).is_file():
        raise BackupError(f"找不到校验文件 {checksum_path(path).name}：无法确认备份完好，拒绝恢复")
    expected = checksum_path(path).read_text(encoding="utf-8").split()[:1]
    if not expected or sha256_of(path) != expected[0].lower():
        raise BackupError(f"备份文件 {path.name} 已损坏（SHA-256 校验和不符），拒绝恢复")
    try:
        manifest = json.loads(manifest_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {"database": SQLITE if path.suffix == ".sqlite3" else POSTGRESQL}
    kind = database_kind(database)
    if manifest.get("database") != kind:
        raise BackupError(f"这是 {KIND_NAMES.get(manifest.get('database'), '未知')} 数据库的备份，"
                          f"当前配置的是 {KIND_NAMES[kind]}，不能恢复")
    return Backup(path, manifest)


def restore_backup(backup: Backup, *, database: dict) -> None:
    """Overwrite the configured database with `backup` (already checked by check_backup)."""
    if database_kind(database) == SQLITE:
        _sqlite_restore(backup.path, Path(database["NAME"]))
    else:
        _run([_client("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--exit-on-error", "--no-password", "--dbname", database["NAME"], str(backup.path)],
             _pg_env(database), "pg_restore 恢复失败")


def _sqlite_restore(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    src = _sqlite_connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = _sqlite_connect(target, timeout=30)
    try:
        src.backup(dst)
        (result,) = dst.execute("PRAGMA quick_check").fetchone()
        if result != "ok":
            raise BackupError(f"恢复后的数据库完整性检查失败：{result}")
    finally:
        dst.close()
        src.close()
