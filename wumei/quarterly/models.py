from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wumei.org.models import Region, Unit
from wumei.projects.models import Project
from wumei.quarterly import rules

SCORE = {"max_digits": 6, "decimal_places": 2}


class Group(models.TextChoices):
    PROJECT = rules.Group.PROJECT, rules.GROUP_LABELS[rules.Group.PROJECT]
    RESPONSIBLE = rules.Group.RESPONSIBLE, rules.GROUP_LABELS[rules.Group.RESPONSIBLE]
    APPROVAL = rules.Group.APPROVAL, rules.GROUP_LABELS[rules.Group.APPROVAL]
    TOWN = rules.Group.TOWN, rules.GROUP_LABELS[rules.Group.TOWN]


class AwardKind(models.TextChoices):
    START = rules.AwardKind.START, "开工奖"
    PROGRESS = rules.AwardKind.PROGRESS, "进度奖"
    COMPLETION = rules.AwardKind.COMPLETION, "竣工奖"
    SERVICE = rules.AwardKind.SERVICE, "服务奖"
    DEMOLITION = rules.AwardKind.DEMOLITION, "征拆奖"


class AssessmentMethod(models.Model):
    """A county's assessment method for a year (《重点项目建设工作考核办法》, seed §五): indicators and weights per
    group, and award rules. Kept by the HQ office; once a quarter scored with it is confirmed it is frozen
    (copy it to change it), so past quarters keep the method they were scored with."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        IN_FORCE = "in_force", "施行中"
        RETIRED = "retired", "已停用"

    county = models.ForeignKey(Region, verbose_name="县（区）", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("名称", max_length=100)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    copied_from = models.ForeignKey("self", verbose_name="复制自", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="copies")
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="更新人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "考核办法"
        verbose_name_plural = "考核办法"
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], condition=Q(status="in_force"),
                                    name="quarterly_one_method_in_force"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.name}"

    @property
    def is_locked(self) -> bool:
        """Frozen: a quarter scored with it has been confirmed."""
        return self.runs.filter(status=ScoringRun.Status.CONFIRMED).exists()


class MethodLine(models.Model):
    """One indicator of a group with its weight (weights of a group sum to 100)."""

    method = models.ForeignKey(AssessmentMethod, verbose_name="考核办法", on_delete=models.CASCADE,
                               related_name="lines")
    group = models.CharField("考核对象", max_length=16, choices=Group.choices)
    indicator = models.CharField("指标", max_length=40)
    weight = models.DecimalField("权重", max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering = ["method", "group", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["method", "group", "indicator"], name="quarterly_line_unique"),
            models.CheckConstraint(condition=Q(weight__gt=0, weight__lte=100), name="quarterly_line_weight"),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}·{self.indicator}（{self.weight}）"


class AwardRule(models.Model):
    """An award rule of the method (see rules.py: min total, indicator threshold, top N)."""

    method = models.ForeignKey(AssessmentMethod, verbose_name="考核办法", on_delete=models.CASCADE,
                               related_name="award_rules")
    kind = models.CharField("奖项", max_length=16, choices=AwardKind.choices)
    group = models.CharField("授予对象", max_length=16, choices=Group.choices)
    top_n = models.PositiveSmallIntegerField("名额（前N名）", null=True, blank=True)
    min_total = models.DecimalField("最低总分", null=True, blank=True, **SCORE)
    indicator = models.CharField("门槛指标", max_length=40, blank=True)
    indicator_min = models.DecimalField("指标门槛值", null=True, blank=True, **SCORE)
    order = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        verbose_name = "奖项规则"
        verbose_name_plural = "奖项规则"
        ordering = ["method", "order", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.get_group_display()}）"

    def spec(self) -> rules.AwardRule:
        return rules.AwardRule(kind=self.kind, group=self.group, top_n=self.top_n, min_total=self.min_total,
                               indicator=self.indicator, indicator_min=self.indicator_min)


class ScoringRun(models.Model):
    """A quarter's scoring of a county with a method: every subject's score, rank and explanation, and the
    proposed awards. Re-scoring replaces an unconfirmed run; a confirmed one is final."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "待确认"
        CONFIRMED = "confirmed", "已确认"

    county = models.ForeignKey(Region, verbose_name="县（区）", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    method = models.ForeignKey(AssessmentMethod, verbose_name="考核办法", on_delete=models.PROTECT,
                               related_name="runs")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PROPOSED)
    # The quarter's figures for the review meeting (projects started/completed, investment vs plan).
    figures = models.JSONField("季度概况", default=dict, blank=True)
    # Indicators that could not be computed (not installed), shown on the page.
    notes = models.JSONField("说明", default=list, blank=True)
    scored_at = models.DateTimeField("评分时间", default=timezone.now)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评分人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "季度考核"
        verbose_name_plural = "季度考核"
        ordering = ["-year", "-quarter", "county_id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year", "quarter"], name="quarterly_run_once"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="quarterly_run_quarter_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.county}{self.period.label}考核"

    @property
    def period(self) -> rules.Quarter:
        return rules.Quarter(self.year, self.quarter)

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class Score(models.Model):
    """One subject's score in a run: total, rank within its group, and the explanation (indicator values,
    weights, effective weights, contributions)."""

    run = models.ForeignKey(ScoringRun, verbose_name="季度考核", on_delete=models.CASCADE, related_name="scores")
    group = models.CharField("考核对象", max_length=16, choices=Group.choices)
    project = models.ForeignKey(Project, verbose_name="项目", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    unit = models.ForeignKey(Unit, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    name = models.CharField("名称", max_length=200)
    total = models.DecimalField("总分", null=True, blank=True, **SCORE)
    rank = models.PositiveIntegerField("排名", null=True, blank=True)
    explanation = models.JSONField("得分说明", default=list)

    class Meta:
        verbose_name = "考核得分"
        verbose_name_plural = "考核得分"
        ordering = ["run", "group", "rank", "name"]
        constraints = [
            models.UniqueConstraint(fields=["run", "group", "project"], name="quarterly_score_project_once"),
            models.UniqueConstraint(fields=["run", "group", "unit"], name="quarterly_score_unit_once"),
            models.CheckConstraint(condition=Q(project__isnull=False) | Q(unit__isnull=False),
                                   name="quarterly_score_has_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.total}"

    @property
    def subject_id(self) -> int:
        return self.project_id or self.unit_id


class Award(models.Model):
    """An award of a run: proposed by a rule or added by the HQ office; removal keeps the row, with a reason."""

    class Source(models.TextChoices):
        RULE = "rule", "按规则拟定"
        MANUAL = "manual", "指挥部办公室增补"

    run = models.ForeignKey(ScoringRun, verbose_name="季度考核", on_delete=models.CASCADE, related_name="awards")
    kind = models.CharField("奖项", max_length=16, choices=AwardKind.choices)
    group = models.CharField("授予对象", max_length=16, choices=Group.choices)
    score = models.ForeignKey(Score, verbose_name="得分", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="awards")
    project = models.ForeignKey(Project, verbose_name="项目", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    unit = models.ForeignKey(Unit, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    name = models.CharField("名称", max_length=200)
    source = models.CharField("来源", max_length=16, choices=Source.choices, default=Source.RULE)
    reason = models.TextField("理由")
    is_removed = models.BooleanField("已撤销", default=False)
    removed_reason = models.TextField("撤销理由", blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="增补人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    removed_at = models.DateTimeField("撤销时间", null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="撤销人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "奖项"
        verbose_name_plural = "奖项"
        ordering = ["run", "kind", "is_removed", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "kind", "project"], condition=Q(is_removed=False),
                                    name="quarterly_award_project_once"),
            models.UniqueConstraint(fields=["run", "kind", "unit"], condition=Q(is_removed=False),
                                    name="quarterly_award_unit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.get_kind_display()}"
