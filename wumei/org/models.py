from django.conf import settings
from django.db import models
from django.db.models import Q

from wumei.security.fields import EncryptedCharField


class Region(models.Model):
    """An administrative region: province → city → county → town. Everything belongs to one."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "市"
        COUNTY = "county", "县（区）"
        TOWN = "town", "乡镇（街道）"

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级区划", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path of codes ("/43/4304/430424/") so a region's subtree is one indexed prefix query.
    path = models.CharField("路径", max_length=255, db_index=True, editable=False)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.path = (self.parent.path if self.parent_id else "/") + self.code + "/"
        super().save(*args, **kwargs)


class Unit(models.Model):
    """A unit: HQ, responsible unit, approval department, town, park, enterprise or working group."""

    class Kind(models.TextChoices):
        HQ = "hq", "项目协调总指挥部"
        RESPONSIBLE = "responsible", "项目责任单位"
        APPROVAL = "approval", "行政审批服务部门"
        TOWN = "town", "乡镇（街道）"
        PARK = "park", "园区"
        ENTERPRISE = "enterprise", "企业"

    name = models.CharField("名称", max_length=128)
    short_name = models.CharField("简称", max_length=32, blank=True)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, db_index=True)
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    area_hectares = models.DecimalField("面积（公顷）", max_digits=10, decimal_places=2, null=True, blank=True)
    is_top500 = models.BooleanField("三类500强企业", default=False)
    contact_phone = EncryptedCharField("联系电话", max_length=32, blank=True)
    is_active = models.BooleanField("在用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "kind", "name"], name="unit_unique_name_per_region")]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A person in the organisation; may or may not have a login (`user`)."""

    name = models.CharField("姓名", max_length=32)
    unit = models.ForeignKey(Unit, verbose_name="所在单位", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="people")
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="people")
    title = models.CharField("职务", max_length=64, blank=True)
    phone = EncryptedCharField("手机号码", max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="登录账号", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="person",
    )
    is_active = models.BooleanField("在职", default=True)

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）" if self.title else self.name


class Role(models.TextChoices):
    """The roles of DOMAIN.md's table."""

    HQ_OFFICE = "hq_office", "指挥部办公室"
    COMMANDER = "commander", "总指挥长/县领导"
    LEAD_LEADER = "lead_leader", "牵头领导"
    CHAIN_LEADER = "chain_leader", "链长"
    LIAISON = "liaison", "项目联络员"
    UNIT_HEAD = "unit_head", "责任单位负责人"
    BUTLER = "butler", "项目管家"
    POLICE = "police", "项目警官"
    INSPECTOR = "inspector", "纪检监察员"
    ENTERPRISE = "enterprise", "项目业主（企业）"
    SYS_ADMIN = "sys_admin", "系统管理员"
    SEC_ADMIN = "sec_admin", "安全管理员"
    AUDITOR = "auditor", "审计管理员"


class RoleAssignment(models.Model):
    """A person holds a role within a region (and, for unit roles, a unit)."""

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    region = models.ForeignKey(Region, verbose_name="适用区划", on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, verbose_name="适用单位", null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        verbose_name = "角色分配"
        verbose_name_plural = "角色分配"
        constraints = [
            models.UniqueConstraint(fields=["person", "role", "region", "unit"], name="role_assignment_unique"),
            models.UniqueConstraint(fields=["person", "role", "region"], condition=Q(unit__isnull=True),
                                    name="role_assignment_unique_no_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.get_role_display()}"


class WorkingGroup(models.Model):
    """One of the special working groups (专项工作组) of the 1+8+N structure."""

    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT)
    name = models.CharField("名称", max_length=64)
    leader = models.ForeignKey(Person, verbose_name="组长", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="led_groups")
    lead_unit = models.ForeignKey(Unit, verbose_name="牵头单位", null=True, blank=True, on_delete=models.SET_NULL)
    members = models.ManyToManyField(Person, verbose_name="成员", blank=True, related_name="working_groups")
    duties = models.TextField("职责", blank=True)

    class Meta:
        verbose_name = "专项工作组"
        verbose_name_plural = "专项工作组"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="working_group_unique")]

    def __str__(self) -> str:
        return self.name


class Chain(models.Model):
    """An industry chain (产业链) with its chain leader (链长) and deputies."""

    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT)
    name = models.CharField("名称", max_length=64)
    leader = models.ForeignKey(Person, verbose_name="链长", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="led_chains")
    deputies = models.ManyToManyField(Person, verbose_name="副链长", blank=True, related_name="deputy_chains")
    description = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "产业链"
        verbose_name_plural = "产业链"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="chain_unique")]

    def __str__(self) -> str:
        return self.name
