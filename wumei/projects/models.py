from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from wumei.org.models import Chain, Person, Region, Unit

MONEY = {"max_digits": 18, "decimal_places": 4}  # 万元, exact to the yuan


class Stage(models.TextChoices):
    """Lifecycle stages, in order (seed §一)."""

    PLANNING = "planning", "策划包装"
    PRE_REVIEW = "pre_review", "招商预审"
    SIGNING = "signing", "谈判签约"
    SITING = "siting", "规划选址"
    STARTED = "started", "落地开工"
    ASSESSMENT = "assessment", "履约评估"
    OPERATING = "operating", "竣工投产运营"


STAGE_ORDER = {value: index for index, value in enumerate(Stage.values)}


class Level(models.TextChoices):
    PROVINCIAL = "provincial", "省重点"
    MUNICIPAL = "municipal", "市重点"
    COUNTY = "county", "县重点"


class Category(models.TextChoices):
    INDUSTRIAL = "industrial", "工业项目"
    INFRASTRUCTURE = "infrastructure", "基础设施项目"
    SOCIAL = "social", "社会民生项目"
    AGRICULTURE = "agriculture", "农业农村项目"
    SERVICE = "service", "现代服务业项目"
    ECOLOGY = "ecology", "生态环保项目"


class FundingSource(models.TextChoices):
    CENTRAL_BUDGET = "central_budget", "中央预算内投资"
    SPECIAL_BOND = "special_bond", "地方政府专项债券"
    FISCAL = "fiscal", "地方财政资金"
    ENTERPRISE = "enterprise", "企业自筹"
    LOAN = "loan", "银行贷款"
    MIXED = "mixed", "多渠道筹措"


class PlanKind(models.TextChoices):
    """What a project is within one year's plan."""

    CONTINUING = "continuing", "续建"
    NEW_START = "new_start", "新开工"
    COMPLETING = "completing", "竣工投产"
    PREPARATORY = "preparatory", "预备/前期"


class Project(models.Model):
    """A key project (重点项目) with its "five ones" and "three ones" of service."""

    code = models.CharField("项目编号", max_length=32, null=True, blank=True, unique=True)
    name = models.CharField("项目名称", max_length=200)
    county = models.ForeignKey(Region, verbose_name="所属县（区）", on_delete=models.PROTECT, related_name="projects")
    owner = models.ForeignKey(Unit, verbose_name="项目业主", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="owned_projects", limit_choices_to={"kind": Unit.Kind.ENTERPRISE})
    content = models.TextField("建设内容", blank=True)
    category = models.CharField("项目类别", max_length=16, choices=Category.choices, default=Category.INDUSTRIAL)
    level = models.CharField("项目级别", max_length=16, choices=Level.choices, default=Level.COUNTY, db_index=True)
    chain = models.ForeignKey(Chain, verbose_name="所属产业链", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="projects")
    park = models.ForeignKey(Unit, verbose_name="所在园区", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="park_projects", limit_choices_to={"kind": Unit.Kind.PARK})
    town = models.ForeignKey(Unit, verbose_name="所在乡镇", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="town_projects", limit_choices_to={"kind": Unit.Kind.TOWN})
    total_investment = models.DecimalField("总投资（万元）", **MONEY)
    funding_source = models.CharField("资金来源", max_length=16, choices=FundingSource.choices,
                                      default=FundingSource.ENTERPRISE)
    funding_priority = models.PositiveSmallIntegerField(
        "资金保障类别", default=3, help_text="按轻重缓急分四类保障：1类最优先"
    )
    planned_start_on = models.DateField("计划开工时间", null=True, blank=True)
    actual_start_on = models.DateField("实际开工时间", null=True, blank=True)
    planned_completion_on = models.DateField("计划竣工投产时间", null=True, blank=True)
    actual_completion_on = models.DateField("实际竣工投产时间", null=True, blank=True)
    stage = models.CharField("项目阶段", max_length=16, choices=Stage.choices, default=Stage.PLANNING, db_index=True)
    responsible_unit = models.ForeignKey(Unit, verbose_name="责任单位", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="responsible_projects")
    # The five ones: lead leader, special team (Team), work plan, schedule (Milestone); the project itself.
    lead_leader = models.ForeignKey(Person, verbose_name="牵头领导", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="led_projects")
    work_plan = models.TextField("工作方案", blank=True)
    # The three ones of service.
    butler = models.ForeignKey(Person, verbose_name="项目管家", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="butler_projects")
    police = models.ForeignKey(Person, verbose_name="项目警官", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="police_projects")
    inspector = models.ForeignKey(Person, verbose_name="纪检监察员", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="inspector_projects")
    # Search key: full pinyin and initials of name and owner, lower-case, for `qyjt` → 轻盐集团.
    search_key = models.TextField("检索键", blank=True, editable=False)
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "重点项目"
        verbose_name_plural = "重点项目"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(funding_priority__gte=1, funding_priority__lte=4),
                                   name="project_funding_priority_1_4"),
            models.CheckConstraint(condition=Q(total_investment__gte=0), name="project_total_investment_positive"),
        ]
        indexes = [
            models.Index(fields=["county", "level"]),
            models.Index(fields=["county", "stage"]),
            models.Index(fields=["county", "name"]),
        ]

    def __str__(self) -> str:
        return self.name


