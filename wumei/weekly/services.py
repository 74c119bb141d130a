"""Use cases of 每周必访. Each owns its transaction and writes its audit event."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from wumei.audit.services import diff, record, snapshot
from wumei.core.errors import ValidationError
from wumei.core.money import WAN_PLACES
from wumei.org.models import Chain, Person, Unit
from wumei.photos.services import store_photo
from wumei.problems.models import Problem
from wumei.problems.services import raise_problem
from wumei.projects.models import Project
from wumei.weekly import conf, rules
from wumei.weekly.models import ChainItem, InvestmentLead, LeadTransition, SupplyLink, Visit, VisitDelegate
from wumei.weekly.queries import can_log_visit

CANNOT_LOG = "您不能登记该项目的走访（只有牵头领导本人、其授权的代录人员或指挥部办公室可以登记）"


def _today() -> datetime.date:
    return timezone.localdate()


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _wan(value):
    return None if value is None else Decimal(value).quantize(WAN_PLACES)


# ---------------------------------------------------------------- visits


@dataclass
class VisitResult:
    visit: Visit
    refused_photos: list[str] = field(default_factory=list)


def log_visit(actor, project: Project, *, visited_on: datetime.date, findings: str, companions=(),
              companions_note: str = "", problems: list[dict] = (), photos=(),
              today: datetime.date | None = None) -> VisitResult:
    """Log a lead leader's visit to his project (seed §二 每周必访), raising each problem met on the spot.

    The visit is the project's lead leader's, whoever logs it (he, his secretary, or the HQ office). The
    visit and its problems are saved together; photos are stored one by one afterwards, so that a refused
    photo loses nothing else: its message comes back in `refused_photos`.
    """
    today = today or _today()
    if not can_log_visit(actor, project):
        raise PermissionDenied(CANNOT_LOG)
    if project.lead_leader_id is None:
        raise ValidationError({"project": "该项目尚未确定牵头领导，无法登记走访"})
    errors = {}
    findings = (findings or "").strip()
    if not findings:
        errors["findings"] = "请填写走访情况"
    date_error = rules.visit_date_error(visited_on, today, conf.VISIT_BACKDATE_DAYS)
    if date_error:
        errors["visited_on"] = date_error
    problems = [p for p in problems if (p.get("description") or "").strip()]
    for problem in problems:
        if problem.get("category", Problem.Category.OTHER) not in Problem.Category.values:
            errors["problems"] = "问题类别无效"
    if errors:
        raise ValidationError(errors)
    if Visit.objects.filter(project=project, leader_id=project.lead_leader_id, visited_on=visited_on).exists():
        raise ValidationError({"visited_on": _duplicate(visited_on)})
    companions = [p for p in companions if p.pk != project.lead_leader_id]
    try:
        with transaction.atomic():
            visit = Visit.objects.create(
                project=project, leader_id=project.lead_leader_id, visited_on=visited_on, findings=findings,
                companions_note=(companions_note or "").strip()[:200], recorded_by=_user(actor),
            )
            if companions:
                visit.companions.set(companions)
            raised = [
                raise_problem(actor, project, source=Problem.Source.VISIT, description=p["description"],
                              category=p.get("category") or Problem.Category.OTHER, on=visited_on)
                for p in problems
            ]
            if raised:
                visit.problems.set(raised)
            record(actor, "visit.create", visit, after={
                **snapshot(visit, ["project_id", "leader_id", "visited_on", "findings", "companions_note"]),
                "companions": [p.pk for p in companions], "problems": [p.pk for p in raised],
            }, region_code=project.county.code)
    except IntegrityError as exc:
        raise ValidationError({"visited_on": _duplicate(visited_on)}) from exc
    return VisitResult(visit, add_visit_photos(actor, visit, photos))


def _duplicate(visited_on: datetime.date) -> str:
    return f"{visited_on:%Y-%m-%d}牵头领导对该项目的走访已经登记，请勿重复登记"


def add_visit_photos(actor, visit: Visit, uploads) -> list[str]:
    """Store each uploaded photo and attach it to the visit; return the messages of the refused ones."""
    refused: list[str] = []
    for upload in uploads:
        try:
            photo = store_photo(actor, visit.project, upload, caption=f"{visit.visited_on:%Y-%m-%d}走访")
        except ValidationError as exc:
            refused += exc.message_dict.get("photos", exc.messages)
            continue
        visit.photos.add(photo)
    return refused


def add_delegate(actor, leader: Person, secretary: Person) -> VisitDelegate:
    """Let `secretary` log visits on behalf of the lead leader `leader`."""
    if leader.pk == secretary.pk:
        raise ValidationError({"secretary": "代录人员不能是牵头领导本人"})
    if VisitDelegate.objects.filter(leader=leader, secretary=secretary).exists():
        raise ValidationError({"secretary": f"{secretary.name}已是{leader.name}的走访代录人员"})
    with transaction.atomic():
        delegate = VisitDelegate.objects.create(leader=leader, secretary=secretary)
        record(actor, "visit_delegate.create", delegate, after={"leader": leader.pk, "secretary": secretary.pk},
               region_code=leader.region.code)
    return delegate


def remove_delegate(actor, delegate: VisitDelegate) -> None:
    """Withdraw a secretary's right to log visits for a leader."""
    with transaction.atomic():
        record(actor, "visit_delegate.delete", delegate,
               before={"leader": delegate.leader_id, "secretary": delegate.secretary_id},
               region_code=delegate.leader.region.code)
        delegate.delete()


