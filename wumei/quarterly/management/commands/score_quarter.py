"""`wumei score_quarter --quarter 2026Q3 [--region CODE] [--format text|json]`: score a quarter that has ended
for one county or every county with a method in force for the year; print the scores, ranks and awards."""

import json

from django.core.management.base import BaseCommand, CommandError

from wumei.core.errors import ValidationError
from wumei.org.models import Region
from wumei.quarterly import queries, rules, services
from wumei.quarterly.models import AssessmentMethod


class Command(BaseCommand):
    help = "每季必考：按考核办法计算季度得分、排名并拟定奖项（已确认的季度不能重新评分）。"

    def add_arguments(self, parser):
        parser.add_argument("--quarter", required=True, help="季度，例如 2026Q3")
        parser.add_argument("--region", help="县（区）区划代码（默认：所有有施行中考核办法的县）")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")

    def handle(self, *args, quarter: str, region: str | None, format: str, **options):
        try:
            period = rules.parse_quarter(quarter)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if region:
            counties = list(Region.objects.filter(code=region, level=Region.Level.COUNTY))
            if not counties:
                raise CommandError(f"没有区划代码为 {region} 的县（区）")
        else:
            counties = list(Region.objects.filter(pk__in=AssessmentMethod.objects.filter(
                year=period.year, status=AssessmentMethod.Status.IN_FORCE).values("county_id")).order_by("code"))
            if not counties:
                raise CommandError(f"{period.year}年没有施行中的考核办法")
        runs = []
        for county in counties:
            try:
                runs.append(services.score_quarter(county, period))
            except ValidationError as exc:
                raise CommandError(f"{county.name}：{'；'.join(exc.messages)}") from exc
        if format == "json":
            data = [queries.run_as_dict(run) for run in runs]
            self.stdout.write(json.dumps(data if len(data) > 1 else data[0], ensure_ascii=False, indent=1))
            return
        for run in runs:
            self.stdout.write(queries.run_as_text(run))
