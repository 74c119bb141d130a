from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from wumei.org.models import Chain, Person, Region, Unit
from wumei.photos.models import Photo
from wumei.problems.models import Problem
from wumei.projects.models import MONEY, Project


class VisitDelegate(models.Model):
    """A secretary (秘书) who may log weekly visits on behalf of a lead leader."""

    leader = models.ForeignKey(Person, verbose_name="牵头领导", on_delete=models.CASCADE,
                               related_name="visit_delegations")
    secretary = models.ForeignKey(Person, verbose_name="代为登记人（秘书）", on_delete=models.CASCADE,
                                  related_name="visit_delegate_for")
    created_at = models.DateTimeField("授权时间", default=timezone.now)

    class Meta:
        verbose_name = "走访代录授权"
        verbose_name_plural = "走访代录授权"
        ordering = ["leader__name", "secretary__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["leader", "secretary"], name="visit_delegate_unique"),
            models.CheckConstraint(condition=~Q(leader=F("secretary")), name="visit_delegate_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.secretary.name} 代 {self.leader.name} 登记走访"


class Visit(models.Model):
    """A lead leader's visit to one of his projects (每周必访, seed §二): who went, what was seen, photos,
    and the problems raised on the spot."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="visits")
    leader = models.ForeignKey(Person, verbose_name="牵头领导", on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField("走访日期")
    companions = models.ManyToManyField(Person, verbose_name="随行人员", blank=True,
                                        related_name="accompanied_visits")
    companions_note = models.CharField("其他随行人员", max_length=200, blank=True)
    findings = models.TextField("走访情况")
    photos = models.ManyToManyField(Photo, verbose_name="现场照片", blank=True, related_name="visits")
    problems = models.ManyToManyField(Problem, verbose_name="现场提出的问题", blank=True, related_name="visits")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="recorded_visits")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "项目走访"
        verbose_name_plural = "项目走访"
        ordering = ["-visited_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "leader", "visited_on"], name="visit_unique_per_day"),
        ]
        indexes = [
            models.Index(fields=["leader", "visited_on"]),
            models.Index(fields=["project", "visited_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.leader.name} {self.visited_on:%Y-%m-%d} 走访 {self.project.name}"


class ChainItem(models.Model):
    """One line of a chain's typed lists (五单): development, investment attraction or technology transfer.
    The project list and the problem list are not typed: they come from the registry and the problems."""

    class Kind(models.TextChoices):
        DEVELOPMENT = "development", "产业发展清单"
        INVESTMENT = "investment", "招商清单"
        TECHNOLOGY = "technology", "科技成果转化清单"

    class Status(models.TextChoices):
        PLANNED = "planned", "计划中"
        IN_PROGRESS = "in_progress", "推进中"
        DONE = "done", "已完成"
        SUSPENDED = "suspended", "暂缓"

    chain = models.ForeignKey(Chain, verbose_name="产业链", on_delete=models.CASCADE, related_name="list_items")
    kind = models.CharField("清单", max_length=16, choices=Kind.choices)
    title = models.CharField("事项", max_length=200)
    detail = models.TextField("具体内容", blank=True)
    amount = models.DecimalField("金额（万元）", null=True, blank=True, **MONEY)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PLANNED)
    responsible = models.CharField("责任单位/责任人", max_length=100, blank=True)
    due_on = models.DateField("完成时限", null=True, blank=True)
    order = models.PositiveSmallIntegerField("序号", default=0)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "产业链清单事项"
        verbose_name_plural = "产业链清单事项"
        ordering = ["chain", "kind", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0), name="chain_item_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class SupplyLink(models.Model):
    """An upstream/downstream relation in a chain: `supplier` supplies `product` to `customer` (上下游企业图谱)."""

    chain = models.ForeignKey(Chain, verbose_name="产业链", on_delete=models.CASCADE, related_name="supply_links")
    supplier = models.ForeignKey(Unit, verbose_name="上游企业（供应方）", on_delete=models.CASCADE,
                                 related_name="supplies", limit_choices_to={"kind": Unit.Kind.ENTERPRISE})
    customer = models.ForeignKey(Unit, verbose_name="下游企业（采购方）", on_delete=models.CASCADE,
                                 related_name="purchases", limit_choices_to={"kind": Unit.Kind.ENTERPRISE})
    product = models.CharField("产品/配套内容", max_length=100)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "上下游配套关系"
        verbose_name_plural = "上下游配套关系"
        ordering = ["chain", "id"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "supplier", "customer", "product"], name="supply_link_unique"),
            models.CheckConstraint(condition=~Q(supplier=F("customer")), name="supply_link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier.name} → {self.customer.name}（{self.product}）"


class InvestmentLead(models.Model):
    """An investment-attraction lead (招商项目) from first contact through signing to ground-breaking
    (seed §二: leads signed, amounts, 10亿元以上, 三类500强, park signed/started, 履约率)."""

    class Stage(models.TextChoices):
        CONTACT = "contact", "接洽"
        NEGOTIATING = "negotiating", "洽谈"
        SIGNED = "signed", "签约"
        STARTED = "started", "开工"
        DROPPED = "dropped", "终止"

    county = models.ForeignKey(Region, verbose_name="所属县（区）", on_delete=models.PROTECT,
                               related_name="investment_leads")
    name = models.CharField("项目名称", max_length=200)
    investor = models.CharField("投资方", max_length=200)
    is_top500 = models.BooleanField("三类500强企业", default=False)
    amount = models.DecimalField("投资额（万元）", **MONEY)
    chain = models.ForeignKey(Chain, verbose_name="所属产业链", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="investment_leads")
    park = models.ForeignKey(Unit, verbose_name="落户园区", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="park_leads", limit_choices_to={"kind": Unit.Kind.PARK})
    town = models.ForeignKey(Unit, verbose_name="落户乡镇", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="town_leads", limit_choices_to={"kind": Unit.Kind.TOWN})
    stage = models.CharField("阶段", max_length=16, choices=Stage.choices, default=Stage.CONTACT, db_index=True)
    contacted_on = models.DateField("接洽日期", null=True, blank=True)
    signed_on = models.DateField("签约日期", null=True, blank=True)
    contract_start_on = models.DateField("合同约定开工日期", null=True, blank=True)
    started_on = models.DateField("开工日期", null=True, blank=True)
    project = models.OneToOneField(Project, verbose_name="已入库项目", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="investment_lead")
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "招商项目"
        verbose_name_plural = "招商项目"
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="investment_lead_amount_positive"),
        ]
        indexes = [models.Index(fields=["county", "signed_on"]), models.Index(fields=["county", "started_on"])]

    def __str__(self) -> str:
        return self.name


class LeadTransition(models.Model):
    """A lead's stage history: from, to, why, who, when."""

    lead = models.ForeignKey(InvestmentLead, verbose_name="招商项目", on_delete=models.CASCADE,
                             related_name="transitions")
    from_stage = models.CharField("原阶段", max_length=16, choices=InvestmentLead.Stage.choices, blank=True)
    to_stage = models.CharField("新阶段", max_length=16, choices=InvestmentLead.Stage.choices)
    reason = models.TextField("原因", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "招商项目阶段变更"
        verbose_name_plural = "招商项目阶段变更"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.lead}：{self.get_from_stage_display()} → {self.get_to_stage_display()}"
