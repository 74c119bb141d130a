"""`wumei prune_audit --before YYYY-MM-DD`: delete audit events older than a date, past the retention.

Refused for anything younger than WUMEI_AUDIT_RETENTION_DAYS (at least 180 days). The chain stays
verifiable (a checkpoint is kept) and the pruning is itself an audit event.
"""

import datetime
import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wumei.audit.services import prune_events


def iso_date(raw: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{raw}") from exc


class Command(BaseCommand):
    help = "清理保留期（至少 180 天）以外的审计记录，保留可校验的检查点，清理本身记入审计日志"

    def add_arguments(self, parser):
        parser.add_argument("--before", type=iso_date, required=True, help="清理此日期（不含）之前的记录")

    def handle(self, *args, **options):
        actor = f"命令行（{getpass.getuser()}）"
        try:
            pruned = prune_events(actor, before=options["before"], today=timezone.localdate())
        except ValidationError as exc:
            raise CommandError("；".join(exc.message_dict["before"])) from exc
        if not pruned.deleted:
            self.stdout.write(f"{options['before']} 之前没有可清理的审计记录")
            return
        self.stdout.write(f"已清理 {pruned.deleted} 条审计记录（至第 {pruned.through_sequence} 条），"
                          f"检查点哈希 {pruned.through_hash}")
