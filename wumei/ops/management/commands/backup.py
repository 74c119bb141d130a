"""`wumei backup [--dest DIR]`: back up the database with a checksum and a manifest, then apply the
retention rule (7 daily, 4 weekly, 6 monthly) to the backup folder."""

import getpass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wumei.audit.services import head, record
from wumei.ops import conf
from wumei.ops.backup import BackupError, apply_retention, create_backup


class Command(BaseCommand):
    help = "备份数据库（SQLite 在线备份 / pg_dump），写入 SHA-256 校验文件和清单，并按 7 日 4 周 6 月保留"

    def add_arguments(self, parser):
        parser.add_argument("--dest", type=Path, help="备份目录，默认 WUMEI_BACKUP_DIR（var/backups）")
        parser.add_argument("--keep-all", action="store_true", help="不按保留规则删除旧备份")

    def handle(self, *args, **options):
        dest = options["dest"] or conf.backup_dir()
        try:
            backup = create_backup(dest, database=settings.DATABASES["default"], audit_head=head())
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = backup.manifest
        with transaction.atomic():
            record(f"命令行（{getpass.getuser()}）", "ops.backup", after={
                "file": manifest["file"], "size": manifest["size"], "sha256": manifest["sha256"],
            }, note=f"备份数据库到 {backup.path}")
        self.stdout.write(f"已备份到 {backup.path}（{manifest['size']:,} 字节，SHA-256 {manifest['sha256']}）")
        if options["keep_all"]:
            return
        for removed in apply_retention(dest):
            self.stdout.write(f"按保留规则删除旧备份 {removed.name}")
