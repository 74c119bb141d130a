"""`wumei import_projects FILE`: import a 重点项目调度表 (.xlsx) into the registry, all or nothing."""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wumei.exchange.parser import size_error
from wumei.exchange.services import import_projects
from wumei.org.models import Region


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{text}") from exc


def county_by_code(code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise CommandError(f"未找到区划代码「{code}」")
    return region


class Command(BaseCommand):
    help = "导入重点项目调度表（.xlsx）：全部校验通过才写入；出错时退出码为 1"

    def add_arguments(self, parser):
        parser.add_argument("file", help="要导入的 .xlsx 文件")
        parser.add_argument("--dry-run", action="store_true", help="仅校验，不写入")
        parser.add_argument("--strict", action="store_true", help="表中单位、人员、产业链须已存在，不自动新建")
        parser.add_argument("--as-of", type=iso_date, help="进度截至日期 YYYY-MM-DD（优先于表中的“截至”行）")
        parser.add_argument("--county", help="导入到的县（区）区划代码，默认本县")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        too_big = size_error(path.stat().st_size, settings.IMPORT_MAX_BYTES)
        county = county_by_code(options["county"])
        if too_big:
            errors = [{"row": None, "column": "", "message": too_big}]
            self._fail(options, {"created": 0, "updated": 0, "errors": errors}, [too_big])
        result = import_projects(None, path.read_bytes(), filename=path.name, county=county,
                                 as_of=options["as_of"], dry_run=options["dry_run"], strict=options["strict"])
        payload = result.as_json()
        if not result.ok:
            self._fail(options, payload, [str(error) for error in result.errors])
        if options["format"] == "json":
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        verb = "校验通过（仅校验，未写入任何数据）：将" if result.dry_run else "导入完成："
        self.stdout.write(f"{verb}新建 {result.created} 个项目，更新 {result.updated} 个项目，"
                          f"{result.unchanged} 个项目无变化。")
        if result.created_references:
            names = "、".join(f"{ref.label}「{ref.name}」" for ref in result.created_references)
            self.stdout.write(f"{'将' if result.dry_run else '已'}新建 {len(result.created_references)} 项："
                              f"{names}")

    def _fail(self, options, payload: dict, lines: list[str]):
        if options["format"] == "json":
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            for line in lines:
                self.stderr.write(line)
        raise CommandError(f"导入失败：共 {len(lines)} 处错误，未写入任何数据", returncode=1)
