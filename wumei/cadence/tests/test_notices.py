"""The engine's own jobs: the HQ office's daily digest, the Monday visit reminder, the bulletin drafts."""

import datetime
from decimal import Decimal

from wumei.bulletins.models import Bulletin
from wumei.cadence.notices import draft_bulletins, send_daily_digest, send_visit_coverage
from wumei.cadence.tests.conftest import d
from wumei.daily.models import DailyReport
from wumei.daily.tests.support import registered
from wumei.notify.models import Message
from wumei.org.models import Region
from wumei.testing import ProjectFactory, RegionFactory, Role, user_with_role
from wumei.weekly.models import Visit

WEDNESDAY = d(6, 10)


def report(project, day, late=False):
    DailyReport.objects.create(project=project, report_on=day, image_progress="施工中", stage=project.stage,
                               cumulative_investment=Decimal(1000), is_late=late)


def test_the_county_hq_office_gets_the_days_reporting_rate_once(world):
    """Three projects expected; one reported on time and one late: on time 1 of 3 = 33.3%."""
    third = ProjectFactory(name="县物流园项目", county=world.county, responsible_unit=world.unit)
    for project in (world.project, world.other, third):
        registered(project, d(6, 1))
    report(world.project, WEDNESDAY)
    report(world.other, WEDNESDAY, late=True)

    summary = send_daily_digest(WEDNESDAY)
    again = send_daily_digest(WEDNESDAY)

    assert summary == {"on": "2026-06-10", "counties": 1, "messages": 1, "rates": {"示范县": "33.3"}}
    assert again["messages"] == 0
    message = Message.objects.get(kind="cadence.daily_digest")
    assert message.recipient == world.hq
    assert message.subject == "06月10日日报报送情况：报送率33.3%"
    assert message.body == ("示范县2026年06月10日应报日报3个，已报2个（按时1个，迟报1个），未报1个；按时报送率33.3%。")
    assert message.url == "/daily/overview/?on=2026-06-10"


def test_no_digest_on_a_rest_day_nor_for_a_city_office(world):
    city = Region.objects.get(pk=world.county.pk).parent or RegionFactory(code="4304", name="衡阳市",
                                                                           level=Region.Level.CITY)
    user_with_role(Role.HQ_OFFICE, city, username="city_hq")
    registered(world.project, d(6, 1))
    assert send_daily_digest(d(6, 13))["messages"] == 0  # a Saturday
    send_daily_digest(WEDNESDAY)
    assert list(Message.objects.values_list("recipient__username", flat=True)) == ["hq_office"]


def test_on_monday_a_lead_leader_who_missed_a_project_last_week_is_reminded_once(world):
    second = ProjectFactory(name="县纺织产业园项目", county=world.county, responsible_unit=world.unit,
                            lead_leader=world.lead_leader.person)
    Visit.objects.create(project=second, leader=world.lead_leader.person, visited_on=d(6, 10), findings="现场施工正常")

    summary = send_visit_coverage(d(6, 15))
    assert send_visit_coverage(d(6, 15))["messages"] == 0

    assert summary == {"on": "2026-06-15", "week": "2026年第24周", "leaders": 1, "leaders_behind": 1, "messages": 1}
    message = Message.objects.get(kind="cadence.visit_coverage")
    assert message.recipient == world.lead_leader
    assert message.subject == "2026年第24周走访提醒：1个项目未走访"
    assert "您联系的2个项目中走访了1个" in message.body and world.project.name in message.body
    assert second.name not in message.body


def test_a_leader_who_visited_everything_gets_nothing(world):
    Visit.objects.create(project=world.project, leader=world.lead_leader.person, visited_on=d(6, 8), findings="正常")
    summary = send_visit_coverage(d(6, 15))
    assert (summary["leaders_behind"], summary["messages"]) == (0, 0)
    assert not Message.objects.exists()


def test_each_county_gets_the_dekad_bulletin_draft_once(world):
    first = draft_bulletins(d(6, 11))
    assert (first["dekad"], first["drafted"], first["existing"]) == ("2026-06上旬", 1, 0)
    assert draft_bulletins(d(6, 11))["drafted"] == 0
    assert Bulletin.objects.filter(county=world.county).count() == 1


def test_the_jobs_take_the_date_they_are_given(world):
    assert send_visit_coverage(datetime.date(2026, 6, 22))["week"] == "2026年第25周"
