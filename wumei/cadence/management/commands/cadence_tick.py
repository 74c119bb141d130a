"""`wumei cadence_tick [--now ISO] [--format json]`: run the due scheduled jobs once (cron-only deployments,
tests). Safe next to a running worker: every occurrence is claimed once."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wumei.cadence.jobs import job_label
from wumei.cadence.services import tick


def iso_moment(text: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"时间格式应为 ISO 8601，如 2026-06-11T08:30 或 2026-06-11T08:30+08:00：{text}") from exc
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = ("运行到点的定时任务（每个任务每个日期只运行一次；停机期间错过的任务补运行最近一次）。"
            "供只用 cron 的部署和测试使用；有 run_huey 工作进程时它每分钟自动运行。")

    def add_arguments(self, parser):
        parser.add_argument("--now", type=iso_moment, help="按这个时刻判断哪些任务到点（默认现在；不带时区按北京时间）")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")

    def handle(self, *args, now: datetime.datetime | None, format: str, **options):
        runs = tick(now)
        if format == "json":
            self.stdout.write(json.dumps([{
                "id": run.pk, "job": run.job, "on": run.on.isoformat(), "status": run.status,
                "catch_up": run.is_catch_up, "duration_ms": run.duration_ms, "result": run.result,
                "error": run.error.splitlines()[0] if run.error else "",
            } for run in runs], ensure_ascii=False))
            return
        if not runs:
            self.stdout.write("没有到点的任务。")
        for run in runs:
            state = run.get_status_display() + ("（补运行）" if run.is_catch_up else "")
            line = f"{job_label(run.job)} {run.on:%Y-%m-%d}：{state}，耗时{run.duration_label}"
            if run.error:
                line += f"；错误：{run.error.splitlines()[0]}"
            self.stdout.write(line)