# ---------------------------------------------------------------- chains: five lists and one map

ITEM_FIELDS = ["kind", "title", "detail", "amount", "status", "responsible", "due_on", "order"]


def save_chain_item(actor, chain: Chain, data: dict, item: ChainItem | None = None) -> ChainItem:
    """Add or change one line of a chain's development, investment or technology-transfer list."""
    data = {k: v for k, v in data.items() if k in ITEM_FIELDS}
    if "amount" in data:
        data["amount"] = _wan(data["amount"])
    with transaction.atomic():
        before = snapshot(item, ITEM_FIELDS) if item else None
        item = item or ChainItem(chain=chain)
        for key, value in data.items():
            setattr(item, key, value)
        item.title = (item.title or "").strip()
        item.full_clean(exclude=["chain"])
        item.save()
        old, new = diff(before, snapshot(item, ITEM_FIELDS))
        record(actor, "chain_item.update" if before else "chain_item.create", item,
               before=old or None, after={"chain": chain.pk, **new}, region_code=chain.region.code)
    return item


def delete_chain_item(actor, item: ChainItem) -> None:
    with transaction.atomic():
        record(actor, "chain_item.delete", item, before={"chain": item.chain_id, **snapshot(item, ITEM_FIELDS)},
               region_code=item.chain.region.code)
        item.delete()


def add_supply_link(actor, chain: Chain, *, supplier: Unit, customer: Unit, product: str,
                    note: str = "") -> SupplyLink:
    """Draw one edge of the chain's enterprise map: `supplier` supplies `product` to `customer`."""
    product = (product or "").strip()
    errors = {}
    if not product:
        errors["product"] = "请填写产品或配套内容"
    for name, unit in (("supplier", supplier), ("customer", customer)):
        if unit.kind != Unit.Kind.ENTERPRISE:
            errors[name] = "只能选择企业"
        elif not unit.region.path.startswith(chain.region.path):
            errors[name] = f"所选企业不在{chain.region.name}"
    if supplier.pk == customer.pk:
        errors["customer"] = "上游企业和下游企业不能是同一家"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            link = SupplyLink.objects.create(chain=chain, supplier=supplier, customer=customer, product=product[:100],
                                             note=(note or "").strip()[:200])
            record(actor, "supply_link.create", link, after=snapshot(link, ["chain_id", "supplier_id", "customer_id",
                                                                            "product", "note"]),
                   region_code=chain.region.code)
    except IntegrityError as exc:
        raise ValidationError({"product": "该上下游配套关系已存在"}) from exc
    return link


