"""`wumei draft_bulletin --on YYYY-MM-DD`: draft each county's supervision bulletin of the dekad before that day's,
once (idempotent: one bulletin per county and dekad)."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wumei.bulletins.services import draft_bulletin, reported_dekad
from wumei.org.models import Region


def iso_day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{text}") from exc


class Command(BaseCommand):
    help = ("起草督查通报：按上一旬最后一天的数据为每个县（区）起草一期督查通报（草稿），由指挥部办公室修改后印发。"
            "可重复运行，每个县（区）每旬只起草一期。")

    def add_arguments(self, parser):
        parser.add_argument("--on", type=iso_day, help="运行日期 YYYY-MM-DD，默认今天；起草其上一旬的通报")
        parser.add_argument("--county", help="县（区）区划代码，默认所有有重点项目的县（区）")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")

    def handle(self, *args, on: datetime.date | None, county: str | None, format: str, **options):
        on = on or timezone.localdate()
        counties = Region.objects.filter(level=Region.Level.COUNTY).order_by("code")
        if county:
            counties = counties.filter(code=county)
            if not counties.exists():
                raise CommandError(f"没有区划代码为 {county} 的县（区）")
        else:
            counties = counties.filter(projects__isnull=False).distinct()
        dekad = reported_dekad(on)
        results = []
        for region in counties:
            bulletin, created = draft_bulletin(region, on)
            results.append({"county": region.name, "code": region.code, "id": bulletin.pk, "created": created,
                            "status": bulletin.status, "doc_number": bulletin.doc_number})
        if format == "json":
            self.stdout.write(json.dumps({"on": on.isoformat(), "dekad": dekad.label,
                                          "cutoff": dekad.end.isoformat(), "bulletins": results},
                                         ensure_ascii=False))
            return
        if not results:
            self.stdout.write("没有需要起草通报的县（区）。")
        for row in results:
            state = "已起草（草稿）" if row["created"] else (
                f"已存在（{row['doc_number'] or '草稿'}），未重复起草")
            self.stdout.write(f"{row['county']} {dekad.label}督查通报：{state}，编号 {row['id']}")
