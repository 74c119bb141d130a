from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wumei.org.models import Person, Unit
from wumei.projects.models import Project


class Task(models.Model):
    """One line of a project's four lists (任务/责任/问题/时限清单): what, who answers for it, by when.

    Kept by the HQ office and the units; monthly consultation decisions become tasks too. The dekad round
    follows overdue tasks (seed §三: 清单化管理).
    """

    class Source(models.TextChoices):
        HQ = "hq", "指挥部办公室"
        UNIT = "unit", "责任单位"
        COMMITMENT = "commitment", "目标管理承诺书"
        CONSULTATION = "consultation", "月度会商"
        LETTER = "letter", "督办函件"

    class Status(models.TextChoices):
        OPEN = "open", "推进中"
        DONE = "done", "已完成"
        CANCELLED = "cancelled", "已取消"

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField("任务内容", max_length=200)
    detail = models.TextField("具体要求", blank=True)
    owner_unit = models.ForeignKey(Unit, verbose_name="责任单位", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="tasks")
    owner_person = models.ForeignKey(Person, verbose_name="责任人", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="tasks")
    due_on = models.DateField("完成时限", db_index=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    done_on = models.DateField("完成日期", null=True, blank=True)
    result = models.TextField("完成情况", blank=True)
    cancel_reason = models.TextField("取消原因", blank=True)
    source = models.CharField("来源", max_length=16, choices=Source.choices, default=Source.HQ)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.SET_NULL)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)
    # Optimistic locking: an edit based on an older version is refused (ConflictError).
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        verbose_name = "清单任务"
        verbose_name_plural = "清单任务"
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"]), models.Index(fields=["project", "status"])]
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | Q(done_on__isnull=False), name="task_done_has_date"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue_on(self, day) -> bool:
        """Open and past its deadline (the deadline day itself is not overdue)."""
        return self.status == self.Status.OPEN and day > self.due_on
