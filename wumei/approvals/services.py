"""Use cases of approval efficiency: record an approval item and change it. The actual working days are worked
out here, with the working calendar, and kept on the item."""

import datetime

from django.db import transaction
from django.utils import timezone

from wumei.approvals import permissions, rules
from wumei.approvals.models import ApprovalItem
from wumei.audit.services import diff, record, snapshot
from wumei.calendar.services import load_calendar
from wumei.core.errors import PermissionDenied, ValidationError
from wumei.org.models import Unit
from wumei.projects.models import Project

FIELDS = ("kind", "name", "department", "mode", "statutory_days", "statutory_steps", "actual_steps",
          "statutory_materials", "actual_materials", "applied_on", "approved_on", "note")
MAX_DAYS = 720


def _validate(project: Project, values: dict, today: datetime.date) -> None:
    errors = {}
    if values["kind"] not in ApprovalItem.Kind.values:
        errors["kind"] = "请选择审批事项"
    if values["kind"] == ApprovalItem.Kind.OTHER and not values["name"]:
        errors["name"] = "“其他审批事项”须填写事项名称"
    if values["mode"] not in ApprovalItem.Mode.values:
        errors["mode"] = "请选择办理模式"
    department = values["department"]
    if department is None or department.kind != Unit.Kind.APPROVAL:
        errors["department"] = "请选择审批部门"
    elif not department.region.path.startswith(project.county.path):
        errors["department"] = "审批部门不在项目所属县（区）"
    for name, label in (("statutory_days", "法定时限"), ("statutory_steps", "法定环节"), ("actual_steps", "实际环节"),
                        ("statutory_materials", "法定材料"), ("actual_materials", "实际材料")):
        value = values[name]
        if value is None or not isinstance(value, int) or value < 0:
            errors[name] = f"{label}须为不小于0的整数"
        elif value > MAX_DAYS:
            errors[name] = f"{label}不能超过{MAX_DAYS}"
    if values["statutory_days"] == 0:
        errors["statutory_days"] = "法定时限至少为1个工作日"
    if values["applied_on"] is None:
        errors["applied_on"] = "请填写受理日期"
    elif values["applied_on"] > today:
        errors["applied_on"] = "受理日期不能晚于今天"
    approved_on = values["approved_on"]
    if approved_on is not None and values["applied_on"] is not None:
        if approved_on < values["applied_on"]:
            errors["approved_on"] = "办结日期不能早于受理日期"
        elif approved_on > today:
            errors["approved_on"] = "办结日期不能晚于今天"
    if errors:
        raise ValidationError(errors)


def _values(kwargs: dict) -> dict:
    values = {name: kwargs.get(name) for name in FIELDS}
    values["name"] = (values["name"] or "").strip()
    values["note"] = (values["note"] or "").strip()
    values["mode"] = values["mode"] or ApprovalItem.Mode.ORDINARY
    return values


def _duplicate(project: Project, values: dict, exclude: int | None = None) -> bool:
    qs = ApprovalItem.objects.filter(project=project, kind=values["kind"], name=values["name"])
    if exclude:
        qs = qs.exclude(pk=exclude)
    return qs.exists()


def create_item(actor, project: Project, *, today: datetime.date | None = None, **kwargs) -> ApprovalItem:
    """Record an approval item of `project` with its statutory baseline and what it actually took."""
    today = today or timezone.localdate()
    values = _values(kwargs)
    if not permissions.can_keep(actor, project, values["department"]):
        raise PermissionDenied("您没有登记该项目审批事项的权限")
    _validate(project, values, today)
    if _duplicate(project, values):
        raise ValidationError({"kind": "该项目已登记此审批事项"})
    days = rules.actual_days(values["applied_on"], values["approved_on"], load_calendar())
    with transaction.atomic():
        item = ApprovalItem.objects.create(project=project, actual_days=days,
                                           created_by=actor if getattr(actor, "is_authenticated", False) else None,
                                           **values)
        record(actor, "approval_item.create", item, after=snapshot(item), region_code=project.county.code)
    return item


def update_item(actor, item: ApprovalItem, *, today: datetime.date | None = None, **kwargs) -> ApprovalItem:
    """Change an item (e.g. record its approval date when it is approved)."""
    today = today or timezone.localdate()
    project = item.project
    values = _values(kwargs)
    if not (permissions.can_keep(actor, project, item.department)
            and permissions.can_keep(actor, project, values["department"])):
        raise PermissionDenied("您没有修改该审批事项的权限")
    _validate(project, values, today)
    if _duplicate(project, values, exclude=item.pk):
        raise ValidationError({"kind": "该项目已登记此审批事项"})
    days = rules.actual_days(values["applied_on"], values["approved_on"], load_calendar())
    with transaction.atomic():
        locked = ApprovalItem.objects.select_for_update().get(pk=item.pk)
        before = snapshot(locked)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.actual_days = days
        locked.updated_at = timezone.now()
        locked.save()
        old, new = diff(before, snapshot(locked))
        new.pop("updated_at", None)
        old.pop("updated_at", None)
        record(actor, "approval_item.update", locked, before=old, after=new, region_code=project.county.code)
    return locked