def delete_supply_link(actor, link: SupplyLink) -> None:
    with transaction.atomic():
        record(actor, "supply_link.delete", link,
               before=snapshot(link, ["chain_id", "supplier_id", "customer_id", "product"]),
               region_code=link.chain.region.code)
        link.delete()


# ---------------------------------------------------------------- investment leads

LEAD_FIELDS = ["county", "name", "investor", "is_top500", "amount", "chain", "park", "town", "stage", "contacted_on",
               "signed_on", "contract_start_on", "started_on", "project", "note"]
_LEAD_SNAPSHOT = ["county_id", "name", "investor", "is_top500", "amount", "chain_id", "park_id", "town_id", "stage",
                  "contacted_on", "signed_on", "contract_start_on", "started_on", "project_id", "note"]


def _check_lead(lead: InvestmentLead, today: datetime.date) -> None:
    errors = rules.lead_errors(rules.LeadDates(lead.stage, lead.contacted_on, lead.signed_on,
                                               lead.contract_start_on, lead.started_on), today)
    for name, kind in (("park", Unit.Kind.PARK), ("town", Unit.Kind.TOWN)):
        unit = getattr(lead, name)
        if unit is not None and (unit.kind != kind or not unit.region.path.startswith(lead.county.path)):
            errors.setdefault(name, f"所选{'园区' if name == 'park' else '乡镇'}不属于{lead.county.name}")
    if lead.chain is not None and not lead.county.path.startswith(lead.chain.region.path):
        errors.setdefault("chain", f"所选产业链不属于{lead.county.name}")
    if lead.project is not None and lead.project.county_id != lead.county_id:
        errors.setdefault("project", f"所选项目不属于{lead.county.name}")
    if errors:
        raise ValidationError(errors)
    lead.name, lead.investor = lead.name.strip(), lead.investor.strip()
    lead.full_clean(exclude=["county", "chain", "park", "town", "project"])


def create_lead(actor, data: dict, *, today: datetime.date | None = None) -> InvestmentLead:
    """Register an investment-attraction lead at whatever stage it has reached."""
    today = today or _today()
    data = {k: v for k, v in data.items() if k in LEAD_FIELDS}
    data["amount"] = _wan(data.get("amount") or 0)
    lead = InvestmentLead(**data)
    _check_lead(lead, today)
    with transaction.atomic():
        lead.save()
        LeadTransition.objects.create(lead=lead, from_stage="", to_stage=lead.stage, reason="登记招商项目",
                                      actor=_user(actor))
        record(actor, "lead.create", lead, after=snapshot(lead, _LEAD_SNAPSHOT), region_code=lead.county.code)
    return lead


def update_lead(actor, lead: InvestmentLead, data: dict, *, reason: str = "",
                today: datetime.date | None = None) -> InvestmentLead:
    """Change a lead; a stage change leaves a history row (going back, dropping or reviving needs a reason)."""
    today = today or _today()
    with transaction.atomic():
        lead = InvestmentLead.objects.select_for_update().select_related("county").get(pk=lead.pk)
        before = snapshot(lead, _LEAD_SNAPSHOT)
        from_stage = lead.stage
        for key, value in data.items():
            if key in LEAD_FIELDS and key != "county":
                setattr(lead, key, _wan(value) if key == "amount" else value)
        error = rules.lead_stage_change_error(from_stage, lead.stage, reason)
        if error:
            raise ValidationError({"reason": error})
        _check_lead(lead, today)
        lead.save()
        if lead.stage != from_stage:
            LeadTransition.objects.create(lead=lead, from_stage=from_stage, to_stage=lead.stage,
                                          reason=reason.strip(), actor=_user(actor))
        old, new = diff(before, snapshot(lead, _LEAD_SNAPSHOT))
        if new:
            record(actor, "lead.update", lead, before=old, after=new, note=reason.strip(),
                   region_code=lead.county.code)
    return lead
