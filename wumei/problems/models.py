from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wumei.org.models import Person, Region, Unit
from wumei.photos.models import Photo
from wumei.projects.models import Project


class Problem(models.Model):
    """A difficulty a project meets (项目困难问题), fed by every cadence; solved by its unit or escalated
    up the ladder lead leader → executive vice head → county head (seed §二·三)."""

    class Source(models.TextChoices):
        DAILY = "daily", "每日调度"
        VISIT = "visit", "每周走访"
        RECEPTION = "reception", "企业家接待日"
        ENTERPRISE = "enterprise", "企业反映"
        HQ = "hq", "指挥部办公室"

    class Category(models.TextChoices):
        LAND = "land", "用地"
        DEMOLITION = "demolition", "征地拆迁"
        APPROVAL = "approval", "审批手续"
        FUNDS = "funds", "资金"
        POWER = "power", "用电"
        WATER = "water", "用水"
        ENVIRONMENT = "environment", "环保"
        LABOUR = "labour", "用工"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        OPEN = "open", "待交办"
        ASSIGNED = "assigned", "已交办"
        IN_PROGRESS = "in_progress", "办理中"
        SOLVED = "solved", "已解决"
        CONFIRMED = "confirmed", "已确认办结"
        REOPENED = "reopened", "重新办理"

    class Level(models.IntegerChoices):
        UNIT = 0, "责任单位"
        LEAD_LEADER = 1, "牵头领导"
        EXECUTIVE_VICE_HEAD = 2, "常务副县长"
        COUNTY_HEAD = 3, "县长"

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="problems")
    source = models.CharField("来源", max_length=16, choices=Source.choices)
    category = models.CharField("类别", max_length=16, choices=Category.choices, default=Category.OTHER)
    description = models.TextField("问题描述")
    owner_unit = models.ForeignKey(Unit, verbose_name="承办单位", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="owned_problems")
    deadline_days = models.PositiveSmallIntegerField("办理时限（工作日）", default=10)
    raised_on = models.DateField("提出日期", db_index=True)
    due_on = models.DateField("办结期限")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    level = models.PositiveSmallIntegerField("当前层级", choices=Level.choices, default=Level.UNIT)
    level_due_on = models.DateField("本层级办理期限")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="raised_problems")
    solution = models.TextField("解决情况", blank=True)
    solved_on = models.DateField("解决日期", null=True, blank=True)
    confirmed_on = models.DateField("确认日期", null=True, blank=True)
    rating = models.PositiveSmallIntegerField("企业评价（1–5星）", null=True, blank=True)
    rating_comment = models.CharField("评价意见", max_length=200, blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评价人", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="rated_problems")
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    # At the top of the ladder there is nobody to escalate to: an overdue problem is flagged once instead.
    top_overdue_flagged_on = models.DateField("县长层级逾期标记日期", null=True, blank=True)
    photos = models.ManyToManyField(Photo, verbose_name="附件照片", blank=True, related_name="problems")
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "项目问题"
        verbose_name_plural = "项目问题"
        ordering = ["-raised_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="problem_rating_1_5"),
        ]
        indexes = [models.Index(fields=["status", "level_due_on"]), models.Index(fields=["project", "status"])]

    def __str__(self) -> str:
        return f"{self.project}：{self.description[:30]}"

    @property
    def is_active(self) -> bool:
        """Not yet solved: open, assigned, in progress or reopened."""
        return self.status in ACTIVE_STATUSES

    def is_overdue_on(self, day) -> bool:
        """Past the current level's deadline and not solved (the deadline day itself is not overdue)."""
        return self.is_active and day > self.level_due_on


ACTIVE_STATUSES = frozenset({Problem.Status.OPEN, Problem.Status.ASSIGNED, Problem.Status.IN_PROGRESS,
                             Problem.Status.REOPENED})
CLOSED_STATUSES = frozenset({Problem.Status.SOLVED, Problem.Status.CONFIRMED})


class ProblemTransition(models.Model):
    """A problem's history: status or level changed, by whom, when, why."""

    class Action(models.TextChoices):
        RAISE = "raise", "登记问题"
        ASSIGN = "assign", "交办"
        START = "start", "开始办理"
        SOLVE = "solve", "办理解决"
        CONFIRM = "confirm", "确认办结"
        REOPEN = "reopen", "退回重办"
        ESCALATE = "escalate", "提级办理"
        FLAG_OVERDUE = "flag_overdue", "逾期标记"

    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("原状态", max_length=16, choices=Problem.Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=Problem.Status.choices)
    from_level = models.PositiveSmallIntegerField("原层级", choices=Problem.Level.choices, null=True, blank=True)
    to_level = models.PositiveSmallIntegerField("新层级", choices=Problem.Level.choices)
    action = models.CharField("操作", max_length=16, choices=Action.choices, blank=True)
    reason = models.TextField("说明", blank=True)
    on = models.DateField("日期", null=True, blank=True)
    due_on = models.DateField("本层级办理期限", null=True, blank=True)
    is_automatic = models.BooleanField("系统自动", default=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "问题流转记录"
        verbose_name_plural = "问题流转记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.problem_id}: {self.from_status} → {self.to_status}"


class LadderPost(models.Model):
    """Who holds a rung of a county's escalation ladder above the lead leader (常务副县长, 县长)."""

    county = models.ForeignKey(Region, verbose_name="县（区）", on_delete=models.CASCADE)
    level = models.PositiveSmallIntegerField("层级", choices=Problem.Level.choices)
    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT)
    deadline_days = models.PositiveSmallIntegerField("本层级办理时限（工作日）", default=5)

    class Meta:
        verbose_name = "问题升级层级"
        verbose_name_plural = "问题升级层级"
        constraints = [
            models.UniqueConstraint(fields=["county", "level"], name="ladder_post_unique"),
            # Levels 0 and 1 are the problem's unit and its project's lead leader, not posts.
            models.CheckConstraint(condition=Q(level__gte=2, level__lte=3), name="ladder_post_level_2_3"),
            models.CheckConstraint(condition=Q(deadline_days__gte=1), name="ladder_post_deadline_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.get_level_display()}：{self.person.name}"
