"""The monthly consultation: the drafted agenda, re-drafting that keeps the office's edits, decisions that
become four-list tasks in the same transaction, and the monthly drafting job."""

import datetime

import pytest

from wumei.audit.models import AuditEvent
from wumei.consultation import rules, services
from wumei.consultation.models import AgendaItem, Attendance, Consultation, Decision
from wumei.core.errors import ConflictError, PermissionDenied, ValidationError
from wumei.factors.models import FactorRequest
from wumei.tasks.models import Task

from .conftest import MONTH, TODAY, make_request


def visible(consultation):
    return list(consultation.items.filter(is_removed=False).order_by("order", "id")
                .values_list("kind", flat=True))


def test_reorder_moves_one_place_and_stops_at_the_ends():
    assert rules.reordered([1, 2, 3], 3, "up") == [1, 3, 2]
    assert rules.reordered([1, 2, 3], 1, "up") == [1, 2, 3]
    assert rules.reordered([1, 2, 3], 3, "down") == [1, 2, 3]
    assert rules.new_keys(["a", "b", "a", "c"], {"b"}) == ["a", "c"]


@pytest.mark.django_db
def test_the_agenda_is_drafted_from_open_requests_county_level_problems_and_red_projects(scene):
    consultation, added = services.draft_agenda(scene.hq, scene.county, TODAY, TODAY)
    assert consultation.month == MONTH and added == 3
    assert visible(consultation) == ["factor", "problem", "red"]
    items = {i.kind: i for i in consultation.items.all()}
    assert items["factor"].factor_request == scene.request
    assert items["problem"].problem == scene.problem
    assert items["red"].project == scene.other and "开工" in items["red"].note
    scene.request.refresh_from_db()
    assert scene.request.status == FactorRequest.Status.CONSULTING  # on the agenda: under consultation
    assert AuditEvent.objects.filter(action="consultation.draft").count() == 1
    with pytest.raises(PermissionDenied):
        services.draft_agenda(scene.liaison, scene.county, TODAY, TODAY)


@pytest.mark.django_db
def test_redrafting_adds_new_items_and_keeps_the_offices_edits(scene):
    consultation, _ = services.draft_agenda(scene.hq, scene.county, TODAY, TODAY)
    factor = consultation.items.get(kind="factor")
    services.update_item(scene.hq, factor, title="纯碱项目用电增容2000kVA", note="供电公司列席")
    services.remove_item(scene.hq, consultation.items.get(kind="red"))
    own = services.add_item(scene.hq, consultation, title="研究园区污水处理厂建设资金")
    services.move_item(scene.hq, own, "up")
    newer = make_request(scene.other, kind="water", quantity="800")
    again, added = services.draft_agenda(scene.hq, scene.county, TODAY, TODAY)
    assert again.pk == consultation.pk and added == 1
    assert visible(again) == ["factor", "other", "problem", "factor"]
    own.refresh_from_db()
    assert own.order == 2 and again.items.get(factor_request=newer).order == 4  # new items go last
    factor.refresh_from_db()
    assert factor.title == "纯碱项目用电增容2000kVA" and factor.note == "供电公司列席"
    assert again.items.filter(kind="red", is_removed=True).count() == 1  # removed, and not brought back
    assert services.draft_agenda(scene.hq, scene.county, TODAY, TODAY)[1] == 0


@pytest.mark.django_db
def test_a_decision_becomes_a_consultation_task_and_settles_the_factor_request(scene):
    consultation, _ = services.draft_agenda(scene.hq, scene.county, TODAY, TODAY)
    item = consultation.items.get(kind="factor")
    decision = services.record_decision(
        scene.hq, consultation, project=scene.project, text="县供电公司12月20日前完成专线接入",
        due_on=datetime.date(2026, 12, 20), owner_unit=scene.other_unit, agenda_item=item,
        factor_request=scene.request, factor_outcome=Decision.FactorOutcome.DECIDED, today=TODAY)
    task = decision.task
    assert (task.project, task.title, task.due_on, task.owner_unit, task.source) == (
        scene.project, "县供电公司12月20日前完成专线接入", datetime.date(2026, 12, 20), scene.other_unit,
        Task.Source.CONSULTATION)
    scene.request.refresh_from_db()
    assert scene.request.status == "decided" and scene.request.deciding_unit == scene.other_unit
    assert AuditEvent.objects.filter(action="decision.create").exists()
    assert AuditEvent.objects.filter(action="task.create", object_id=str(task.pk)).exists()


@pytest.mark.django_db
def test_a_decision_without_owner_or_deadline_is_refused_and_a_failed_one_leaves_no_task(scene):
    consultation = services.open_consultation(scene.hq, scene.county, TODAY)
    with pytest.raises(ValidationError) as exc:
        services.record_decision(scene.hq, consultation, project=scene.project, text="  ", due_on=None, today=TODAY)
    assert set(exc.value.message_dict) == {"text", "due_on", "owner_unit"}
    # The request is already delivered-or-declined: settling it fails after the task was written → all rolled back.
    scene.request.status = FactorRequest.Status.DECLINED
    scene.request.save()
    with pytest.raises(ConflictError):
        services.record_decision(scene.hq, consultation, project=scene.project, text="保障用电",
                                 due_on=datetime.date(2026, 12, 1), owner_unit=scene.unit,
                                 factor_request=scene.request, factor_outcome="decided", today=TODAY)
    assert not Task.objects.exists() and not Decision.objects.exists()


@pytest.mark.django_db
def test_meeting_attendance_and_minutes(scene):
    consultation = services.open_consultation(scene.hq, scene.county, TODAY)
    with pytest.raises(ValidationError) as exc:
        services.update_meeting(scene.hq, consultation, held_on=None, minutes="会议议定如下", today=TODAY)
    assert set(exc.value.message_dict) == {"held_on"}
    held = services.update_meeting(scene.hq, consultation, held_on=datetime.date(2026, 11, 26), place="县政府三楼会议室",
                                   chair="王县长", minutes="会议研究了要素保障问题。", today=TODAY)
    assert held.is_held and held.status_label == "已召开"
    with pytest.raises(ValidationError) as exc:
        services.add_attendee(scene.hq, consultation, name="李四", status=Attendance.Status.SUBSTITUTED)
    assert exc.value.message_dict == {"substitute": ["委托代参会请填写代参会人"]}
    services.add_attendee(scene.hq, consultation, name="李四", unit=scene.unit, status="substituted", substitute="张三")
    assert consultation.attendance.get().substitute == "张三"
    with pytest.raises(ConflictError):
        services.draft_agenda(scene.hq, scene.county, TODAY, TODAY)


@pytest.mark.django_db
def test_the_monthly_job_drafts_every_county_once(scene):
    first = services.draft_agendas(datetime.date(2026, 11, 3))
    assert first["month"] == "2026-11-01" and first["added"] == 3
    assert first["counties"][scene.county.code]["added"] == 3
    assert services.draft_agendas(datetime.date(2026, 11, 4))["added"] == 0
    assert Consultation.objects.count() == 1 and AgendaItem.objects.count() == 3


@pytest.mark.django_db
def test_the_draft_agendas_command_prints_json_and_refuses_a_bad_date(scene):
    import json
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("draft_agendas", "--on", "2026-11-03", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["added"] == 3
    with pytest.raises(CommandError):
        call_command("draft_agendas", "--on", "2026-13-01")
