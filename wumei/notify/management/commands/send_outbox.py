"""`wumei send_outbox`: deliver every outbox item that is due now (what the worker's minute sweep does).

For operations: run it by hand after fixing a mail server, or from cron where no worker runs. Safe beside a
running worker: each item is claimed before it is sent. No --on: "due" is a moment, not a day."""

from django.core.management.base import BaseCommand

from wumei.notify.services import deliver_due


class Command(BaseCommand):
    help = "发送到期的待发消息（邮件、群机器人、短信）"

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="本次最多发送条数")

    def handle(self, *args, limit: int, **options):
        counts = deliver_due(limit=limit)
        labels = {"sent": "已发送", "pending": "待重试", "failed": "失败", "skipped": "已由其他进程处理"}
        summary = "，".join(f"{labels.get(k, k)} {v} 条" for k, v in sorted(counts.items())) or "没有到期的消息"
        self.stdout.write(summary)
