"""`wumei draft_agendas --on YYYY-MM-DD [--format json]`: draft this month's consultation agenda of every county
with projects; idempotent (a re-run adds only what is new, a held consultation is left alone)."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wumei.consultation.services import draft_agendas


class Command(BaseCommand):
    help = "月度会商：为每个有项目的县（区）生成本月会商议程（未办结的要素需求、提级至县级的问题、进度滞后项目）。重复运行不会重复添加。"

    def add_arguments(self, parser):
        parser.add_argument("--on", help="按哪一天运行 YYYY-MM-DD（默认今天）")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")

    def handle(self, *args, on: str | None, format: str, **options):
        try:
            day = datetime.date.fromisoformat(on) if on else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{on}") from exc
        summary = draft_agendas(day)
        if format == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        self.stdout.write(f"{day.year}年{day.month}月会商议程：{len(summary['counties'])}个县（区），"
                          f"新增议题{summary['added']}项，已召开未改动{summary['held']}个。")
