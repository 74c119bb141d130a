"""Use cases of factor requests and land cleanup figures. Each checks who may do it, validates, owns its
transaction, writes the history row and the audit event. Status moves only along rules.TRANSITIONS."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from wumei.audit.services import record, snapshot
from wumei.core.errors import ConflictError, PermissionDenied, ValidationError
from wumei.factors import rules
from wumei.factors.models import FactorRequest, FactorTransition, LandCleanup
from wumei.factors.permissions import can_keep_land, can_move, can_request
from wumei.org.models import Region, Unit
from wumei.projects.models import Project

LAND_FIGURES = ("unsupplied", "idle", "inefficient", "unsupplied_disposed", "idle_disposed", "inefficient_disposed")


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def create_request(actor, project: Project, *, kind: str, quantity: Decimal | None, need_by: datetime.date | None,
                   purpose: str = "", land_source: str = "", fund_channel: str = "", sub_kind: str = "",
                   today: datetime.date | None = None) -> FactorRequest:
    """File a factor request for a project (its unit's liaison, its enterprise, or the HQ office)."""
    today = today or timezone.localdate()
    if actor is not None and not can_request(actor, project):
        raise PermissionDenied("您不能为该项目提出要素保障需求")
    errors = rules.request_errors(kind=kind, quantity=quantity, need_by=need_by, today=today,
                                  land_source=land_source, fund_channel=fund_channel, sub_kind=sub_kind)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = FactorRequest.objects.create(
            project=project, kind=kind, quantity=quantity, need_by=need_by, purpose=(purpose or "").strip(),
            land_source=land_source, fund_channel=fund_channel, sub_kind=(sub_kind or "").strip(),
            requested_on=today, requested_by=_user(actor),
        )
        FactorTransition.objects.create(request=request, to_status=request.status, on=today, actor=_user(actor),
                                        note="提出需求")
        record(actor, "factor_request.create", request, after=snapshot(request), region_code=project.county.code)
    return request


def _move(actor, request: FactorRequest, to_status: str, *, on: datetime.date, note: str, action: str,
          changes: dict) -> FactorRequest:
    with transaction.atomic():
        locked = (FactorRequest.objects.select_for_update(of=("self",)).select_related("project__county")
                  .get(pk=request.pk))
        if actor is not None and not can_move(actor, locked):
            raise PermissionDenied("只有指挥部办公室能办理要素保障需求")
        if not rules.may_move(locked.status, to_status):
            raise ConflictError(f"该需求{locked.get_status_display()}，不能{rules.ACTION_LABELS[action]}")
        before = snapshot(locked)
        from_status = locked.status
        locked.status = to_status
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.updated_at = timezone.now()
        locked.save()
        FactorTransition.objects.create(request=locked, from_status=from_status, to_status=to_status, on=on,
                                        actor=_user(actor), note=note)
        after = snapshot(locked)
        keys = [k for k in after if before.get(k) != after.get(k) and k != "updated_at"]
        record(actor, f"factor_request.{action}", locked, before={k: before[k] for k in keys},
               after={k: after[k] for k in keys}, note=note, region_code=locked.project.county.code)
    return locked


def consult_request(actor, request: FactorRequest, *, note: str = "", today: datetime.date | None = None):
    """Put a request on the monthly consultation (会商中)."""
    today = today or timezone.localdate()
    return _move(actor, request, rules.CONSULTING, on=today, note=(note or "").strip() or "提交月度会商",
                 action="consult", changes={})


def decide_request(actor, request: FactorRequest, *, deciding_unit: Unit | None, decision: str,
                   decided_on: datetime.date | None = None, today: datetime.date | None = None) -> FactorRequest:
    """Record what was decided and which unit delivers it (议定)."""
    today = today or timezone.localdate()
    decided_on = decided_on or today
    decision = (decision or "").strip()
    errors = {}
    if not decision:
        errors["decision"] = "请填写会商意见"
    if deciding_unit is None:
        errors["deciding_unit"] = "请选择保障责任单位"
    elif not deciding_unit.region.path.startswith(request.project.county.path):
        errors["deciding_unit"] = "保障责任单位不在该项目所属县（区）"
    if decided_on > today:
        errors["decided_on"] = "议定日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    return _move(actor, request, rules.DECIDED, on=decided_on, note=decision, action="decide",
                 changes={"deciding_unit": deciding_unit, "decision": decision, "decided_on": decided_on})


def deliver_request(actor, request: FactorRequest, *, delivered_on: datetime.date | None,
                    delivered_quantity: Decimal | None = None, today: datetime.date | None = None) -> FactorRequest:
    """Confirm the factor is in place (到位), on a day, with the quantity delivered (the requested one by default)."""
    today = today or timezone.localdate()
    errors = rules.delivery_errors(delivered_on=delivered_on, quantity=delivered_quantity, today=today,
                                   requested_on=request.requested_on)
    if errors:
        raise ValidationError(errors)
    quantity = delivered_quantity if delivered_quantity is not None else request.quantity
    return _move(actor, request, rules.DELIVERED, on=delivered_on, note=f"到位{rules.quantity_text(quantity, request.kind)}",
                 action="deliver", changes={"delivered_on": delivered_on, "delivered_quantity": quantity})


def decline_request(actor, request: FactorRequest, *, reason: str, today: datetime.date | None = None):
    """Decline a request, with the reason (不予保障)."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写不予保障的原因"})
    return _move(actor, request, rules.DECLINED, on=today, note=reason, action="decline",
                 changes={"decline_reason": reason})


def record_land_cleanup(actor, county: Region, park: Unit, month: datetime.date, *, figures: dict[str, Decimal],
                        note: str = "") -> LandCleanup:
    """Enter (or correct) a park's land cleanup figures for a month (亩), by the county's HQ office."""
    if actor is not None and not can_keep_land(actor, county):
        raise PermissionDenied("只有指挥部办公室能录入土地清理数据")
    errors: dict[str, str] = {}
    if park.kind != Unit.Kind.PARK or not park.region.path.startswith(county.path):
        errors["park"] = "请选择本县（区）的园区"
    labels = {f.name: f.verbose_name for f in LandCleanup._meta.fields}
    values: dict[str, Decimal] = {}
    for name in LAND_FIGURES:
        value = figures.get(name)
        value = Decimal(0) if value is None else value
        if not value.is_finite() or value < 0:
            errors[name] = f"{labels[name]}不能为负数"
        elif value >= Decimal("10000000"):
            errors[name] = f"{labels[name]}过大，请核对"
        values[name] = value
    if errors:
        raise ValidationError(errors)
    month = rules.month_start(month)
    with transaction.atomic():
        row = LandCleanup.objects.select_for_update().filter(park=park, month=month).first()
        before = snapshot(row) if row else None
        if row is None:
            row = LandCleanup(county=county, park=park, month=month)
        for name, value in values.items():
            setattr(row, name, value)
        row.note, row.recorded_by, row.updated_at = (note or "").strip(), _user(actor), timezone.now()
        row.save()
        record(actor, "land_cleanup.update" if before else "land_cleanup.create", row, before=before,
               after=snapshot(row), region_code=county.code)
    return row
