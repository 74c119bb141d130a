"""Use cases of the monthly consultation: open it, draft and edit the agenda, record the meeting, attendance,
minutes and decisions (each a task of the project's four lists), and the monthly drafting job. Each checks who
may do it, owns its transaction and writes its audit event."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from wumei.audit.services import record, snapshot
from wumei.consultation import rules
from wumei.consultation.models import AgendaItem, Attendance, Consultation, Decision
from wumei.consultation.permissions import can_keep
from wumei.core.errors import ConflictError, PermissionDenied, ValidationError
from wumei.factors import services as factor_services
from wumei.factors.models import FactorRequest
from wumei.org.models import Person, Region, Unit
from wumei.problems.models import ACTIVE_STATUSES, Problem
from wumei.projects.models import Project
from wumei.tasks.models import Task
from wumei.tasks.services import create_task

MEETING_FIELDS = ("held_on", "place", "chair", "notes", "minutes")


def _check(actor, county: Region) -> None:
    if actor is not None and not can_keep(actor, county):
        raise PermissionDenied("只有指挥部办公室能办理月度会商")


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def open_consultation(actor, county: Region, month: datetime.date) -> Consultation:
    """The county's consultation of `month`, created on first use (one per county per month)."""
    _check(actor, county)
    month = rules.month_start(month)
    with transaction.atomic():
        consultation, created = Consultation.objects.get_or_create(county=county, month=month)
        if created:
            record(actor, "consultation.create", consultation, after=snapshot(consultation), region_code=county.code)
    return consultation


def factor_title(request: FactorRequest) -> str:
    return (f"{request.project.name}：{request.detail_label}{request.quantity_text}，"
            f"需{request.need_by.month}月{request.need_by.day}日前保障")[:200]


def _candidates(county: Region, today: datetime.date) -> list[AgendaItem]:
    """Agenda items for what needs the consultation now, in agenda order: factors, problems, red projects."""
    from wumei.dekad.queries import rag_for

    items: list[AgendaItem] = []
    requests = (FactorRequest.objects.filter(project__county=county, status__in=[FactorRequest.Status.REQUESTED,
                                                                                 FactorRequest.Status.CONSULTING])
                .select_related("project").order_by("need_by", "id"))
    for request in requests:
        items.append(AgendaItem(kind=AgendaItem.Kind.FACTOR, title=factor_title(request), project=request.project,
                                factor_request=request, note=request.purpose, is_drafted=True))
    problems = (Problem.objects.filter(project__county=county, status__in=ACTIVE_STATUSES,
                                       level__in=rules.COUNTY_LEVELS)
                .select_related("project").order_by("-level", "raised_on", "id"))
    for problem in problems:
        title = f"{problem.project.name}：{problem.get_category_display()}问题（{problem.get_level_display()}协调）"
        items.append(AgendaItem(kind=AgendaItem.Kind.PROBLEM, title=title[:200], project=problem.project,
                                problem=problem, note=problem.description, is_drafted=True))
    projects = Project.objects.filter(county=county).order_by("name", "id")
    statuses = rag_for(projects, today)
    names = dict(projects.values_list("pk", "name"))
    for pid in sorted(statuses, key=lambda p: (names[p], p)):
        status = statuses[pid]
        if status.status == "red":
            items.append(AgendaItem(kind=AgendaItem.Kind.RED, title=f"{names[pid]}：进度滞后，研究赶超措施"[:200],
                                    project_id=pid, note="；".join(status.reasons), is_drafted=True))
    return items


def _key(item: AgendaItem):
    if item.kind == AgendaItem.Kind.FACTOR:
        return ("factor", item.factor_request_id)
    if item.kind == AgendaItem.Kind.PROBLEM:
        return ("problem", item.problem_id)
    if item.kind == AgendaItem.Kind.RED:
        return ("red", item.project_id)
    return ("other", item.pk)


def _draft(consultation: Consultation, today: datetime.date) -> list[AgendaItem]:
    existing = {_key(i) for i in AgendaItem.objects.filter(consultation=consultation)}
    candidates = {_key(i): i for i in _candidates(consultation.county, today)}
    keys = rules.new_keys(list(candidates), existing)
    start = (AgendaItem.objects.filter(consultation=consultation).aggregate(m=Max("order"))["m"] or 0) + 1
    new = []
    for offset, key in enumerate(keys):
        item = candidates[key]
        item.consultation, item.order = consultation, start + offset
        new.append(item)
    # Unique constraints claim each item: a concurrent draft adds nothing twice.
    AgendaItem.objects.bulk_create(new, ignore_conflicts=True)
    return new


def draft_agenda(actor, county: Region, month: datetime.date, today: datetime.date) -> tuple[Consultation, int]:
    """Draft (or re-draft) the month's agenda: add the open factor requests, the problems escalated to county
    level and the red projects not on it yet; nothing the office edited or removed changes. The requests put on
    the agenda move to 会商中. Returns the consultation and the number of items added."""
    _check(actor, county)
    consultation = open_consultation(actor, county, month)
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if consultation.is_held:
            raise ConflictError("本月会商已召开，不能再生成议程")
        added = _draft(consultation, today)
        for item in added:
            if item.factor_request is not None and item.factor_request.status == FactorRequest.Status.REQUESTED:
                factor_services.consult_request(actor, item.factor_request, today=today,
                                                note=f"列入{rules.month_label(consultation.month)}会商议程")
        consultation.updated_at = timezone.now()
        consultation.save(update_fields=["updated_at"])
        record(actor, "consultation.draft", consultation, after={"added": len(added)},
               region_code=county.code)
    return consultation, len(added)


