"""Keeping the four lists: who may create, edit, complete, cancel and reopen a task; each writes its audit
event; stale edits are refused."""

import datetime

import pytest

from wumei.audit.models import AuditEvent
from wumei.core.errors import ConflictError, PermissionDenied, ValidationError
from wumei.tasks import services
from wumei.tasks.models import Task
from wumei.testing import PersonFactory, RegionFactory, UnitFactory

D = datetime.date


def events(action: str, task: Task):
    return AuditEvent.objects.filter(action=action, object_type="tasks.task", object_id=str(task.pk))


def test_the_hq_office_creates_a_task_owned_by_the_projects_unit_by_default(world, today):
    task = services.create_task(world.hq, world.project, title="  完成施工图审查 ", due_on=D(2026, 6, 30),
                                detail="报县住建局审查")
    assert (task.title, task.owner_unit, task.source, task.status, task.created_by) == (
        "完成施工图审查", world.unit, Task.Source.HQ, Task.Status.OPEN, world.hq)
    event = events("task.create", task).get()
    assert event.actor == world.hq and event.region_code == world.county.code
    assert event.after["title"] == "完成施工图审查" and event.after["due_on"] == "2026-06-30"


def test_a_liaison_records_his_units_own_tasks_only_for_his_units_projects(world, today):
    task = services.create_task(world.liaison, world.project, title="完成设备招标", due_on=D(2026, 7, 1))
    assert task.source == Task.Source.UNIT
    with pytest.raises(ValidationError) as exc:
        services.create_task(world.liaison, world.project, title="x", due_on=D(2026, 7, 1), source=Task.Source.HQ)
    assert exc.value.message_dict == {"source": ["责任单位只能登记本单位的任务"]}
    with pytest.raises(PermissionDenied):
        services.create_task(world.liaison, world.other, title="x", due_on=D(2026, 7, 1))


@pytest.mark.parametrize("who", ["commander", "inspector", "lead_leader", "owner", "nobody", "auditor"])
def test_readers_and_outsiders_cannot_create_tasks(world, today, who):
    with pytest.raises(PermissionDenied):
        services.create_task(getattr(world, who), world.project, title="x", due_on=D(2026, 7, 1))
    assert not Task.objects.exists()


def test_a_task_is_refused_without_a_title_or_with_an_owner_from_another_county(world, today):
    elsewhere = RegionFactory(code="430500", name="别县")
    with pytest.raises(ValidationError) as exc:
        services.create_task(world.hq, world.project, title="", due_on=D(2026, 7, 1),
                             owner_unit=UnitFactory(region=elsewhere), owner_person=PersonFactory(region=elsewhere))
    assert set(exc.value.message_dict) == {"title", "owner_unit", "owner_person"}
    assert not Task.objects.exists() and not AuditEvent.objects.filter(action="task.create").exists()


def test_editing_changes_the_task_bumps_its_version_and_records_only_what_changed(world, tasks, today):
    task = tasks.dekad
    person = PersonFactory(region=world.county, unit=world.unit, name="王工")
    services.update_task(world.liaison, task, version=task.version, title=task.title, due_on=D(2026, 6, 25),
                         detail="", owner_unit=world.unit, owner_person=person)
    task.refresh_from_db()
    assert (task.due_on, task.owner_person, task.version, task.source) == (D(2026, 6, 25), person, 2, Task.Source.HQ)
    event = events("task.update", task).get()
    assert event.before == {"due_on": "2026-06-18", "owner_person_id": None}
    assert event.after == {"due_on": "2026-06-25", "owner_person_id": person.pk}


def test_an_edit_based_on_an_older_version_is_refused(world, tasks, today):
    task = tasks.dekad
    stale = Task.objects.get(pk=task.pk)
    services.update_task(world.hq, task, version=1, title="完成施工图审查（修订）", due_on=task.due_on,
                         owner_unit=world.unit)
    with pytest.raises(ConflictError):
        services.update_task(world.liaison, stale, version=stale.version, title="另一版本", due_on=stale.due_on,
                             owner_unit=world.unit)
    assert Task.objects.get(pk=task.pk).title == "完成施工图审查（修订）"


def test_completing_records_the_day_and_how_and_notes_a_late_completion(world, tasks, today):
    task = services.complete_task(world.liaison, tasks.overdue, done_on=D(2026, 6, 12), result="已取得批复")
    assert (task.status, task.done_on, task.result) == (Task.Status.DONE, D(2026, 6, 12), "已取得批复")
    event = events("task.complete", task).get()
    assert event.note == "逾期完成" and event.after["status"] == "done"
    with pytest.raises(ConflictError):
        services.complete_task(world.hq, task)


def test_a_task_cannot_be_completed_in_the_future(world, tasks, today):
    with pytest.raises(ValidationError):
        services.complete_task(world.hq, tasks.dekad, done_on=D(2026, 6, 16))
    assert Task.objects.get(pk=tasks.dekad.pk).status == Task.Status.OPEN


def test_the_unit_that_answers_for_a_task_completes_it_on_another_units_project(world, tasks, today):
    services.complete_task(world.liaison, tasks.shared, result="许可已办结")
    assert Task.objects.get(pk=tasks.shared.pk).status == Task.Status.DONE
    with pytest.raises(PermissionDenied):  # but he does not keep that project's lists
        services.cancel_task(world.liaison, tasks.other, reason="x")


def test_cancelling_needs_a_reason_and_reopening_brings_the_task_back(world, tasks, today):
    with pytest.raises(ValidationError):
        services.cancel_task(world.hq, tasks.later, reason=" ")
    task = services.cancel_task(world.hq, tasks.later, reason="方案调整，不再需要")
    assert (task.status, task.cancel_reason) == (Task.Status.CANCELLED, "方案调整，不再需要")
    assert events("task.cancel", task).get().note == "方案调整，不再需要"
    with pytest.raises(ConflictError):
        services.update_task(world.hq, task, version=task.version, title="x", due_on=task.due_on)
    task = services.reopen_task(world.hq, task, reason="方案恢复")
    assert (task.status, task.cancel_reason, task.done_on) == (Task.Status.OPEN, "", None)
    assert events("task.reopen", task).get().note == "方案恢复"


@pytest.mark.parametrize("who", ["commander", "other_liaison", "inspector", "owner"])
def test_readers_cannot_complete_cancel_or_reopen(world, tasks, today, who):
    user = getattr(world, who)
    with pytest.raises(PermissionDenied):
        services.complete_task(user, tasks.dekad)
    with pytest.raises(PermissionDenied):
        services.cancel_task(user, tasks.dekad, reason="x")
    with pytest.raises(PermissionDenied):
        services.reopen_task(user, tasks.done, reason="x")
