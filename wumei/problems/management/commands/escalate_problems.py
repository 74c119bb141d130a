"""`wumei escalate_problems --on YYYY-MM-DD`: the daily escalation job, idempotent."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wumei.problems.models import Problem
from wumei.problems.services import escalate_overdue


class Command(BaseCommand):
    help = "将超过本层级办理期限仍未解决的问题提级一层（县长层级逾期只标记一次）。同一天重复运行结果不变。"

    def add_arguments(self, parser):
        parser.add_argument("--on", help="按哪一天运行 YYYY-MM-DD（默认今天）")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")

    def handle(self, *args, on: str | None, format: str, **options):
        day = self._day(on)
        run = escalate_overdue(day)
        if format == "json":
            self.stdout.write(json.dumps(run.as_dict(), ensure_ascii=False))
            return
        parts = [f"{Problem.Level(level).label} {count} 个" for level, count in sorted(run.by_level.items())]
        detail = f"（{'，'.join(parts)}）" if parts else ""
        self.stdout.write(f"{day:%Y-%m-%d}：提级 {len(run.escalated)} 个问题{detail}；"
                          f"县长层级逾期标记 {len(run.flagged)} 个。")

    def _day(self, text: str | None) -> datetime.date:
        if not text:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(text)
        except ValueError as exc:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{text}") from exc
