"""Backup files: a consistent copy, its checksum and manifest; a damaged file is refused; retention.

These work on a small SQLite file of their own; the whole cycle through the commands, on the database the
suite runs on, is in tests/deploy/test_roundtrip.py.
"""

import datetime
import hashlib
import json
import sqlite3
import zoneinfo

import pytest

from wumei.ops.backup import (
    BackupError,
    apply_retention,
    check_backup,
    create_backup,
    list_backups,
    restore_backup,
)

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 3, 11, 2, 0, tzinfo=SHANGHAI)


@pytest.fixture
def live(tmp_path):
    """A WAL-mode SQLite database with a few rows, as the system runs it."""
    path = tmp_path / "live.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE project (id INTEGER PRIMARY KEY, name TEXT)")
    db.executemany("INSERT INTO project (name) VALUES (?)", [("纯碱项目",), ("环线公路",)])
    db.commit()
    db.close()
    return path


def database(path) -> dict:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}


def rows(path) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT id, name FROM project ORDER BY id").fetchall()
    finally:
        db.close()


def test_a_backup_is_a_copy_a_checksum_and_a_manifest(live, tmp_path):
    backup = create_backup(tmp_path / "backups", database=database(live), now=NOW, audit_head=(42, "a" * 64))
    assert backup.path.name == "wumei-20260311-020000.sqlite3"
    assert rows(backup.path) == rows(live)
    digest = hashlib.sha256(backup.path.read_bytes()).hexdigest()
    assert backup.checksum_path.read_text() == f"{digest}  wumei-20260311-020000.sqlite3\n"  # sha256sum -c
    manifest = json.loads(backup.manifest_path.read_text())
    assert manifest == {
        "format": 1, "created_at": "2026-03-11T02:00:00+08:00", "database": "sqlite",
        "database_name": "live.sqlite3", "file": backup.path.name, "size": backup.path.stat().st_size,
        "sha256": digest, "version": manifest["version"], "audit_head": {"sequence": 42, "hash": "a" * 64},
    }
    assert manifest["version"] not in ("", "unknown")
    # One self-contained file: nothing beside it but the checksum and the manifest.
    assert sorted(p.name for p in backup.path.parent.iterdir()) == [
        backup.path.name, backup.path.name + ".json", backup.path.name + ".sha256"]


def test_a_backup_holds_only_committed_data_while_a_writer_is_busy(live, tmp_path):
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO project (name) VALUES ('未提交')")
    try:
        backup = create_backup(tmp_path / "backups", database=database(live), now=NOW)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert [name for _, name in rows(backup.path)] == ["纯碱项目", "环线公路"]


def test_two_backups_in_the_same_second_do_not_overwrite_each_other(live, tmp_path):
    first = create_backup(tmp_path / "b", database=database(live), now=NOW)
    second = create_backup(tmp_path / "b", database=database(live), now=NOW)
    assert (first.path.name, second.path.name) == ("wumei-20260311-020000.sqlite3", "wumei-20260311-020000-1.sqlite3")
    assert len(list_backups(tmp_path / "b")) == 2


def test_a_missing_database_file_is_reported(tmp_path):
    with pytest.raises(BackupError, match="找不到数据库文件"):
        create_backup(tmp_path / "b", database=database(tmp_path / "nope.sqlite3"), now=NOW)


def test_restore_brings_back_the_backed_up_data(live, tmp_path):
    backup = create_backup(tmp_path / "b", database=database(live), now=NOW)
    db = sqlite3.connect(live)
    db.execute("DELETE FROM project")
    db.execute("INSERT INTO project (name) VALUES ('备份之后')")
    db.commit()
    db.close()
    restore_backup(check_backup(backup.path, database=database(live)), database=database(live))
    assert rows(live) == [(1, "纯碱项目"), (2, "环线公路")]


def test_a_damaged_backup_is_refused(live, tmp_path):
    backup = create_backup(tmp_path / "b", database=database(live), now=NOW)
    data = bytearray(backup.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    backup.path.write_bytes(bytes(data))
    with pytest.raises(BackupError, match=r"已损坏（SHA-256 校验和不符），拒绝恢复"):
        check_backup(backup.path, database=database(live))


def test_a_backup_without_its_checksum_is_refused(live, tmp_path):
    backup = create_backup(tmp_path / "b", database=database(live), now=NOW)
    backup.checksum_path.unlink()
    with pytest.raises(BackupError, match="找不到校验文件"):
        check_backup(backup.path, database=database(live))


def test_a_backup_of_another_kind_of_database_is_refused(live, tmp_path):
    backup = create_backup(tmp_path / "b", database=database(live), now=NOW)
    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "wumei"}
    with pytest.raises(BackupError, match="这是 SQLite 数据库的备份，当前配置的是 PostgreSQL"):
        check_backup(backup.path, database=postgres)


def test_retention_deletes_old_backups_with_their_files_and_nothing_else(live, tmp_path):
    folder = tmp_path / "b"
    for day in range(1, 11):  # ten nightly backups, 1–10 March 2026
        create_backup(folder, database=database(live), now=NOW.replace(day=day))
    (folder / "notes.txt").write_text("运维备注")
    (folder / "wumei-20200101-000000.sqlite3").write_text("no manifest: not ours to judge")
    removed = apply_retention(folder)
    # The dailies keep 4–10 March; 1 March is the newest backup of its ISO week (23 Feb – 1 Mar), so the
    # weekly rule keeps it; 2 and 3 March are neither (their week's newest is 8 March).
    assert sorted(p.name for p in removed) == ["wumei-20260302-020000.sqlite3", "wumei-20260303-020000.sqlite3"]
    assert not (folder / "wumei-20260302-020000.sqlite3.sha256").exists()
    assert not (folder / "wumei-20260302-020000.sqlite3.json").exists()
    assert [b.created_at.day for b in list_backups(folder)] == [1, 4, 5, 6, 7, 8, 9, 10]
    assert (folder / "notes.txt").exists() and (folder / "wumei-20200101-000000.sqlite3").exists()
