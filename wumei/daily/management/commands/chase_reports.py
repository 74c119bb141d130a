"""`wumei chase_reports --on YYYY-MM-DD`: chase the day's missing daily reports, once (idempotent)."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wumei.daily.services import chase_reports


def iso_day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{text}") from exc


class Command(BaseCommand):
    help = ("日报催报：某个工作日的截止时间过后，给有未报项目的联络员各发一条站内消息，并记录迟报。"
            "可重复运行，不会重复催报。")

    def add_arguments(self, parser):
        parser.add_argument("--on", type=iso_day, help="日报日期 YYYY-MM-DD，默认今天")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")

    def handle(self, *args, on: datetime.date | None, format: str, **options):
        summary = chase_reports(on or timezone.localdate())
        if format == "json":
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
            return
        if not summary.ran:
            self.stdout.write(summary.reason)
            return
        self.stdout.write(
            f"{summary.day:%Y年%m月%d日}：应报{summary.expected}个，已报{summary.received}个（迟报{summary.late}个），"
            f"未报{summary.missing}个（{summary.units_missing}个单位）。"
        )
        self.stdout.write(
            f"本次新发催报消息{summary.messages_sent}条，新增催报记录{summary.chases_created}条，"
            f"新记迟报{summary.late_recorded}个单位。"
        )
        if summary.units_without_liaison:
            self.stdout.write(f"其中{summary.units_without_liaison}个单位未配置联络员，无法发送消息。")
