from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wumei.notify.models import Message
from wumei.org.models import Person, Unit
from wumei.photos.models import Photo
from wumei.problems.models import Problem
from wumei.projects.models import MONEY, Project, Stage


class DailyReport(models.Model):
    """A liaison's daily report of one project (每日必盯, seed §一): one per project per day; submitting
    again the same day updates it and counts a revision."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="daily_reports")
    report_on = models.DateField("日报日期")
    image_progress = models.TextField("形象进度")
    cumulative_investment = models.DecimalField("累计完成投资（万元）", **MONEY)
    # The change since the report before it (its cumulative investment or, failing that, the registry's
    # latest progress): what the daily digest adds up as "investment added". Null when there was none.
    investment_added = models.DecimalField("新增完成投资（万元）", null=True, blank=True, **MONEY)
    stage = models.CharField("项目阶段", max_length=16, choices=Stage.choices)
    # The registry's stage before the day's first submission: a report with from_stage ≠ stage moved it.
    from_stage = models.CharField("原阶段", max_length=16, choices=Stage.choices, blank=True)
    investment_reason = models.TextField("投资调减或超出总投资的原因", blank=True)
    stage_reason = models.TextField("阶段后退的原因", blank=True)
    problems = models.ManyToManyField(Problem, verbose_name="反映的问题", blank=True, related_name="daily_reports")
    photos = models.ManyToManyField(Photo, verbose_name="现场照片", blank=True, related_name="daily_reports")
    is_late = models.BooleanField("迟报", default=False, help_text="首次提交晚于当日截止时间")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人账号", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="daily_reports")
    reporter_name = models.CharField("填报人", max_length=64, blank=True)
    submitted_at = models.DateTimeField("首次提交时间", default=timezone.now)
    updated_at = models.DateTimeField("最近提交时间", default=timezone.now)
    revision = models.PositiveIntegerField("提交次数", default=1)

    class Meta:
        verbose_name = "日报"
        verbose_name_plural = "日报"
        ordering = ["-report_on", "project_id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "report_on"], name="daily_report_once_per_day"),
            models.CheckConstraint(condition=Q(cumulative_investment__gte=0), name="daily_report_investment_positive"),
        ]
        indexes = [models.Index(fields=["report_on", "project"])]

    def __str__(self) -> str:
        return f"{self.project} {self.report_on:%Y-%m-%d}日报"

    @property
    def stage_changed(self) -> bool:
        return bool(self.from_stage) and self.from_stage != self.stage


class Chase(models.Model):
    """A chase of the daily job (催报): a liaison chased for a day's missing reports, or a unit's late
    reports recorded. Once per day, kind, unit and person, however often the job runs."""

    class Kind(models.TextChoices):
        MISSING = "missing", "未报催办"
        LATE = "late", "迟报记录"

    day = models.DateField("日期", db_index=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    unit = models.ForeignKey(Unit, verbose_name="责任单位", on_delete=models.CASCADE, related_name="daily_chases")
    person = models.ForeignKey(Person, verbose_name="联络员", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="daily_chases")
    project_count = models.PositiveIntegerField("项目数")
    project_names = models.TextField("项目", blank=True)
    message = models.ForeignKey(Message, verbose_name="站内消息", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "催报记录"
        verbose_name_plural = "催报记录"
        ordering = ["-day", "unit_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["day", "kind", "unit", "person"], name="daily_chase_once"),
            # NULLs are distinct in a unique index: a unit without a liaison needs its own constraint.
            models.UniqueConstraint(fields=["day", "kind", "unit"], condition=Q(person__isnull=True),
                                    name="daily_chase_once_without_person"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.unit} {self.get_kind_display()}"