class AnnualPlan(models.Model):
    """One year's plan for a project: its kind (续建/新开工/…) and planned investment."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("计划类型", max_length=16, choices=PlanKind.choices, default=PlanKind.CONTINUING)
    planned_investment = models.DecimalField("年度计划投资（万元）", **MONEY)

    class Meta:
        verbose_name = "年度计划"
        verbose_name_plural = "年度计划"
        ordering = ["project", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="annual_plan_unique_year"),
            models.CheckConstraint(condition=Q(planned_investment__gte=0), name="annual_plan_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}年计划"


class StageChange(models.Model):
    """A lifecycle stage transition: from, to, why, who, when."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField("原阶段", max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField("新阶段", max_length=16, choices=Stage.choices)
    reason = models.TextField("原因", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL)
    changed_at = models.DateTimeField("变更时间", default=timezone.now)

    class Meta:
        verbose_name = "阶段变更"
        verbose_name_plural = "阶段变更"
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project}：{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class Milestone(models.Model):
    """One line of the project's schedule (时间进度表)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField("节点", max_length=128)
    planned_on = models.DateField("计划完成日期")
    actual_on = models.DateField("实际完成日期", null=True, blank=True)
    order = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        verbose_name = "进度节点"
        verbose_name_plural = "进度节点"
        ordering = ["project", "order", "planned_on"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """The project's special team (工作专班)."""

    project = models.OneToOneField(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="team")
    name = models.CharField("专班名称", max_length=128)
    leader = models.ForeignKey(Person, verbose_name="专班负责人", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="led_teams")
    members = models.ManyToManyField(Person, verbose_name="专班成员", blank=True, related_name="teams")

    class Meta:
        verbose_name = "工作专班"
        verbose_name_plural = "工作专班"

    def __str__(self) -> str:
        return self.name


class Progress(models.Model):
    """The project's progress as of a date: investment completed this year, 形象进度, problems met."""

    class Source(models.TextChoices):
        IMPORT = "import", "表格导入"
        FORM = "form", "页面填报"

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="progress")
    as_of = models.DateField("截至日期")
    year_investment = models.DecimalField("本年完成投资（万元）", null=True, blank=True, **MONEY)
    cumulative_investment = models.DecimalField("累计完成投资（万元）", null=True, blank=True, **MONEY)
    image_progress = models.TextField("形象进度", blank=True)
    issues = models.TextField("存在问题", blank=True)
    source = models.CharField("来源", max_length=16, choices=Source.choices, default=Source.FORM)
    recorded_at = models.DateTimeField("录入时间", default=timezone.now)

    class Meta:
        verbose_name = "项目进度"
        verbose_name_plural = "项目进度"
        ordering = ["project", "-as_of"]
        get_latest_by = "as_of"
        constraints = [models.UniqueConstraint(fields=["project", "as_of"], name="progress_unique_per_day")]

    def __str__(self) -> str:
        return f"{self.project} 截至{self.as_of}"
