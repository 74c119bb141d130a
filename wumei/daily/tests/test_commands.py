"""`wumei chase_reports`: one message per liaison and day, late reports recorded, idempotent."""

import datetime
import io
import json
import threading
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from wumei.audit.models import AuditEvent
from wumei.daily.models import Chase, DailyReport
from wumei.daily.services import chase_reports
from wumei.daily.tests.support import DAY, at, registered
from wumei.notify.models import Message
from wumei.org.models import Role
from wumei.testing import ProjectFactory, UnitFactory, user_with_role


def report(project, day=DAY, late=False):
    return DailyReport.objects.create(project=project, report_on=day, image_progress="施工中",
                                      cumulative_investment=Decimal(1000), stage=project.stage, is_late=late)


def test_after_the_cutoff_each_liaison_with_missing_reports_gets_one_message(daily):
    summary = chase_reports(DAY, now=at(DAY, 17, 30))

    assert summary.ran and (summary.expected, summary.missing, summary.units_missing) == (2, 2, 2)
    assert summary.messages_sent == 2 and summary.chases_created == 2
    message = Message.objects.get(recipient=daily.liaison)
    assert message.subject == "03月18日日报未报：1个项目"
    assert daily.project.name in message.body and message.url == "/daily/mine/"
    chase = Chase.objects.get(person=daily.liaison.person)
    assert (chase.day, chase.kind, chase.unit, chase.project_count, chase.message) == (
        DAY, Chase.Kind.MISSING, daily.unit, 1, message)
    assert AuditEvent.objects.filter(action="daily.chase").count() == 1


def test_running_twice_sends_nothing_new(daily):
    chase_reports(DAY, now=at(DAY, 17, 30))
    again = chase_reports(DAY, now=at(DAY, 21, 0))

    assert again.ran and again.missing == 2
    assert (again.messages_sent, again.chases_created, again.late_recorded) == (0, 0, 0)
    assert Message.objects.count() == 2 and Chase.objects.count() == 2
    assert AuditEvent.objects.filter(action="daily.chase").count() == 1


def test_reported_projects_are_not_chased_and_late_ones_are_recorded(daily):
    report(daily.project, late=True)
    summary = chase_reports(DAY, now=at(DAY, 18))

    assert (summary.received, summary.missing, summary.late, summary.late_recorded) == (1, 1, 1, 1)
    assert not Message.objects.filter(recipient=daily.liaison).exists()
    assert Message.objects.filter(recipient=daily.other_liaison).count() == 1
    late = Chase.objects.get(kind=Chase.Kind.LATE)
    assert (late.unit, late.person, late.project_names) == (daily.unit, None, daily.project.name)


def test_a_late_report_arriving_after_a_run_updates_the_late_record(daily):
    second = ProjectFactory(county=daily.county, responsible_unit=daily.unit, stage="started")
    registered(second, datetime.date(2026, 3, 1))
    report(daily.project, late=True)
    first = chase_reports(DAY, now=at(DAY, 18))
    assert first.late_recorded == 1 and Message.objects.filter(recipient=daily.liaison).count() == 1

    report(second, late=True)
    summary = chase_reports(DAY, now=at(DAY, 22))

    assert (summary.late, summary.late_recorded, summary.messages_sent) == (2, 1, 0)
    late = Chase.objects.get(kind=Chase.Kind.LATE, unit=daily.unit)
    assert late.project_count == 2 and second.name in late.project_names
    assert Message.objects.filter(recipient=daily.liaison).count() == 1


def test_nothing_is_chased_before_the_cutoff_or_on_a_rest_day(daily):
    early = chase_reports(DAY, now=at(DAY, 16, 59))
    assert not early.ran and "未到" in early.reason
    holiday = datetime.date(2026, 10, 1)
    rest = chase_reports(holiday, now=at(holiday, 18))
    assert not rest.ran and "不是工作日" in rest.reason
    assert not Message.objects.exists() and not Chase.objects.exists()


def test_a_make_up_working_day_is_chased(daily):
    make_up = datetime.date(2026, 9, 20)  # a Sunday worked for the National Day holiday (调休)
    assert chase_reports(make_up, now=at(make_up, 17, 30)).messages_sent == 2


def test_a_unit_without_a_liaison_is_recorded_without_a_message(daily):
    lonely = UnitFactory(region=daily.county, name="县水利局")
    registered(ProjectFactory(county=daily.county, responsible_unit=lonely, name="水库除险加固项目"),
               datetime.date(2026, 3, 1))

    first = chase_reports(DAY, now=at(DAY, 18))
    second = chase_reports(DAY, now=at(DAY, 19))
    assert first.units_without_liaison == 1 and first.chases_created == 3 and second.chases_created == 0
    assert Chase.objects.filter(unit=lonely, person__isnull=True).count() == 1


def test_a_liaison_of_two_units_gets_one_message_naming_both(daily):
    person = daily.liaison.person
    from wumei.org.models import RoleAssignment

    RoleAssignment.objects.create(person=person, role=Role.LIAISON, region=daily.county, unit=daily.other_unit)
    summary = chase_reports(DAY, now=at(DAY, 18))

    message = Message.objects.get(recipient=daily.liaison)
    assert message.subject == "03月18日日报未报：2个项目"
    assert daily.unit.name in message.body and daily.other_unit.name in message.body
    assert Chase.objects.filter(person=person).count() == 2 and summary.messages_sent == 2


def test_the_command_prints_a_summary_and_json(daily):
    out = io.StringIO()
    with time_machine.travel(at(DAY, 18), tick=False):
        call_command("chase_reports", "--on", DAY.isoformat(), stdout=out)
        assert "未报2个" in out.getvalue() and "新发催报消息2条" in out.getvalue()
        out = io.StringIO()
        call_command("chase_reports", "--on", DAY.isoformat(), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["day"] == "2026-03-18" and data["ran"] is True
    assert (data["missing"], data["messages_sent"], data["chases_created"]) == (2, 0, 0)


def test_the_command_says_why_it_did_nothing(daily):
    out = io.StringIO()
    with time_machine.travel(at(DAY, 9), tick=False):
        call_command("chase_reports", "--on", DAY.isoformat(), stdout=out)
    assert "未到" in out.getvalue()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent runs need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_runs_send_one_message_per_liaison():
    from wumei.calendar.services import seed_from_chinesecalendar
    from wumei.testing import RegionFactory

    seed_from_chinesecalendar()  # a transactional test starts from an empty database
    county = RegionFactory(code="430424", name="示范县")
    units = [UnitFactory(region=county, name=f"单位{i}") for i in range(6)]
    liaisons = [user_with_role(Role.LIAISON, county, unit, username=f"liaison{i}") for i, unit in enumerate(units)]
    for unit in units:
        for n in range(3):
            registered(ProjectFactory(county=county, responsible_unit=unit, name=f"{unit.name}项目{n}"),
                       datetime.date(2026, 3, 1))
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(chase_reports(DAY, now=at(DAY, 18)))
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(r.messages_sent for r in results) == 6
    assert sum(r.chases_created for r in results) == 6
    for user in liaisons:
        assert Message.objects.filter(recipient=user).count() == 1
    assert Chase.objects.count() == 6
