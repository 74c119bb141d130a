from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wumei.dekad import rules
from wumei.org.models import Person, Region, Unit
from wumei.projects.models import MONEY, Project

DEFAULT_S_CURVE_TEXT = ",".join(str(v) for v in rules.DEFAULT_S_CURVE)


class DekadSettings(models.Model):
    """A county's thresholds of the supervision round, kept by its HQ office (DOMAIN.md: every threshold is
    configurable). A county without a row uses the defaults below."""

    class Basis(models.TextChoices):
        ELAPSED = rules.Basis.ELAPSED, "序时进度（已过月数÷12）"
        S_CURVE = rules.Basis.S_CURVE, "计划进度曲线（逐月累计百分比）"

    county = models.OneToOneField(Region, verbose_name="县（区）", on_delete=models.CASCADE,
                                  related_name="dekad_settings")
    reminder_days = models.PositiveSmallIntegerField(
        "提醒函：计划开工前天数", default=30, validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text="尚未开工、计划开工日期在今后多少天内（含当天）的项目发提醒函")
    assignment_overdue_days = models.PositiveSmallIntegerField(
        "交办函：逾期天数", default=15, validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text="计划开工（竣工投产）日期或清单任务时限已过多少天（含）仍未完成的发交办函")
    supervision_percent = models.DecimalField(
        "督办函：投资完成低于应完成的（%）", max_digits=5, decimal_places=1, default=Decimal(50),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(100))],
        help_text="本年完成投资低于应完成投资的这一比例即为严重滞后")
    amber_percent = models.DecimalField(
        "预警（黄灯）：投资完成低于应完成的（%）", max_digits=5, decimal_places=1, default=Decimal(80),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(100))])
    basis = models.CharField("应完成投资的计算口径", max_length=16, choices=Basis.choices, default=Basis.ELAPSED)
    s_curve = models.CharField("计划进度曲线（1–12月累计%）", max_length=120, default=DEFAULT_S_CURVE_TEXT,
                               help_text="12个逗号分隔的累计百分比，逐月不减，12月为100")
    use_monthly_plans = models.BooleanField("有月度计划的项目按月度计划计算", default=True)
    reply_days_reminder = models.PositiveSmallIntegerField(
        "提醒函回复时限（工作日）", default=5, validators=[MinValueValidator(1), MaxValueValidator(60)])
    reply_days_assignment = models.PositiveSmallIntegerField(
        "交办函回复时限（工作日）", default=5, validators=[MinValueValidator(1), MaxValueValidator(60)])
    reply_days_supervision = models.PositiveSmallIntegerField(
        "督办函回复时限（工作日）", default=5, validators=[MinValueValidator(1), MaxValueValidator(60)])
    issuer = models.CharField("发文机关", max_length=100, blank=True,
                              help_text="留空则为“××县重点项目建设协调总指挥部办公室”")
    prefix_reminder = models.CharField("提醒函发文字号前缀", max_length=32, blank=True, help_text="如“示范重项提”")
    prefix_assignment = models.CharField("交办函发文字号前缀", max_length=32, blank=True, help_text="如“示范重项交”")
    prefix_supervision = models.CharField("督办函发文字号前缀", max_length=32, blank=True, help_text="如“示范重项督”")
    prefix_dispatch = models.CharField("调度令发文字号前缀", max_length=32, blank=True, help_text="如“示范重项调”")
    remind_visits = models.BooleanField("工作提示：上周未走访的项目提示牵头领导", default=True)
    reminder_missing_reports = models.PositiveSmallIntegerField(
        "工作提示：上一旬缺报日报达到（份）提示责任单位", default=3,
        help_text="填0则不提示缺报")
    remind_problems = models.BooleanField("工作提示：逾期未解决的问题提示承办单位", default=True)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="更新人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "每旬必督设置"
        verbose_name_plural = "每旬必督设置"

    def __str__(self) -> str:
        return f"{self.county}每旬必督设置"

    def thresholds(self) -> rules.Thresholds:
        try:
            curve = rules.parse_s_curve(self.s_curve)
        except ValueError:
            curve = tuple(Decimal(v) for v in rules.DEFAULT_S_CURVE)
        return rules.Thresholds(
            reminder_days=self.reminder_days, assignment_overdue_days=self.assignment_overdue_days,
            supervision_percent=Decimal(self.supervision_percent), amber_percent=Decimal(self.amber_percent),
            basis=self.basis, s_curve=curve, use_monthly_plans=self.use_monthly_plans,
        )

    @property
    def issuer_name(self) -> str:
        return self.issuer or f"{self.county.name}重点项目建设协调总指挥部办公室"

    def prefix_for(self, series: str) -> str:
        """The document-number prefix of a series (a letter kind or "dispatch")."""
        own = getattr(self, f"prefix_{series}", "")
        if own:
            return own
        char = {"reminder": "提", "assignment": "交", "supervision": "督", "dispatch": "调"}[series]
        return f"{rules.county_short(self.county.name)}重项{char}"

    def reply_days_for(self, kind: str) -> int:
        return getattr(self, f"reply_days_{kind}")


