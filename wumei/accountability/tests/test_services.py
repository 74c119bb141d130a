"""问责's use cases: recording and changing a case, with its links, checks and audit events."""

import datetime

import pytest

from wumei.accountability.models import Case
from wumei.accountability.services import record_case, update_case
from wumei.accountability.tests.conftest import make_letter
from wumei.audit.models import AuditEvent
from wumei.core.errors import PermissionDenied, ValidationError
from wumei.testing import ProjectFactory, RegionFactory, user_with_role

D = datetime.date


def test_the_inspector_records_an_interview_behind_a_letter(world, today, letter):
    head = world.liaison.person
    case = record_case(world.inspector, world.county, kind=Case.Kind.INTERVIEW, occurred_on=D(2026, 6, 1),
                       subject_unit=world.unit, subject_people=[head], reason=" 督办函所列问题整改不力 ",
                       measures="县长约谈主要负责人", projects=[world.project], letters=[letter])
    assert case.reason == "督办函所列问题整改不力" and case.recorded_by == world.inspector
    assert list(case.letters.all()) == [letter] and list(case.projects.all()) == [world.project]
    event = AuditEvent.objects.get(action="accountability.create")
    assert event.object_id == str(case.pk) and event.region_code == "430424"
    assert event.after["letters"] == [letter.pk] and event.after["subject_people"] == [head.pk]


def test_a_case_is_checked_before_it_is_written(world, today):
    outside = ProjectFactory(county=RegionFactory(code="430426", name="外县"))
    draft = make_letter(world.project, status="draft", kind="assignment")
    with pytest.raises(ValidationError) as caught:
        record_case(world.hq, world.county, kind=Case.Kind.INTERVIEW, occurred_on=D(2026, 6, 16), reason="",
                    status=Case.Status.CLOSED, projects=[outside], letters=[draft])
    assert caught.value.message_dict == {
        "reason": ["请填写问责事由"], "occurred_on": ["问责日期不能晚于今天"], "closed_on": ["已办结的案件请填写办结日期"],
        "subject_unit": ["约谈请选择被约谈的单位"], "projects": ["涉及项目应为本县（区）的项目"],
        "letters": ["只能关联已印发的函件"]}
    assert not Case.objects.exists() and not AuditEvent.objects.filter(action__startswith="accountability").exists()


@pytest.mark.parametrize("who", ["commander", "liaison", "owner", "lead_leader", "auditor", "nobody"])
def test_only_the_hq_office_and_the_inspector_record_cases(world, today, who):
    with pytest.raises(PermissionDenied):
        record_case(getattr(world, who), world.county, kind=Case.Kind.BUSINESS, occurred_on=D(2026, 6, 1),
                    reason="违规检查")


def test_an_inspector_of_another_county_cannot_record_here(world, today):
    elsewhere = user_with_role("inspector", RegionFactory(code="430426", name="外县"), username="far_inspector")
    with pytest.raises(PermissionDenied):
        record_case(elsewhere, world.county, kind=Case.Kind.BUSINESS, occurred_on=D(2026, 6, 1), reason="x")


def test_closing_a_case_records_what_changed(world, today, letter):
    case = record_case(world.hq, world.county, kind=Case.Kind.DISCIPLINE, occurred_on=D(2026, 5, 20),
                       reason="接受企业宴请", subject_people=[world.liaison.person])
    update_case(world.inspector, case, kind=Case.Kind.DISCIPLINE, occurred_on=D(2026, 5, 20), reason="接受企业宴请",
                measures="党内警告处分", subject_people=[world.liaison.person, world.other_liaison.person],
                status=Case.Status.CLOSED, closed_on=D(2026, 6, 10), letters=[letter])
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.closed_on == D(2026, 6, 10)
    event = AuditEvent.objects.get(action="accountability.update")
    assert set(event.after) == {"measures", "status", "closed_on", "subject_people", "letters"}
    assert event.before["status"] == "open" and event.after["letters"] == [letter.pk]
