from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wumei.factors.models import FactorRequest
from wumei.org.models import Person, Region, Unit
from wumei.problems.models import Problem
from wumei.projects.models import Project
from wumei.tasks.models import Task


class Consultation(models.Model):
    """A county's monthly consultation on the key projects' factors and problems (月度会商, seed §四:
    每月对重点建设项目保障问题进行集中会商). One per county per month."""

    county = models.ForeignKey(Region, verbose_name="县（区）", on_delete=models.PROTECT, related_name="+")
    month = models.DateField("月份", help_text="当月1日")
    held_on = models.DateField("会议日期", null=True, blank=True)
    place = models.CharField("会议地点", max_length=100, blank=True)
    chair = models.CharField("主持人", max_length=64, blank=True)
    notes = models.TextField("议程说明", blank=True)
    minutes = models.TextField("会议纪要", blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "月度会商"
        verbose_name_plural = "月度会商"
        ordering = ["-month", "county_id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "month"], name="consultation_unique_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="consultation_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.county}{self.month.year}年{self.month.month}月重点项目要素保障会商"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultation:consultation-detail", args=[self.pk])

    @property
    def title(self) -> str:
        return f"{self.month.year}年{self.month.month}月重点项目要素保障会商会"

    @property
    def is_held(self) -> bool:
        """Held: its date is set and its minutes are written."""
        return self.held_on is not None and bool(self.minutes.strip())

    @property
    def status_label(self) -> str:
        return "已召开" if self.is_held else "筹备中"


class AgendaItem(models.Model):
    """One item of a consultation's agenda: drafted from an open factor request, a problem escalated to county
    level or a project turned red, or added by the HQ office. Removed items stay (hidden) so a re-draft does not
    bring them back."""

    class Kind(models.TextChoices):
        FACTOR = "factor", "要素保障"
        PROBLEM = "problem", "县级协调问题"
        RED = "red", "进度滞后项目"
        OTHER = "other", "其他事项"

    consultation = models.ForeignKey(Consultation, verbose_name="会商", on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField("序号", default=0)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField("议题", max_length=200)
    note = models.TextField("说明", blank=True)
    project = models.ForeignKey(Project, verbose_name="项目", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+")
    factor_request = models.ForeignKey(FactorRequest, verbose_name="要素需求", null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="agenda_items")
    problem = models.ForeignKey(Problem, verbose_name="问题", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+")
    is_drafted = models.BooleanField("系统生成", default=False)
    is_removed = models.BooleanField("已移出议程", default=False)

    class Meta:
        verbose_name = "会商议题"
        verbose_name_plural = "会商议题"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "factor_request"], condition=Q(factor_request__isnull=False),
                                    name="agenda_unique_factor"),
            models.UniqueConstraint(fields=["consultation", "problem"], condition=Q(problem__isnull=False),
                                    name="agenda_unique_problem"),
            models.UniqueConstraint(fields=["consultation", "project"], condition=Q(kind="red"),
                                    name="agenda_unique_red_project"),
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """Who was at the consultation: present, absent, or represented by a substitute."""

    class Status(models.TextChoices):
        PRESENT = "present", "出席"
        ABSENT = "absent", "缺席"
        SUBSTITUTED = "substituted", "委托代参会"

    consultation = models.ForeignKey(Consultation, verbose_name="会商", on_delete=models.CASCADE,
                                     related_name="attendance")
    name = models.CharField("姓名", max_length=32)
    unit = models.ForeignKey(Unit, verbose_name="单位", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    person = models.ForeignKey(Person, verbose_name="人员", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    status = models.CharField("参会情况", max_length=16, choices=Status.choices, default=Status.PRESENT)
    substitute = models.CharField("代参会人", max_length=32, blank=True)
    note = models.CharField("备注", max_length=100, blank=True)

    class Meta:
        verbose_name = "参会情况"
        verbose_name_plural = "参会情况"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="substituted") | ~Q(substitute=""),
                                   name="attendance_substitute_named"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_status_display()}）"


class Decision(models.Model):
    """A decision of the consultation (议定事项): what, for which project, who answers for it, by when. It is a
    task of the project's four lists (source 月度会商) that the dekad round follows."""

    class FactorOutcome(models.TextChoices):
        NONE = "", "不涉及要素需求状态"
        DECIDED = "decided", "议定保障"
        DECLINED = "declined", "不予保障"

    consultation = models.ForeignKey(Consultation, verbose_name="会商", on_delete=models.CASCADE,
                                     related_name="decisions")
    agenda_item = models.ForeignKey(AgendaItem, verbose_name="议题", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="decisions")
    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="+")
    text = models.CharField("议定事项", max_length=200)
    detail = models.TextField("具体要求", blank=True)
    owner_unit = models.ForeignKey(Unit, verbose_name="责任单位", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    owner_person = models.ForeignKey(Person, verbose_name="责任人", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    due_on = models.DateField("完成时限")
    task = models.OneToOneField(Task, verbose_name="清单任务", on_delete=models.PROTECT, related_name="decision")
    factor_request = models.ForeignKey(FactorRequest, verbose_name="要素需求", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="decisions")
    factor_outcome = models.CharField("要素需求处理", max_length=16, choices=FactorOutcome.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "议定事项"
        verbose_name_plural = "议定事项"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(owner_unit__isnull=False) | Q(owner_person__isnull=False),
                                   name="decision_has_owner"),
        ]

    def __str__(self) -> str:
        return self.text
