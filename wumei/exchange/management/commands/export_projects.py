"""`wumei export_projects FILE`: write the county's projects as a 重点项目调度表 (.xlsx)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from wumei.exchange.management.commands.import_projects import county_by_code, iso_date
from wumei.exchange.services import export_projects, export_title
from wumei.org.services import home_county
from wumei.projects.models import Project


class Command(BaseCommand):
    help = "导出本县（或指定县区）全部重点项目为重点项目调度表（.xlsx）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="导出的 .xlsx 文件")
        parser.add_argument("--county", help="县（区）区划代码，默认本县")
        parser.add_argument("--as-of", type=iso_date, help="截至日期 YYYY-MM-DD，默认今天")

    def handle(self, *args, **options):
        county = county_by_code(options["county"]) or home_county()
        as_of = options["as_of"] or timezone.localdate()
        projects = Project.objects.filter(county=county)
        content = export_projects(None, projects, as_of=as_of, title=export_title(county, as_of),
                                  region_code=county.code)
        path = Path(options["file"])
        path.write_bytes(content)
        self.stdout.write(f"已导出 {projects.count()} 个项目到 {path}")
