"""The cadence engine's records: when each declared job runs (set by the HQ office) and every run it made."""

from django.conf import settings
from django.db import models


class Schedule(models.Model):
    """A declared job's time of day (local time, TIME_ZONE, Asia/Shanghai by default) and whether it runs.

    The days a job runs on (every working day, Mondays, the 1st/11th/21st …) are declared in code
    (wumei.cadence.jobs); the HQ office adjusts only the time and switches a job off or on."""

    job = models.CharField("任务", max_length=40, unique=True)
    at = models.TimeField("运行时间")
    is_enabled = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "定时任务"
        verbose_name_plural = "定时任务"
        ordering = ["job"]

    def __str__(self) -> str:
        return f"{self.job} {self.at:%H:%M}{'' if self.is_enabled else '（停用）'}"


class JobRun(models.Model):
    """One run of a job for one business day. Claimed by inserting this row: the unique (job, on) lets only
    one of several concurrent tickers (threads, workers, machines) run a job's occurrence."""

    class Status(models.TextChoices):
        RUNNING = "running", "运行中"
        SUCCEEDED = "succeeded", "成功"
        FAILED = "failed", "失败"

    job = models.CharField("任务", max_length=40)
    on = models.DateField("业务日期")
    scheduled_for = models.DateTimeField("计划运行时间")
    is_catch_up = models.BooleanField("补运行", default=False)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    duration_ms = models.PositiveIntegerField("耗时（毫秒）", null=True, blank=True)
    result = models.JSONField("运行结果", default=dict, blank=True)
    error = models.TextField("错误信息", blank=True)
    worker = models.CharField("运行进程", max_length=120, blank=True)

    class Meta:
        verbose_name = "任务运行记录"
        verbose_name_plural = "任务运行记录"
        ordering = ["-scheduled_for", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["job", "on"], name="cadence_run_once_per_job_and_day"),
        ]
        indexes = [models.Index(fields=["-scheduled_for"]), models.Index(fields=["status", "started_at"])]

    def __str__(self) -> str:
        return f"{self.job} {self.on:%Y-%m-%d} {self.get_status_display()}"

    @property
    def duration_label(self) -> str:
        """`0.35秒`, `2分5秒`; empty while running."""
        if self.duration_ms is None:
            return ""
        seconds = self.duration_ms / 1000
        if seconds < 60:
            return f"{seconds:.2f}秒"
        minutes, rest = divmod(round(seconds), 60)
        return f"{minutes}分{rest}秒"
