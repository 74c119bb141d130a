from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wumei.org.models import Person, Region, Unit
from wumei.ratings import rules


class Post(models.Model):
    """A government post (岗位) that enterprises score in 百企评百岗 (seed §四: 执法类、审批服务类、公共服务类岗位),
    held by a unit's staff."""

    class Category(models.TextChoices):
        ENFORCEMENT = "enforcement", "行政执法类"
        APPROVAL = "approval", "行政审批服务类"
        SERVICE = "service", "公共服务类"

    county = models.ForeignKey(Region, verbose_name="县（区）", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name="所在单位", on_delete=models.PROTECT, related_name="posts")
    name = models.CharField("岗位名称", max_length=64)
    category = models.CharField("岗位类别", max_length=16, choices=Category.choices)
    duties = models.TextField("岗位职责", blank=True)
    staff = models.ManyToManyField(Person, verbose_name="在岗人员", blank=True, related_name="posts")
    is_active = models.BooleanField("参加评议", default=True)

    class Meta:
        verbose_name = "评议岗位"
        verbose_name_plural = "评议岗位"
        ordering = ["unit__name", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="post_unique_name_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit.name}·{self.name}"


class RatingRound(models.Model):
    """One round of 百企评百岗 in a county (e.g. 2026年第三季度): open on its days, scored by its criteria."""

    county = models.ForeignKey(Region, verbose_name="县（区）", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("轮次名称", max_length=32)
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期", db_index=True)
    min_sample = models.PositiveSmallIntegerField(
        "最少评议数", default=rules.DEFAULT_MIN_SAMPLE, validators=[MinValueValidator(1)],
        help_text="评议数少于此数的岗位或单位，对被评岗位人员只显示“样本不足”")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "评议轮次"
        verbose_name_plural = "评议轮次"
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="rating_round_unique_name"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="rating_round_dates"),
        ]

    def __str__(self) -> str:
        return self.name

    def state_on(self, day) -> rules.RoundState:
        return rules.round_state(self.opens_on, self.closes_on, day)


class Criterion(models.Model):
    """A criterion of a round's form (服务态度, 办事效率 …) with its maximum score and weight."""

    round = models.ForeignKey(RatingRound, verbose_name="评议轮次", on_delete=models.CASCADE,
                              related_name="criteria")
    name = models.CharField("评议指标", max_length=32)
    max_score = models.PositiveSmallIntegerField("满分", validators=[MinValueValidator(1)])
    weight = models.DecimalField("权重", max_digits=6, decimal_places=2, default=Decimal("1"))
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "评议指标"
        verbose_name_plural = "评议指标"
        ordering = ["round", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="criterion_unique_name"),
            models.CheckConstraint(condition=Q(max_score__gte=1) & Q(weight__gt=0), name="criterion_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def as_rule(self) -> rules.Criterion:
        return rules.Criterion(self.pk, self.name, self.max_score, self.weight)


class Rating(models.Model):
    """An enterprise's scoring of one post in one round: once per round, post and enterprise."""

    round = models.ForeignKey(RatingRound, verbose_name="评议轮次", on_delete=models.PROTECT, related_name="ratings")
    post = models.ForeignKey(Post, verbose_name="岗位", on_delete=models.PROTECT, related_name="ratings")
    enterprise = models.ForeignKey(Unit, verbose_name="评议企业", on_delete=models.PROTECT, related_name="+")
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评议人", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    rated_at = models.DateTimeField("评议时间", default=timezone.now)
    score = models.DecimalField("加权得分", max_digits=5, decimal_places=2)
    comment = models.TextField("意见建议", blank=True)

    class Meta:
        verbose_name = "岗位评议"
        verbose_name_plural = "岗位评议"
        ordering = ["-rated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "post", "enterprise"], name="rating_once_per_round"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="rating_score_range"),
        ]
        indexes = [models.Index(fields=["round", "post"])]

    def __str__(self) -> str:
        return f"{self.round}·{self.post}"


class Score(models.Model):
    """One criterion's score in a rating."""

    rating = models.ForeignKey(Rating, verbose_name="评议", on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name="评议指标", on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField("得分")

    class Meta:
        verbose_name = "指标得分"
        verbose_name_plural = "指标得分"
        constraints = [models.UniqueConstraint(fields=["rating", "criterion"], name="score_once_per_criterion")]

    def __str__(self) -> str:
        return str(self.value)
