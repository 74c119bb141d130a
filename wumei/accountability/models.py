from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wumei.dekad.models import Letter
from wumei.org.models import Person, Region, Unit
from wumei.projects.models import Project


class Case(models.Model):
    """An accountability case (问责, seed §五 强化反向约束): an interview of a unit head (约谈), a discipline case
    (纪律问责) or a business-environment case (营商环境问题查处), with the projects and letters behind it."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", "约谈"
        DISCIPLINE = "discipline", "纪律问责"
        BUSINESS = "business", "营商环境问题查处"

    class Status(models.TextChoices):
        OPEN = "open", "办理中"
        CLOSED = "closed", "已办结"

    county = models.ForeignKey(Region, verbose_name="县（区）", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, db_index=True)
    occurred_on = models.DateField("问责日期", db_index=True)
    subject_unit = models.ForeignKey(Unit, verbose_name="被问责单位", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="accountability_cases")
    subject_people = models.ManyToManyField(Person, verbose_name="被问责人员", blank=True,
                                            related_name="accountability_cases")
    reason = models.TextField("问责事由")
    measures = models.TextField("处理措施及结果", blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    projects = models.ManyToManyField(Project, verbose_name="涉及项目", blank=True,
                                      related_name="accountability_cases")
    letters = models.ManyToManyField(Letter, verbose_name="相关督办函件", blank=True,
                                     related_name="accountability_cases")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "问责案件"
        verbose_name_plural = "问责案件"
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["county", "occurred_on"])]
        constraints = [
            models.CheckConstraint(condition=~Q(status="closed") | Q(closed_on__isnull=False),
                                   name="accountability_closed_has_date"),
        ]

    def __str__(self) -> str:
        unit = self.subject_unit.name if self.subject_unit_id else ""
        return f"{self.get_kind_display()}·{unit}" if unit else self.get_kind_display()
