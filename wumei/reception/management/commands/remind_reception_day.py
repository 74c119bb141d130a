"""`wumei remind_reception_day --on YYYY-MM-DD [--format json]`: the reception-day reminders, idempotent."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wumei.reception.services import remind_reception_day


class Command(BaseCommand):
    help = "企业家接待日提醒：接待日前3个工作日提醒指挥部办公室和接待领导；8日非工作日且未确定接待日时提请指挥部办公室确定。重复运行不重复发送。"

    def add_arguments(self, parser):
        parser.add_argument("--on", help="按哪一天运行 YYYY-MM-DD（默认今天）")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")

    def handle(self, *args, on: str | None, format: str, **options):
        try:
            day = datetime.date.fromisoformat(on) if on else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{on}") from exc
        result = remind_reception_day(day)
        if format == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(f"{day:%Y-%m-%d}：提醒接待日{result['reminded_days']}个，提请确定接待日{result['asked_to_set']}个，"
                          f"发送消息{result['messages']}条。")