def draft_agendas(on: datetime.date) -> dict:
    """Job: draft this month's agenda for every county with projects; idempotent (a re-run adds nothing new,
    a held consultation is left alone). Returns a JSON-able summary."""
    month = rules.month_start(on)
    counties = Region.objects.filter(level=Region.Level.COUNTY, projects__isnull=False).distinct().order_by("code")
    summary: dict = {"month": month.isoformat(), "counties": {}, "added": 0, "held": 0}
    for county in counties:
        existing = Consultation.objects.filter(county=county, month=month).first()
        if existing is not None and existing.is_held:
            summary["held"] += 1
            summary["counties"][county.code] = {"consultation": existing.pk, "added": 0, "held": True}
            continue
        consultation, added = draft_agenda(None, county, month, on)
        summary["added"] += added
        summary["counties"][county.code] = {"consultation": consultation.pk, "added": added, "held": False}
    return summary


# Agenda edits ---------------------------------------------------------------------------------------------------


def _locked_item(item: AgendaItem) -> AgendaItem:
    return AgendaItem.objects.select_for_update(of=("self",)).select_related("consultation__county").get(pk=item.pk)


def add_item(actor, consultation: Consultation, *, title: str, note: str = "", project: Project | None = None):
    """Add an item of the office's own to the agenda, at the end."""
    _check(actor, consultation.county)
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = "请填写议题"
    elif len(title) > 200:
        errors["title"] = "议题不能超过200个字"
    if project is not None and project.county_id != consultation.county_id:
        errors["project"] = "项目不在本县（区）"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        last = AgendaItem.objects.filter(consultation=consultation).aggregate(m=Max("order"))["m"] or 0
        item = AgendaItem.objects.create(consultation=consultation, order=last + 1, title=title,
                                         note=(note or "").strip(), project=project)
        record(actor, "agenda_item.create", item, after=snapshot(item), region_code=consultation.county.code)
    return item


def update_item(actor, item: AgendaItem, *, title: str, note: str = "") -> AgendaItem:
    """Reword an item or its note."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "请填写议题"})
    with transaction.atomic():
        locked = _locked_item(item)
        _check(actor, locked.consultation.county)
        before = snapshot(locked, ["title", "note"])
        locked.title, locked.note = title[:200], (note or "").strip()
        locked.save(update_fields=["title", "note"])
        record(actor, "agenda_item.update", locked, before=before, after=snapshot(locked, ["title", "note"]),
               region_code=locked.consultation.county.code)
    return locked


def remove_item(actor, item: AgendaItem) -> AgendaItem:
    """Take an item off the agenda (kept hidden, so a re-draft does not bring it back)."""
    return _set_removed(actor, item, True, "agenda_item.delete")


def restore_item(actor, item: AgendaItem) -> AgendaItem:
    return _set_removed(actor, item, False, "agenda_item.restore")


def _set_removed(actor, item: AgendaItem, removed: bool, action: str) -> AgendaItem:
    with transaction.atomic():
        locked = _locked_item(item)
        _check(actor, locked.consultation.county)
        if locked.is_removed != removed:
            locked.is_removed = removed
            locked.save(update_fields=["is_removed"])
            record(actor, action, locked, before={"is_removed": not removed}, after={"is_removed": removed},
                   region_code=locked.consultation.county.code)
    return locked


def move_item(actor, item: AgendaItem, direction: str) -> None:
    """Move an item one place up or down among the items on the agenda."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "移动方向无效"})
    with transaction.atomic():
        locked = _locked_item(item)
        consultation = locked.consultation
        _check(actor, consultation.county)
        items = list(AgendaItem.objects.select_for_update().filter(consultation=consultation, is_removed=False)
                     .order_by("order", "id"))
        ids = rules.reordered([i.pk for i in items], locked.pk, direction)
        by_id = {i.pk: i for i in items}
        changed = []
        for position, pk in enumerate(ids, start=1):
            if by_id[pk].order != position:
                by_id[pk].order = position
                changed.append(by_id[pk])
        AgendaItem.objects.bulk_update(changed, ["order"])
        if changed:
            record(actor, "agenda_item.move", locked, after={"direction": direction, "order": ids},
                   region_code=consultation.county.code)


# The meeting ----------------------------------------------------------------------------------------------------


