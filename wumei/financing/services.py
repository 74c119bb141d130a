"""Use cases of the financing follow-up: record a request, follow it up (moving its status), from the one place
the views, commands and the demo call."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from wumei.audit.services import record, snapshot
from wumei.core.errors import PermissionDenied, ValidationError
from wumei.financing import permissions, rules
from wumei.financing.models import LoanFollowUp, LoanRequest
from wumei.org.models import Region, Unit
from wumei.projects.models import Project

Status = LoanRequest.Status
MAX_AMOUNT = Decimal("10000000")  # 1000亿元: anything above is a typing error


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _county_of(enterprise: Unit) -> Region:
    """The county an enterprise belongs to (its region, or the county above its town)."""
    region = enterprise.region
    while region.level not in (Region.Level.COUNTY, Region.Level.CITY, Region.Level.PROVINCE) and region.parent_id:
        region = region.parent
    return region


def create_request(actor, enterprise: Unit, *, bank: str, amount: Decimal, purpose: str,
                   requested_on: datetime.date | None = None, project: Project | None = None) -> LoanRequest:
    """An enterprise's loan request, recorded by itself or by the HQ office."""
    requested_on = requested_on or timezone.localdate()
    if enterprise is None or enterprise.kind != Unit.Kind.ENTERPRISE:
        raise ValidationError({"enterprise": "请选择企业"})
    if not permissions.can_request(actor, enterprise):
        raise PermissionDenied("您只能登记本企业的融资需求")
    errors = {}
    bank = (bank or "").strip()
    purpose = (purpose or "").strip()
    if not bank:
        errors["bank"] = "请填写银行（金融机构）"
    if amount is None or amount <= 0:
        errors["amount"] = "申请金额须大于0（万元）"
    elif amount > MAX_AMOUNT:
        errors["amount"] = "申请金额过大，请以万元为单位填写"
    if not purpose:
        errors["purpose"] = "请填写贷款用途"
    if project is not None and project.owner_id != enterprise.pk:
        errors["project"] = "所选项目不属于该企业"
    if requested_on > timezone.localdate():
        errors["requested_on"] = "提出日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    county = _county_of(enterprise)
    with transaction.atomic():
        request = LoanRequest.objects.create(county=county, enterprise=enterprise, project=project, bank=bank,
                                             amount=amount, purpose=purpose, requested_on=requested_on,
                                             created_by=_user(actor))
        record(actor, "loan_request.create", request, after=snapshot(request), region_code=county.code)
    return request


def follow_up(actor, request: LoanRequest, *, note: str, on: datetime.date | None = None, status: str = "",
              granted_amount: Decimal | None = None, refused_reason: str = "") -> LoanFollowUp:
    """月月跟: record a contact about a request; the HQ office may also move its status (granted needs the
    amount, refused a reason). The note and the status change are one write."""
    on = on or timezone.localdate()
    note = (note or "").strip()
    if not permissions.can_follow_up(actor, request):
        raise PermissionDenied("您没有跟进该融资需求的权限")
    if status and not permissions.is_hq(actor, request.county):
        raise PermissionDenied("只有指挥部办公室可以变更融资需求状态")
    if not note:
        raise ValidationError({"note": "请填写跟进情况"})
    if on > timezone.localdate():
        raise ValidationError({"on": "跟进日期不能晚于今天"})
    if on < request.requested_on:
        raise ValidationError({"on": "跟进日期不能早于提出日期"})
    with transaction.atomic():
        locked = LoanRequest.objects.select_for_update().get(pk=request.pk)
        before = snapshot(locked, ["status", "granted_amount", "granted_on", "refused_reason"])
        if status and status != locked.status:
            if status not in Status.values or not rules.can_move(locked.status, status):
                raise ValidationError({"status": f"“{locked.get_status_display()}”的需求不能改为该状态"})
            if status == Status.GRANTED:
                if granted_amount is None or granted_amount <= 0:
                    raise ValidationError({"granted_amount": "放款须填写放款金额（万元）"})
                if granted_amount > MAX_AMOUNT:
                    raise ValidationError({"granted_amount": "放款金额过大，请以万元为单位填写"})
                locked.granted_amount, locked.granted_on = granted_amount, on
            if status == Status.REFUSED:
                refused_reason = (refused_reason or "").strip()
                if not refused_reason:
                    raise ValidationError({"refused_reason": "请填写未获批原因"})
                locked.refused_reason = refused_reason
            row = LoanFollowUp.objects.create(request=locked, on=on, note=note, from_status=locked.status,
                                              to_status=status, actor=_user(actor))
            locked.status = status
            locked.save(update_fields=["status", "granted_amount", "granted_on", "refused_reason"])
            after = snapshot(locked, ["status", "granted_amount", "granted_on", "refused_reason"])
            record(actor, "loan_request.change_status", locked, before=before, after=after, note=note,
                   region_code=locked.county.code)
        else:
            row = LoanFollowUp.objects.create(request=locked, on=on, note=note, actor=_user(actor))
            record(actor, "loan_request.follow_up", locked, after={"on": on, "note": note},
                   region_code=locked.county.code)
    return row
