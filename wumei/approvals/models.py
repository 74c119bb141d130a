from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from wumei.org.models import Unit
from wumei.projects.models import Project


class ApprovalItem(models.Model):
    """One approval a project needs (立项, 用地预审, 施工许可 …) with its statutory baseline and what it actually
    took: steps, materials and working days saved are measured against the baseline (seed §四·二)."""

    class Kind(models.TextChoices):
        PROJECT = "project", "立项（审批/核准/备案）"
        LAND = "land", "用地预审与选址"
        PLANNING = "planning", "建设工程规划许可"
        CONSTRUCTION = "construction", "施工许可"
        ENVIRONMENT = "environment", "环境影响评价"
        ENERGY = "energy", "节能审查（能评）"
        FIRE = "fire", "消防设计审查"
        OTHER = "other", "其他审批事项"

    class Mode(models.TextChoices):
        ORDINARY = "ordinary", "常规审批"
        COMMITMENT = "commitment", "告知承诺（先建后验）"
        TOLERANT = "tolerant", "容缺受理"
        PARALLEL = "parallel", "并联审批"

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="approval_items")
    kind = models.CharField("审批事项", max_length=16, choices=Kind.choices)
    name = models.CharField("事项名称", max_length=100, blank=True, help_text="“其他审批事项”须填写名称")
    department = models.ForeignKey(Unit, verbose_name="审批部门", on_delete=models.PROTECT,
                                   related_name="approval_items", limit_choices_to={"kind": Unit.Kind.APPROVAL})
    mode = models.CharField("办理模式", max_length=16, choices=Mode.choices, default=Mode.ORDINARY)
    statutory_days = models.PositiveSmallIntegerField("法定时限（工作日）")
    statutory_steps = models.PositiveSmallIntegerField("法定环节（个）")
    actual_steps = models.PositiveSmallIntegerField("实际环节（个）")
    statutory_materials = models.PositiveSmallIntegerField("法定材料（份）")
    actual_materials = models.PositiveSmallIntegerField("实际材料（份）")
    applied_on = models.DateField("受理日期")
    approved_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    # Working days in (applied_on, approved_on], worked out by the service with the calendar of the day.
    actual_days = models.PositiveSmallIntegerField("实际用时（工作日）", null=True, blank=True, editable=False)
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL)
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "审批事项"
        verbose_name_plural = "审批事项"
        ordering = ["project", "applied_on", "id"]
        indexes = [models.Index(fields=["department", "approved_on"])]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "name"], name="approval_item_unique"),
            models.CheckConstraint(condition=Q(approved_on__isnull=True) | Q(approved_on__gte=F("applied_on")),
                                   name="approval_item_approved_after_applied"),
            models.CheckConstraint(condition=Q(approved_on__isnull=True, actual_days__isnull=True)
                                   | Q(approved_on__isnull=False, actual_days__isnull=False),
                                   name="approval_item_days_when_approved"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.name or self.get_kind_display()