class MonthlyPlan(models.Model):
    """A project's planned investment for one month of a year (月度计划); when given for all twelve months the
    expected investment follows it instead of 序时进度."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="monthly_plans")
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份", validators=[MinValueValidator(1), MaxValueValidator(12)])
    planned_investment = models.DecimalField("月度计划投资（万元）", **MONEY)

    class Meta:
        verbose_name = "月度计划"
        verbose_name_plural = "月度计划"
        ordering = ["project", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="monthly_plan_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="monthly_plan_month_1_12"),
            models.CheckConstraint(condition=Q(planned_investment__gte=0), name="monthly_plan_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}年{self.month}月计划"


class NumberCounter(models.Model):
    """The last document number (文号) given in a county for a series (a letter kind or dispatch orders) and
    a year. Locked and advanced inside the issuing transaction, so numbers are sequential with no gaps and
    never reused."""

    county = models.ForeignKey(Region, verbose_name="县（区）", on_delete=models.CASCADE, related_name="+")
    series = models.CharField("文种", max_length=16)
    year = models.PositiveSmallIntegerField("年度")
    last_number = models.PositiveIntegerField("已用至", default=0)

    class Meta:
        verbose_name = "发文编号"
        verbose_name_plural = "发文编号"
        constraints = [models.UniqueConstraint(fields=["county", "series", "year"], name="number_counter_unique")]

    def __str__(self) -> str:
        return f"{self.county} {self.series} {self.year}：{self.last_number}"


class Letter(models.Model):
    """One of the three letters (三函, seed §三): a reminder (提醒函), assignment (交办函) or supervision letter
    (督办函) to a project's unit. Drafted by the dekad round (one of a kind per project per dekad), issued by
    the HQ office with a document number, received and answered by the unit by a deadline in working days,
    closed by the HQ office or escalated."""

    class Kind(models.TextChoices):
        REMINDER = rules.Kind.REMINDER, "提醒函"
        ASSIGNMENT = rules.Kind.ASSIGNMENT, "交办函"
        SUPERVISION = rules.Kind.SUPERVISION, "督办函"

    class Status(models.TextChoices):
        DRAFT = rules.DRAFT, "草稿"
        ISSUED = rules.ISSUED, "已印发"
        RECEIVED = rules.RECEIVED, "已签收"
        ANSWERED = rules.ANSWERED, "已回复"
        CLOSED = rules.CLOSED, "已办结"
        ESCALATED = rules.ESCALATED, "已升级督办"
        WITHDRAWN = rules.WITHDRAWN, "已作废"

    county = models.ForeignKey(Region, verbose_name="县（区）", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField("函件类型", max_length=16, choices=Kind.choices)
    dekad = models.CharField("旬次", max_length=16, db_index=True)  # "2023-09上旬"
    dekad_start = models.DateField("旬次开始日期", db_index=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    rule = models.CharField("触发规则", max_length=40)
    basis = models.JSONField("触发依据", default=dict, blank=True)  # rule, inputs and thresholds (rules.Due.basis)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    recipient_unit = models.ForeignKey(Unit, verbose_name="主送单位", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="letters")
    drafted_on = models.DateField("起草日期")
    # The date the letter is about, for reminders the planned start it reminds of (one reminder per date).
    subject_on = models.DateField("所涉日期", null=True, blank=True)
    reply_days = models.PositiveSmallIntegerField("回复时限（工作日）", default=5)
    year = models.PositiveSmallIntegerField("发文年度", null=True, blank=True)
    number = models.PositiveIntegerField("发文序号", null=True, blank=True)
    doc_number = models.CharField("发文字号", max_length=64, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True, db_index=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签发人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    reply_due_on = models.DateField("回复期限", null=True, blank=True)
    received_at = models.DateTimeField("签收时间", null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签收人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reply_text = models.TextField("回复内容（整改措施）", blank=True)
    answered_on = models.DateField("回复日期", null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="回复人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    closed_on = models.DateField("办结日期", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办结人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    close_note = models.TextField("办结意见", blank=True)
    escalated_to = models.ForeignKey("self", verbose_name="升级为", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="escalated_from")
    created_at = models.DateTimeField("生成时间", default=timezone.now)

    class Meta:
        verbose_name = "督办函件"
        verbose_name_plural = "督办函件"
        ordering = ["-dekad_start", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "dekad"], name="letter_one_per_kind_per_dekad"),
            models.UniqueConstraint(fields=["county", "kind", "year", "number"], condition=Q(number__isnull=False),
                                    name="letter_number_unique"),
        ]
        indexes = [models.Index(fields=["county", "status"]), models.Index(fields=["recipient_unit", "status"])]

    def __str__(self) -> str:
        return self.doc_number or f"{self.get_kind_display()}（草稿）{self.project}"

    @property
    def is_open(self) -> bool:
        return self.status in rules.OPEN_STATUSES

    def is_overdue_on(self, day) -> bool:
        """Issued, not answered, and past its reply deadline (the deadline day itself is not past)."""
        return self.status in rules.AWAITING_ANSWER and self.reply_due_on is not None and day > self.reply_due_on

    @property
    def kind_label(self) -> str:
        return rules.KIND_LABELS[rules.Kind(self.kind)]

    @property
    def rule_label(self) -> str:
        try:
            return rules.RULE_LABELS[rules.Rule(self.rule)]
        except ValueError:
            return self.rule


class LetterEvent(models.Model):
    """A letter's history: drafted, edited, issued, received, answered, closed, escalated, withdrawn."""

    class Action(models.TextChoices):
        DRAFT = "draft", "生成草稿"
        EDIT = "edit", "修改草稿"
        ISSUE = "issue", "印发"
        RECEIVE = "receive", "签收"
        ANSWER = "answer", "回复"
        CLOSE = "close", "办结"
        ESCALATE = "escalate", "升级督办"
        WITHDRAW = "withdraw", "作废"

    letter = models.ForeignKey(Letter, verbose_name="函件", on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    from_status = models.CharField("原状态", max_length=16, choices=Letter.Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=Letter.Status.choices)
    on = models.DateField("日期")
    note = models.TextField("说明", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "函件办理记录"
        verbose_name_plural = "函件办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.letter_id}: {self.get_action_display()}"


def attachment_path(instance, filename: str) -> str:
    return f"dekad/letters/{instance.letter_id}/{filename}"


class LetterAttachment(models.Model):
    """A file the unit attaches to its reply (整改材料), served only to those who may read the letter."""

    letter = models.ForeignKey(Letter, verbose_name="函件", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path, max_length=255)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "回复附件"
        verbose_name_plural = "回复附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class DekadRound(models.Model):
    """The supervision round of a county for a dekad: when it last ran and what it found. One row per county
    and dekad however often the round runs."""

    county = models.ForeignKey(Region, verbose_name="县（区）", on_delete=models.CASCADE, related_name="+")
    dekad = models.CharField("旬次", max_length=16)
    dekad_start = models.DateField("旬次开始日期")
    last_on = models.DateField("按日期运行")
    runs = models.PositiveIntegerField("运行次数", default=0)
    projects = models.PositiveIntegerField("检查项目数", default=0)
    letters = models.PositiveIntegerField("函件数", default=0)
    reminders = models.PositiveIntegerField("工作提示数", default=0)
    counts = models.JSONField("分类统计", default=dict, blank=True)
    last_run_at = models.DateTimeField("最近运行时间", default=timezone.now)
    last_run_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="运行人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "督查轮次"
        verbose_name_plural = "督查轮次"
        ordering = ["-dekad_start", "county_id"]
        constraints = [models.UniqueConstraint(fields=["county", "dekad"], name="dekad_round_unique")]

    def __str__(self) -> str:
        return f"{self.county} {self.dekad}督查"


class WorkReminder(models.Model):
    """A work reminder (工作提示) to a lead leader or a unit: projects not visited last week, daily reports
    missing in the last dekad, problems past their deadline. One per recipient, subject and dekad."""

    class Subject(models.TextChoices):
        VISITS = "visits", "项目未按周走访"
        REPORTS = "reports", "日报缺报"
        PROBLEMS = "problems", "问题逾期未解决"

    county = models.ForeignKey(Region, verbose_name="县（区）", on_delete=models.CASCADE, related_name="+")
    dekad = models.CharField("旬次", max_length=16, db_index=True)
    dekad_start = models.DateField("旬次开始日期", db_index=True)
    sent_on = models.DateField("提示日期", db_index=True)
    subject = models.CharField("提示事项", max_length=16, choices=Subject.choices)
    recipient_key = models.CharField("收件对象", max_length=32)  # "person:12" / "unit:5"
    person = models.ForeignKey(Person, verbose_name="提示领导", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="work_reminders")
    unit = models.ForeignKey(Unit, verbose_name="提示单位", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="work_reminders")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    items = models.JSONField("涉及事项", default=list, blank=True)
    created_at = models.DateTimeField("生成时间", default=timezone.now)

    class Meta:
        verbose_name = "工作提示"
        verbose_name_plural = "工作提示"
        ordering = ["-dekad_start", "subject", "id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient_key", "subject", "dekad"], name="work_reminder_once"),
            models.CheckConstraint(condition=Q(person__isnull=False) | Q(unit__isnull=False),
                                   name="work_reminder_has_recipient"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def recipient_name(self) -> str:
        if self.person_id:
            return self.person.name
        return self.unit.name if self.unit_id else ""


class DispatchOrder(models.Model):
    """A dispatch order (调度令) the HQ office writes by hand: to units, about projects, with a deadline;
    issued with its own document-number sequence."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        ISSUED = "issued", "已下达"
        CLOSED = "closed", "已办结"

    county = models.ForeignKey(Region, verbose_name="县（区）", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("调度事项")
    units = models.ManyToManyField(Unit, verbose_name="责任单位", related_name="dispatch_orders")
    projects = models.ManyToManyField(Project, verbose_name="涉及项目", blank=True, related_name="dispatch_orders")
    deadline_on = models.DateField("完成时限")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    year = models.PositiveSmallIntegerField("发文年度", null=True, blank=True)
    number = models.PositiveIntegerField("发文序号", null=True, blank=True)
    doc_number = models.CharField("发文字号", max_length=64, blank=True)
    issued_on = models.DateField("下达日期", null=True, blank=True, db_index=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签发人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    closed_on = models.DateField("办结日期", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办结人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    close_note = models.TextField("办结情况", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="起草人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("起草时间", default=timezone.now)

    class Meta:
        verbose_name = "调度令"
        verbose_name_plural = "调度令"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year", "number"], condition=Q(number__isnull=False),
                                    name="dispatch_order_number_unique"),
        ]

    def __str__(self) -> str:
        return self.doc_number or f"调度令（草稿）{self.title}"
