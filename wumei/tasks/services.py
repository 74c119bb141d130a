"""Use cases of the four lists: create, edit, complete, cancel and reopen a task. Each checks who may do it,
owns its transaction and writes its audit event."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wumei.audit.services import record, snapshot
from wumei.core.errors import ConflictError, PermissionDenied, ValidationError
from wumei.org.models import Person, Unit
from wumei.projects.models import Project
from wumei.tasks import rules
from wumei.tasks.models import Task
from wumei.tasks.permissions import can_complete, can_keep, sources_for

EDITABLE = ["title", "detail", "owner_unit_id", "owner_person_id", "due_on", "source"]


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _system(actor) -> bool:
    """Jobs and the demo loader act as the system (actor None); they are not checked."""
    return actor is None


def _in_county(project: Project, owner_unit: Unit | None, owner_person: Person | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    path = project.county.path
    if owner_unit is not None and not owner_unit.region.path.startswith(path):
        errors["owner_unit"] = "责任单位不在该项目所属县（区）"
    if owner_person is not None and not owner_person.region.path.startswith(path):
        errors["owner_person"] = "责任人不在该项目所属县（区）"
    return errors


def _check_values(actor, project: Project, *, title: str, due_on, source: str, owner_unit, owner_person,
                  today: datetime.date) -> None:
    errors = rules.task_errors(title=title, due_on=due_on, today=today)
    if source not in Task.Source.values:
        errors["source"] = "任务来源无效"
    elif not _system(actor) and source not in sources_for(actor, project):
        errors["source"] = "责任单位只能登记本单位的任务"
    errors.update(_in_county(project, owner_unit, owner_person))
    if errors:
        raise ValidationError(errors)


def create_task(actor, project: Project, *, title: str, due_on: datetime.date, detail: str = "",
                owner_unit: Unit | None = None, owner_person: Person | None = None, source: str | None = None,
                today: datetime.date | None = None) -> Task:
    """Add a line to a project's four lists. The owner unit defaults to the project's responsible unit; a
    unit's liaison records his unit's own tasks (source 责任单位), the HQ office any."""
    today = today or timezone.localdate()
    if not _system(actor) and not can_keep(actor, project):
        raise PermissionDenied("您不能为该项目登记清单任务")
    if source is None:
        source = sources_for(actor, project)[0] if not _system(actor) else Task.Source.HQ
    if owner_unit is None and owner_person is None:
        owner_unit = project.responsible_unit
    _check_values(actor, project, title=title, due_on=due_on, source=source, owner_unit=owner_unit,
                  owner_person=owner_person, today=today)
    with transaction.atomic():
        task = Task.objects.create(
            project=project, title=title.strip(), detail=(detail or "").strip(), owner_unit=owner_unit,
            owner_person=owner_person, due_on=due_on, source=source, created_by=_user(actor),
        )
        record(actor, "task.create", task, after=snapshot(task), region_code=project.county.code)
    return task


def _locked(task: Task) -> Task:
    return Task.objects.select_for_update(of=("self",)).select_related("project__county").get(pk=task.pk)


def _audit_change(actor, task: Task, action: str, before: dict, note: str = "") -> None:
    after = snapshot(task)
    keys = [k for k in after if before.get(k) != after.get(k) and k not in ("updated_at", "version")]
    record(actor, action, task, before={k: before[k] for k in keys}, after={k: after[k] for k in keys},
           note=note, region_code=task.project.county.code)


def _bump(task: Task, fields: list[str]) -> None:
    task.updated_at = timezone.now()
    Task.objects.filter(pk=task.pk).update(version=F("version") + 1, updated_at=task.updated_at,
                                           **{name: getattr(task, name) for name in fields})
    task.version += 1


def update_task(actor, task: Task, *, version: int, title: str, due_on: datetime.date, detail: str = "",
                owner_unit: Unit | None = None, owner_person: Person | None = None, source: str | None = None,
                today: datetime.date | None = None) -> Task:
    """Change an open task's content, owner or deadline. Refused when someone changed it since `version`."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _locked(task)
        if not _system(actor) and not can_keep(actor, locked.project):
            raise PermissionDenied("您不能修改该项目的清单任务")
        if locked.version != version:
            raise ConflictError()
        if locked.status != Task.Status.OPEN:
            raise ConflictError("已完成或已取消的任务不能修改，请先重新打开")
        source = source or locked.source
        if source != locked.source:
            _check_values(actor, locked.project, title=title, due_on=due_on, source=source, owner_unit=owner_unit,
                          owner_person=owner_person, today=today)
        else:  # an unchanged source is kept even if this user could not have chosen it
            _check_values(None, locked.project, title=title, due_on=due_on, source=source, owner_unit=owner_unit,
                          owner_person=owner_person, today=today)
        before = snapshot(locked)
        locked.title, locked.detail, locked.due_on, locked.source = title.strip(), (detail or "").strip(), due_on, source
        locked.owner_unit, locked.owner_person = owner_unit, owner_person
        _bump(locked, EDITABLE)
        _audit_change(actor, locked, "task.update", before)
    return locked


def complete_task(actor, task: Task, *, done_on: datetime.date | None = None, result: str = "",
                  today: datetime.date | None = None) -> Task:
    """Mark an open task done, with the day and how (完成情况)."""
    today = today or timezone.localdate()
    done_on = done_on or today
    with transaction.atomic():
        locked = _locked(task)
        if not _system(actor) and not can_complete(actor, locked):
            raise PermissionDenied("您不能办结该任务")
        if locked.status != Task.Status.OPEN:
            raise ConflictError(f"该任务{locked.get_status_display()}，不能再办结")
        errors = rules.completion_errors(done_on=done_on, today=today,
                                         created_on=timezone.localtime(locked.created_at).date())
        if errors:
            raise ValidationError(errors)
        before = snapshot(locked)
        locked.status, locked.done_on, locked.result = Task.Status.DONE, done_on, (result or "").strip()
        _bump(locked, ["status", "done_on", "result"])
        late = rules.finished_late(locked.due_on, done_on)
        _audit_change(actor, locked, "task.complete", before, note="逾期完成" if late else "")
    return locked


def cancel_task(actor, task: Task, *, reason: str) -> Task:
    """Take an open task off the lists (no longer needed), with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写取消原因"})
    with transaction.atomic():
        locked = _locked(task)
        if not _system(actor) and not can_keep(actor, locked.project):
            raise PermissionDenied("您不能取消该任务")
        if locked.status != Task.Status.OPEN:
            raise ConflictError(f"该任务{locked.get_status_display()}，不能取消")
        before = snapshot(locked)
        locked.status, locked.cancel_reason = Task.Status.CANCELLED, reason
        _bump(locked, ["status", "cancel_reason"])
        _audit_change(actor, locked, "task.cancel", before, note=reason)
    return locked


def reopen_task(actor, task: Task, *, reason: str) -> Task:
    """Put a done or cancelled task back on the lists (it was not really finished), with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写重新打开的原因"})
    with transaction.atomic():
        locked = _locked(task)
        if not _system(actor) and not can_keep(actor, locked.project):
            raise PermissionDenied("您不能重新打开该任务")
        if locked.status == Task.Status.OPEN:
            raise ConflictError("该任务正在推进中")
        before = snapshot(locked)
        locked.status, locked.done_on, locked.cancel_reason = Task.Status.OPEN, None, ""
        _bump(locked, ["status", "done_on", "cancel_reason"])
        _audit_change(actor, locked, "task.reopen", before, note=reason)
    return locked
