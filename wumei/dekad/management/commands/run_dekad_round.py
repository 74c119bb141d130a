"""`wumei run_dekad_round --on YYYY-MM-DD [--format json]`: the dekad supervision round, idempotent."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wumei.dekad.models import Letter, WorkReminder
from wumei.dekad.services import run_dekad_round
from wumei.org.models import Region


class Command(BaseCommand):
    help = "每旬督查：按规则生成提醒函、交办函、督办函草稿，发送工作提示。同一旬重复运行结果不变。"

    def add_arguments(self, parser):
        parser.add_argument("--on", help="按哪一天运行 YYYY-MM-DD（默认今天）")
        parser.add_argument("--county", help="只运行一个县（区），填区划代码（默认所有有项目的县）")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")

    def handle(self, *args, on: str | None, county: str | None, format: str, **options):
        day = _day(on)
        region = None
        if county:
            region = Region.objects.filter(code=county, level=Region.Level.COUNTY).first()
            if region is None:
                raise CommandError(f"没有区划代码为 {county} 的县（区）")
        result = run_dekad_round(day, county=region)
        if format == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        kinds = "，".join(f"{label}{result.count(value)}件" for value, label in Letter.Kind.choices)
        subjects = "，".join(f"{label}{sum(1 for r in result.reminders if r.subject == value)}条"
                             for value, label in WorkReminder.Subject.choices)
        self.stdout.write(f"{day:%Y-%m-%d}（{result.dekad.label}）：检查项目{result.projects}个；"
                          f"本旬函件{len(result.letters)}件（{kinds}），其中本次新生成{len(result.created)}件；"
                          f"工作提示{len(result.reminders)}条（{subjects}）。")


def _day(text: str | None) -> datetime.date:
    if not text:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{text}") from exc
