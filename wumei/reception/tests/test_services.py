"""Setting the day, recording a visit with its problems (all or nothing), answering, and the reminder job."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from wumei.audit.models import AuditEvent
from wumei.core.errors import ValidationError
from wumei.notify.models import Message
from wumei.problems.models import Problem
from wumei.reception import services
from wumei.reception.models import ReceptionDay, ReceptionVisit
from wumei.reception.services import OpenedProblem

D = datetime.date


def test_one_reception_day_per_county_and_month_setting_again_changes_it(world, june_day):
    again = services.set_reception_day(world.hq, world.county, held_on=D(2026, 6, 9),
                                       leaders=[world.commander.person])
    assert again.pk == june_day.pk
    assert ReceptionDay.objects.count() == 1
    assert again.held_on == D(2026, 6, 9) and list(again.leaders.all()) == [world.commander.person]
    actions = list(AuditEvent.objects.filter(object_type="reception.receptionday").order_by("sequence").values_list("action", flat=True))
    assert actions == ["reception_day.create", "reception_day.update"]


def test_only_the_hq_office_sets_the_day_and_leaders_are_required(world, today):
    with pytest.raises(PermissionDenied):
        services.set_reception_day(world.liaison, world.county, held_on=D(2026, 6, 8),
                                   leaders=[world.commander.person])
    with pytest.raises(ValidationError) as exc:
        services.set_reception_day(world.hq, world.county, held_on=D(2026, 6, 8), leaders=[])
    assert exc.value.message_dict == {"leaders": ["请选择至少一位接待领导"]}


def test_a_visit_opens_its_problems_in_the_ladder(world, june_day):
    visit = services.record_visit(
        world.hq, june_day, visitor_name="李总", visitor_title="董事长", enterprise=world.enterprise,
        project=world.project, request="反映项目用电增容和流动资金困难",
        problems=[OpenedProblem("10千伏专线增容未批复", category=Problem.Category.POWER, owner_unit=world.other_unit),
                  OpenedProblem("流动资金贷款缺口3000万元", category=Problem.Category.FUNDS, deadline_days=15)],
        answer="现场交办供电公司和金融办", answered_on=None)
    problems = list(visit.problems.order_by("id"))
    assert [(p.source, p.project, p.raised_on, p.owner_unit) for p in problems] == [
        ("reception", world.project, D(2026, 6, 8), world.other_unit),
        ("reception", world.project, D(2026, 6, 8), world.unit),  # the project's responsible unit by default
    ]
    assert visit.answered_on == D(2026, 6, 8)  # answered on the spot
    assert AuditEvent.objects.filter(action="reception_visit.create", object_id=str(visit.pk)).exists()
    assert AuditEvent.objects.filter(action="problem.raise").count() == 2


def test_a_visit_with_a_bad_problem_records_nothing(world, june_day):
    with pytest.raises(ValidationError) as exc:
        services.record_visit(world.hq, june_day, visitor_name="李总", enterprise=world.enterprise,
                              project=world.project, request="用地问题",
                              problems=[OpenedProblem("征地补偿未到位"), OpenedProblem("x", deadline_days=0)])
    assert exc.value.message_dict == {"problems": ["第2个问题：办理时限至少为1个工作日"]}
    assert not ReceptionVisit.objects.exists()
    assert not Problem.objects.exists()


def test_problems_need_the_project_and_the_visitor_and_request_are_required(world, june_day):
    with pytest.raises(ValidationError) as exc:
        services.record_visit(world.hq, june_day, visitor_name=" ", enterprise=world.enterprise, request="",
                              problems=[OpenedProblem("征地补偿未到位")])
    assert set(exc.value.message_dict) == {"visitor_name", "request", "project"}
    assert exc.value.message_dict["project"] == ["转入问题清单须选择所涉项目"]


def test_an_answer_given_later_is_recorded_with_its_date(world, june_day):
    visit = services.record_visit(world.hq, june_day, visitor_name="王经理", enterprise=world.enterprise,
                                  request="咨询技改补贴政策")
    assert visit.answered_on is None
    with pytest.raises(ValidationError):
        services.answer_visit(world.hq, visit, answer="已答复", answered_on=D(2026, 6, 5))
    visit = services.answer_visit(world.hq, visit, answer="符合省技改补贴条件，已指导申报", answered_on=D(2026, 6, 12))
    assert (visit.answer, visit.answered_on) == ("符合省技改补贴条件，已指导申报", D(2026, 6, 12))
    with pytest.raises(PermissionDenied):
        services.answer_visit(world.owner, visit, answer="x", answered_on=D(2026, 6, 12))


# The reminder job ------------------------------------------------------------------------------------------------

def inbox(user) -> list[str]:
    return list(Message.objects.filter(recipient=user).values_list("subject", flat=True))


def test_hq_and_leaders_are_reminded_three_working_days_before_once(world, june_day):
    assert services.remind_reception_day(D(2026, 6, 2)) == {"reminded_days": 0, "messages": 0, "asked_to_set": 0}
    # 3 June (Wednesday) is three working days before Monday 8 June.
    first = services.remind_reception_day(D(2026, 6, 3))
    assert first == {"reminded_days": 1, "messages": 3, "asked_to_set": 0}
    for user in (world.hq, world.commander, world.lead_leader):
        assert inbox(user) == ["企业家接待日提醒：06月08日"]
    assert services.remind_reception_day(D(2026, 6, 4))["messages"] == 0  # idempotent
    assert inbox(world.liaison) == []


def test_hq_is_asked_to_set_a_day_when_the_eighth_is_not_a_working_day(world, today):
    # 8 November 2026 is a Sunday; from 9 October on, the next 8th is November's.
    result = services.remind_reception_day(D(2026, 10, 20))
    assert result["asked_to_set"] == 1 and result["messages"] == 1
    assert inbox(world.hq) == ["请确定11月企业家接待日"]
    assert services.remind_reception_day(D(2026, 10, 21))["messages"] == 0
    services.set_reception_day(world.hq, world.county, held_on=D(2026, 11, 9), leaders=[world.commander.person])
    assert services.remind_reception_day(D(2026, 10, 22))["asked_to_set"] == 0


def test_a_working_eighth_without_leaders_is_reminded_to_the_hq_office(world, today):
    assert services.remind_reception_day(D(2026, 7, 3)) == {"reminded_days": 1, "messages": 1, "asked_to_set": 0}
    assert inbox(world.hq) == ["企业家接待日提醒：07月08日"]


def test_the_command_runs_the_job_and_says_what_it_sent(world, june_day):
    import io
    import json

    from django.core.management import call_command

    out = io.StringIO()
    call_command("remind_reception_day", "--on", "2026-06-05", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == {"reminded_days": 1, "messages": 3, "asked_to_set": 0}
    out = io.StringIO()
    call_command("remind_reception_day", "--on", "2026-06-05", stdout=out)
    assert out.getvalue().strip() == "2026-06-05：提醒接待日1个，提请确定接待日0个，发送消息0条。"
