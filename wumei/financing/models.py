from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wumei.org.models import Region, Unit
from wumei.projects.models import MONEY, Project


class LoanRequest(models.Model):
    """An enterprise's loan request followed by the government–bank–enterprise scheme (政银企"月月联、月月融、
    月月报、月月跟", seed §四·一): requested → under review → granted or refused."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "已提出"
        REVIEWING = "reviewing", "审核中"
        GRANTED = "granted", "已放款"
        REFUSED = "refused", "未获批"

    county = models.ForeignKey(Region, verbose_name="县（区）", on_delete=models.PROTECT, related_name="loan_requests")
    enterprise = models.ForeignKey(Unit, verbose_name="企业", on_delete=models.PROTECT, related_name="loan_requests",
                                   limit_choices_to={"kind": Unit.Kind.ENTERPRISE})
    project = models.ForeignKey(Project, verbose_name="项目", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="loan_requests")
    bank = models.CharField("银行（金融机构）", max_length=64)
    amount = models.DecimalField("申请金额（万元）", **MONEY)
    purpose = models.TextField("贷款用途")
    requested_on = models.DateField("提出日期", db_index=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    granted_amount = models.DecimalField("放款金额（万元）", null=True, blank=True, **MONEY)
    granted_on = models.DateField("放款日期", null=True, blank=True, db_index=True)
    refused_reason = models.TextField("未获批原因", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL)
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "融资需求"
        verbose_name_plural = "融资需求"
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="loan_request_amount_positive"),
            models.CheckConstraint(
                condition=~Q(status="granted") | Q(granted_amount__gt=0, granted_on__isnull=False),
                name="loan_request_granted_has_amount_and_date"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.bank}"


class LoanFollowUp(models.Model):
    """月月跟: a contact with the enterprise or the bank about a request, and any status change it brought."""

    request = models.ForeignKey(LoanRequest, verbose_name="融资需求", on_delete=models.CASCADE,
                                related_name="follow_ups")
    on = models.DateField("跟进日期", db_index=True)
    note = models.TextField("跟进情况")
    from_status = models.CharField("原状态", max_length=16, choices=LoanRequest.Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=LoanRequest.Status.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="跟进人", null=True, blank=True,
                              on_delete=models.SET_NULL)
    at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "融资跟进记录"
        verbose_name_plural = "融资跟进记录"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.on}"
