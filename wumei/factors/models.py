from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wumei.org.models import Region, Unit
from wumei.projects.models import Project

QUANTITY = {"max_digits": 16, "decimal_places": 4}
AREA = {"max_digits": 12, "decimal_places": 2, "default": 0}


class FactorRequest(models.Model):
    """A project's request for a production factor (要素保障: land, water, power, gas, energy quota,
    environmental capacity, funds, labour), put to the monthly consultation and followed to delivery
    (seed §四·一: 推动要素向项目集聚)."""

    class Kind(models.TextChoices):
        LAND = "land", "用地"
        WATER = "water", "用水"
        POWER = "power", "用电"
        GAS = "gas", "用气"
        ENERGY = "energy", "用能指标"
        ENVIRONMENT = "environment", "环境容量"
        FUNDS = "funds", "资金"
        LABOUR = "labour", "用工"

    class Status(models.TextChoices):
        REQUESTED = "requested", "已申请"
        CONSULTING = "consulting", "会商中"
        DECIDED = "decided", "已议定"
        DELIVERED = "delivered", "已保障到位"
        DECLINED = "declined", "不予保障"

    class LandSource(models.TextChoices):
        NEW_QUOTA = "new_quota", "新增建设用地计划指标"
        STOCK = "stock", "存量建设用地"
        LINKAGE = "linkage", "城乡建设用地增减挂钩"
        BALANCE = "balance", "耕地占补平衡"
        SLOPE = "slope", "低丘缓坡改造"
        OTHER = "other", "其他"

    class FundChannel(models.TextChoices):
        SPECIAL_BOND = "special_bond", "专项债"
        CENTRAL = "central", "中央预算内"
        PROVINCIAL = "provincial", "省预算内"
        BANK = "bank", "银行贷款"
        FUND = "fund", "产业基金"
        OTHER = "other", "其他"

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE,
                                related_name="factor_requests")
    kind = models.CharField("要素类别", max_length=16, choices=Kind.choices, db_index=True)
    sub_kind = models.CharField("细类", max_length=64, blank=True, help_text="如环境容量的污染物：化学需氧量、氨氮、二氧化硫")
    land_source = models.CharField("用地指标来源", max_length=16, choices=LandSource.choices, blank=True)
    fund_channel = models.CharField("资金渠道", max_length=16, choices=FundChannel.choices, blank=True)
    quantity = models.DecimalField("申请数量", **QUANTITY)
    purpose = models.TextField("需求说明", blank=True)
    need_by = models.DateField("需保障日期", db_index=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    requested_on = models.DateField("申请日期")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    deciding_unit = models.ForeignKey(Unit, verbose_name="保障责任单位", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="decided_factor_requests")
    decision = models.TextField("会商意见", blank=True)
    decided_on = models.DateField("议定日期", null=True, blank=True)
    delivered_on = models.DateField("到位日期", null=True, blank=True)
    delivered_quantity = models.DecimalField("到位数量", null=True, blank=True, **QUANTITY)
    decline_reason = models.TextField("不予保障原因", blank=True)
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "要素保障需求"
        verbose_name_plural = "要素保障需求"
        ordering = ["need_by", "id"]
        indexes = [models.Index(fields=["status", "need_by"]), models.Index(fields=["project", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="factor_quantity_positive"),
            models.CheckConstraint(condition=Q(delivered_quantity__isnull=True) | Q(delivered_quantity__gt=0),
                                   name="factor_delivered_positive"),
            models.CheckConstraint(condition=~Q(status="delivered") | Q(delivered_on__isnull=False),
                                   name="factor_delivered_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.project}：{self.get_kind_display()}{self.quantity_text}"

    @property
    def unit_label(self) -> str:
        from wumei.factors.rules import UNITS

        return UNITS[self.kind]

    @property
    def quantity_text(self) -> str:
        from wumei.factors.rules import quantity_text

        return quantity_text(self.quantity, self.kind)

    @property
    def detail_label(self) -> str:
        """The kind with its source, channel or pollutant: 用地（增减挂钩）."""
        extra = (self.get_land_source_display() if self.land_source else
                 self.get_fund_channel_display() if self.fund_channel else self.sub_kind)
        return f"{self.get_kind_display()}（{extra}）" if extra else self.get_kind_display()

    def is_overdue_on(self, day) -> bool:
        """Not delivered (nor declined) and past its need-by date (the date itself is not overdue)."""
        return self.status in OPEN_STATUSES and day > self.need_by


OPEN_STATUSES = frozenset({FactorRequest.Status.REQUESTED, FactorRequest.Status.CONSULTING,
                           FactorRequest.Status.DECIDED})


class FactorTransition(models.Model):
    """A factor request's history: which status it left and entered, by whom, when, why."""

    request = models.ForeignKey(FactorRequest, verbose_name="要素需求", on_delete=models.CASCADE,
                                related_name="transitions")
    from_status = models.CharField("原状态", max_length=16, choices=FactorRequest.Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=FactorRequest.Status.choices)
    note = models.TextField("说明", blank=True)
    on = models.DateField("日期")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "要素需求流转记录"
        verbose_name_plural = "要素需求流转记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status} → {self.to_status}"


class LandCleanup(models.Model):
    """A park's land cleanup figures for a month (亩): the stock of idle, inefficient and approved-but-unsupplied
    land, and how much of each was disposed of that month (seed §四: 清理闲置土地、低效用地、批而未供土地)."""

    county = models.ForeignKey(Region, verbose_name="县（区）", on_delete=models.PROTECT, related_name="+")
    park = models.ForeignKey(Unit, verbose_name="园区", on_delete=models.PROTECT, related_name="land_cleanups")
    month = models.DateField("月份", help_text="当月1日")
    unsupplied = models.DecimalField("批而未供（亩）", **AREA)
    idle = models.DecimalField("闲置土地（亩）", **AREA)
    inefficient = models.DecimalField("低效用地（亩）", **AREA)
    unsupplied_disposed = models.DecimalField("批而未供处置（亩）", **AREA)
    idle_disposed = models.DecimalField("闲置土地处置（亩）", **AREA)
    inefficient_disposed = models.DecimalField("低效用地盘活（亩）", **AREA)
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "园区土地清理"
        verbose_name_plural = "园区土地清理"
        ordering = ["-month", "park__name"]
        constraints = [
            models.UniqueConstraint(fields=["park", "month"], name="land_cleanup_unique_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="land_cleanup_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.park} {self.month:%Y-%m}"

    @property
    def disposed(self):
        return self.unsupplied_disposed + self.idle_disposed + self.inefficient_disposed

    @property
    def stock(self):
        return self.unsupplied + self.idle + self.inefficient
