from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wumei.org.models import Region


class Bulletin(models.Model):
    """The supervision bulletin (督查通报) of one dekad of a county (seed §三): drafted from a frozen data cut-off,
    edited by the HQ office, issued with a document number, read-only from then on."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        ISSUED = "issued", "已印发"

    county = models.ForeignKey(Region, verbose_name="县（区）", on_delete=models.PROTECT, related_name="bulletins")
    dekad_start = models.DateField("通报旬起始日", db_index=True)
    dekad_end = models.DateField("通报旬截止日")
    dekad_label = models.CharField("旬次", max_length=16)
    cutoff_on = models.DateField("数据截止日期")
    drafted_on = models.DateField("起草日期")
    # The figures as computed at the cut-off (bulletins.rules.compose): the document is built from these only.
    snapshot = models.JSONField("数据快照")
    title = models.CharField("标题", max_length=200)
    recipients = models.CharField("主送", max_length=200, blank=True)
    intro = models.TextField("导语", blank=True)
    # Per-section remarks the HQ office writes under the computed figures: section key → text.
    comments = models.JSONField("分节点评", default=dict, blank=True)
    requirements = models.TextField("下步工作要求", blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    number_year = models.PositiveSmallIntegerField("文号年度", null=True, blank=True)
    number = models.PositiveIntegerField("文号序号", null=True, blank=True)
    doc_number = models.CharField("文号", max_length=64, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="印发人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="issued_bulletins")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="起草人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="drafted_bulletins")
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        verbose_name = "督查通报"
        verbose_name_plural = "督查通报"
        ordering = ["-dekad_start", "county_id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "dekad_start"], name="bulletin_once_per_dekad"),
            models.UniqueConstraint(fields=["county", "number_year", "number"], name="bulletin_number_unique"),
            models.CheckConstraint(
                condition=Q(status="draft", number__isnull=True, issued_on__isnull=True)
                | Q(status="issued", number__isnull=False, number_year__isnull=False, issued_on__isnull=False),
                name="bulletin_issued_has_number",
            ),
        ]

    def __str__(self) -> str:
        return self.doc_number or f"{self.dekad_label}督查通报（草稿）"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class BulletinCounter(models.Model):
    """The last document number given to a county's bulletins in a year. Issuing locks this row, so numbers
    run without gaps and never repeat (a rolled-back issue gives its number back)."""

    county = models.ForeignKey(Region, verbose_name="县（区）", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    last_number = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "通报文号计数"
        verbose_name_plural = "通报文号计数"
        constraints = [models.UniqueConstraint(fields=["county", "year"], name="bulletin_counter_unique")]

    def __str__(self) -> str:
        return f"{self.county} {self.year}年：{self.last_number}"
