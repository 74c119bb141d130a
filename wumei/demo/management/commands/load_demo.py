"""`wumei load_demo`: the living demo county, or a synthetic county/city/province for benchmarks."""

import datetime
import time
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wumei.demo import builder, data, scales
from wumei.org.models import Region


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(rows: list[list[str]]) -> list[str]:
    """Rows as aligned text lines (Chinese characters count double)."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in rows]


class Command(BaseCommand):
    help = "载入演示县（示范县）的数据，或生成县/市/省规模的合成数据用于性能测试。"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="随机种子（相同种子和日期生成相同数据）")
        parser.add_argument("--scale", choices=["demo", *scales.SCALES], default="demo",
                            help="demo：示范县；county/city/province：合成的县、市、省规模数据")
        parser.add_argument("--today", help="基准日期 YYYY-MM-DD（默认今天），项目日期以此为准")
        parser.add_argument("--reset", action="store_true", help="先删除已有的演示数据再重新载入")

    def handle(self, *args, seed: int, scale: str, today: str | None, reset: bool, **options):
        day = self._day(today)
        if scale == "demo":
            self._demo(seed, day, reset)
        else:
            self._scale(scale, seed, day, reset)

    def _day(self, text: str | None) -> datetime.date:
        if not text:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(text)
        except ValueError as exc:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{text}") from exc

    def _demo(self, seed: int, day: datetime.date, reset: bool) -> None:
        result = builder.load_demo(seed=seed, today=day, reset=reset)
        if result.created:
            c = result.counts
            self.stdout.write(
                f"已载入演示数据：{result.county.name}（区划代码 {result.county.code}），"
                f"单位 {c['units']} 个，人员 {c['people']} 名，重点项目 {c['projects']} 个，"
                f"日报 {c.get('daily_reports', 0)} 份，走访 {c.get('visits', 0)} 次，问题 {c.get('all_problems', 0)} 个，"
                f"招商项目 {c.get('leads', 0)} 个，基准日期 {day:%Y-%m-%d}。"
            )
        else:
            self.stdout.write(f"演示数据已存在（{result.county.name}），未重复载入；如需重建请加 --reset。")
        for warning in result.warnings:
            self.stderr.write(warning)
        self.stdout.write(f"访问地址：{data.ADDRESS}")
        self.stdout.write("演示账号：")
        rows = [["用户名", "角色", "姓名", "密码"]]
        rows += [[a.username, a.role_label, a.person_name, data.DEMO_PASSWORD] for a in result.accounts]
        for line in table(rows):
            self.stdout.write("  " + line)

    def _scale(self, name: str, seed: int, day: datetime.date, reset: bool) -> None:
        began = time.monotonic()
        result = scales.load_scale(name, seed=seed, today=day, reset=reset)
        if not result.created:
            self.stdout.write(f"合成数据已存在（{result.province.name}），未重复载入；如需重建请加 --reset。")
        else:
            c = result.counts
            self.stdout.write(
                f"已生成{scales.SCALES[name].label}规模合成数据：{result.province.name}（区划代码 "
                f"{result.province.code}），{c['cities']} 个市、{c['counties']} 个县，单位 {c['units']} 个，"
                f"人员 {c['people']} 名，重点项目 {c['projects']} 个，用时 {time.monotonic() - began:.1f} 秒。"
            )
        self.stdout.write(f"访问地址：{data.ADDRESS}")
        # The province's and the cities' accounts, and the first counties': the rest follow the same pattern.
        shown = [a for a in result.accounts if a.level != Region.Level.COUNTY]
        counties = [a for a in result.accounts if a.level == Region.Level.COUNTY]
        shown += counties[:3]
        rows = [["用户名", "角色", "范围", "密码"]]
        rows += [[a.username, a.role_label, a.scope, data.DEMO_PASSWORD] for a in shown]
        self.stdout.write("指挥部办公室账号：")
        for line in table(rows):
            self.stdout.write("  " + line)
        if len(counties) > 3:
            self.stdout.write(f"  ……另有 {len(counties) - 3} 个县的账号，用户名为 hq_<县区划代码>，密码相同。")