def update_meeting(actor, consultation: Consultation, *, held_on: datetime.date | None, place: str = "",
                   chair: str = "", notes: str = "", minutes: str = "", today: datetime.date | None = None):
    """Set the meeting's date, place and chair, the agenda's note and the minutes."""
    today = today or timezone.localdate()
    errors = {}
    if held_on is not None and held_on > today + datetime.timedelta(days=62):
        errors["held_on"] = "会议日期过远，请核对"
    if (minutes or "").strip() and held_on is None:
        errors["held_on"] = "填写会议纪要前请先填写会议日期"
    if held_on is not None and held_on > today and (minutes or "").strip():
        errors["minutes"] = "会议尚未召开，不能填写会议纪要"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().select_related("county").get(pk=consultation.pk)
        _check(actor, locked.county)
        before = snapshot(locked, list(MEETING_FIELDS))
        locked.held_on, locked.place, locked.chair = held_on, (place or "").strip(), (chair or "").strip()
        locked.notes, locked.minutes = (notes or "").strip(), (minutes or "").strip()
        locked.updated_at = timezone.now()
        locked.save()
        after = snapshot(locked, list(MEETING_FIELDS))
        keys = [k for k in after if before.get(k) != after.get(k)]
        record(actor, "consultation.update", locked, before={k: before[k] for k in keys},
               after={k: after[k] for k in keys}, region_code=locked.county.code)
    return locked


def add_attendee(actor, consultation: Consultation, *, name: str, unit: Unit | None = None,
                 person: Person | None = None, status: str = Attendance.Status.PRESENT, substitute: str = "",
                 note: str = "") -> Attendance:
    """Record one person's attendance: present, absent, or represented by a named substitute."""
    _check(actor, consultation.county)
    name = (name or (person.name if person else "")).strip()
    substitute = (substitute or "").strip()
    errors = {}
    if not name:
        errors["name"] = "请填写参会人姓名"
    if status not in Attendance.Status.values:
        errors["status"] = "参会情况无效"
    elif status == Attendance.Status.SUBSTITUTED and not substitute:
        errors["substitute"] = "委托代参会请填写代参会人"
    if unit is not None and not unit.region.path.startswith(consultation.county.path):
        errors["unit"] = "单位不在本县（区）"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = Attendance.objects.create(consultation=consultation, name=name[:32], unit=unit, person=person,
                                        status=status, substitute=substitute[:32] if status == "substituted" else "",
                                        note=(note or "").strip()[:100])
        record(actor, "attendance.create", row, after=snapshot(row), region_code=consultation.county.code)
    return row


def remove_attendee(actor, row: Attendance) -> None:
    consultation = row.consultation
    _check(actor, consultation.county)
    with transaction.atomic():
        before = snapshot(row)
        record(actor, "attendance.delete", row, before=before, region_code=consultation.county.code)
        row.delete()


def record_decision(actor, consultation: Consultation, *, project: Project, text: str, due_on: datetime.date | None,
                    detail: str = "", owner_unit: Unit | None = None, owner_person: Person | None = None,
                    agenda_item: AgendaItem | None = None, factor_request: FactorRequest | None = None,
                    factor_outcome: str = "", today: datetime.date | None = None) -> Decision:
    """Record a decision of the consultation: it becomes a task of the project's four lists (source 月度会商) in
    the same transaction, and may settle a factor request (议定 or 不予保障)."""
    today = today or timezone.localdate()
    _check(actor, consultation.county)
    errors = rules.decision_errors(text=text, due_on=due_on, has_owner=bool(owner_unit or owner_person),
                                   month=consultation.month)
    if project is None or project.county_id != consultation.county_id:
        errors["project"] = "请选择本县（区）的项目"
    if agenda_item is not None and agenda_item.consultation_id != consultation.pk:
        errors["agenda_item"] = "议题不属于本次会商"
    if factor_request is not None and project is not None and factor_request.project_id != project.pk:
        errors["factor_request"] = "要素需求不属于该项目"
    if factor_outcome and factor_outcome not in (Decision.FactorOutcome.DECIDED, Decision.FactorOutcome.DECLINED):
        errors["factor_outcome"] = "要素需求处理方式无效"
    elif factor_outcome and factor_request is None:
        errors["factor_outcome"] = "请选择要处理的要素需求"
    if errors:
        raise ValidationError(errors)
    text = text.strip()
    with transaction.atomic():
        task = create_task(actor, project, title=text, due_on=due_on, detail=detail, owner_unit=owner_unit,
                           owner_person=owner_person, source=Task.Source.CONSULTATION, today=today)
        decision = Decision.objects.create(
            consultation=consultation, agenda_item=agenda_item, project=project, text=text,
            detail=(detail or "").strip(), owner_unit=task.owner_unit, owner_person=task.owner_person, due_on=due_on,
            task=task, factor_request=factor_request, factor_outcome=factor_outcome or "", created_by=_user(actor),
        )
        on = min(consultation.held_on or today, today)
        if factor_outcome == Decision.FactorOutcome.DECIDED:
            factor_services.decide_request(actor, factor_request, deciding_unit=owner_unit or project.responsible_unit,
                                           decision=text, decided_on=on, today=today)
        elif factor_outcome == Decision.FactorOutcome.DECLINED:
            factor_services.decline_request(actor, factor_request, reason=text, today=today)
        record(actor, "decision.create", decision, after=snapshot(decision), region_code=consultation.county.code)
    return decision
