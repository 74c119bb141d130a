"""`wumei figures --on YYYY-MM-DD [--region CODE] --format json|text`: the cockpit's figures, as on the page."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wumei.cockpit.figures import figures
from wumei.cockpit.present import figure_sections
from wumei.org.models import Region


def iso_day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{text}") from exc


class Command(BaseCommand):
    help = "输出驾驶舱指标（与驾驶舱页面相同）：重点项目开工、投资完成与序时进度、固定资产投资占比、问题、函件、报送率、走访、招商履约等。"

    def add_arguments(self, parser):
        parser.add_argument("--on", type=iso_day, help="截至日期 YYYY-MM-DD，默认今天")
        parser.add_argument("--region", help="区划代码（县、市或省），默认区划代码最小的有重点项目的县（区）")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")

    def handle(self, *args, on: datetime.date | None, region: str | None, format: str, **options):
        on = on or timezone.localdate()
        if region:
            found = Region.objects.filter(code=region).first()
            if found is None:
                raise CommandError(f"没有区划代码为 {region} 的地区")
        else:
            found = (Region.objects.filter(level=Region.Level.COUNTY, projects__isnull=False)
                     .order_by("code").first())
            if found is None:
                raise CommandError("还没有任何重点项目，请用 --region 指定地区")
        result = figures(found, on)
        if format == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{result.region_name}（{result.region_code}）驾驶舱指标，截至{on:%Y-%m-%d}")
        for line in result.headline:
            self.stdout.write(f"  {line}")
        for title, items in figure_sections(result):
            self.stdout.write(title)
            for label, value, _link in items:
                self.stdout.write(f"  {label}：{value}")
