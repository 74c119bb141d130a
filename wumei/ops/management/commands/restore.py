"""`wumei restore FILE [--yes]`: check a backup's checksum, overwrite the database with it, then verify the
audit log. Stop the web server and the workers first."""

import getpass
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from wumei.audit.services import record, verify_chain
from wumei.ops.backup import KIND_NAMES, BackupError, check_backup, database_kind, restore_backup


class Command(BaseCommand):
    help = "从备份恢复数据库：先核对 SHA-256，再覆盖当前数据库，最后校验审计日志"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="备份文件（.sqlite3 或 .pgdump）")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接覆盖当前数据库")

    def handle(self, *args, **options):
        database = settings.DATABASES["default"]
        try:
            backup = check_backup(options["file"], database=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"备份 {backup.path.name} 校验和一致（{backup.manifest.get('created_at', '时间未知')}）")
        if not options["yes"]:
            self._confirm(database)
        connections.close_all()
        try:
            restore_backup(backup, database=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        connections.close_all()
        self.stdout.write(f"已从 {backup.path.name} 恢复 {KIND_NAMES[database_kind(database)]} 数据库")
        head = (backup.manifest.get("audit_head") or {})
        anchor = (head["sequence"], head["hash"]) if head.get("sequence") else None
        result = verify_chain(anchor=anchor)
        with transaction.atomic():
            record(f"命令行（{getpass.getuser()}）", "ops.restore", after={
                "file": backup.path.name, "sha256": backup.manifest.get("sha256"), "audit_ok": result.ok,
            }, note=f"从备份 {backup.path.name} 恢复数据库；审计日志校验：{result.message}")
        if not result.ok:
            self.stderr.write(f"审计日志校验未通过：{result.message}")
            raise SystemExit(1)
        self.stdout.write(result.message)

    def _confirm(self, database):
        if not sys.stdin.isatty():
            raise CommandError("恢复会覆盖当前数据库；确认无误请加 --yes")
        answer = input(f"恢复将覆盖当前数据库 {database['NAME']}，其后的修改全部丢失。输入 yes 继续：")
        if answer.strip().lower() != "yes":
            raise CommandError("已取消恢复")
