from django.conf import settings
from django.db import models
from django.utils import timezone

from wumei.org.models import Person, Region, Unit
from wumei.problems.models import Problem
from wumei.projects.models import Project


class ReceptionDay(models.Model):
    """The month's entrepreneur reception day (企业家接待日, seed §四·三): the 8th of each month, or the day the
    HQ office sets when the 8th is not a working day; county leaders receive the entrepreneurs."""

    county = models.ForeignKey(Region, verbose_name="县（区）", on_delete=models.PROTECT, related_name="reception_days")
    # The first day of the month the reception day belongs to: one reception day per county per month.
    month = models.DateField("所属月份")
    held_on = models.DateField("接待日期")
    venue = models.CharField("接待地点", max_length=100, blank=True)
    leaders = models.ManyToManyField(Person, verbose_name="接待领导", blank=True, related_name="reception_days")
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL)
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "企业家接待日"
        verbose_name_plural = "企业家接待日"
        ordering = ["-held_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["county", "month"], name="reception_day_one_per_month")]

    def __str__(self) -> str:
        return f"{self.county} {self.held_on:%Y年%m月%d日}企业家接待日"


class ReceptionVisit(models.Model):
    """One entrepreneur received on a reception day: who came for which enterprise (and project), what was asked,
    the problems opened into the problem ladder, and the answer given."""

    day = models.ForeignKey(ReceptionDay, verbose_name="接待日", on_delete=models.CASCADE, related_name="visits")
    visitor_name = models.CharField("来访人", max_length=32)
    visitor_title = models.CharField("职务", max_length=64, blank=True)
    enterprise = models.ForeignKey(Unit, verbose_name="企业", on_delete=models.PROTECT, related_name="reception_visits",
                                   limit_choices_to={"kind": Unit.Kind.ENTERPRISE})
    project = models.ForeignKey(Project, verbose_name="项目", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="reception_visits")
    request = models.TextField("反映事项（诉求）")
    problems = models.ManyToManyField(Problem, verbose_name="转入问题", blank=True, related_name="reception_visits")
    answer = models.TextField("答复意见", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL)
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "接待来访"
        verbose_name_plural = "接待来访"
        ordering = ["day", "id"]

    def __str__(self) -> str:
        return f"{self.visitor_name}（{self.enterprise}）"

    @property
    def is_answered(self) -> bool:
        return bool(self.answer)
