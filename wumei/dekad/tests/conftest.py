"""Fixtures of the dekad tests, on top of the root conftest's `world`.

The day is 2026-06-11 (Thursday, the first day of 2026-06中旬). world.project (world.unit's, led by
world.lead_leader) is not started and due to start in 20 days → a reminder letter; world.other (world.other_unit's)
started last year and has done 450 of the 2400万元 planned this year → lagging (expected 5/12 = 1000) → a
supervision letter. world.lead_leader visited world.project in May, not since. Unit heads of world.unit and
world.other_unit are added as `head` and `other_head`.
"""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 6, 11)


def d(month: int, day: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, day)


def freeze(time_machine, day: datetime.date) -> None:
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(12), tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def today(time_machine):
    freeze(time_machine, TODAY)
    return TODAY


@pytest.fixture
def dekad_world(world, today):
    from wumei.projects.models import AnnualPlan, Progress
    from wumei.testing import Role, user_with_role

    world.project.planned_start_on = d(7, 1)
    world.project.save()
    world.other.planned_start_on = d(3, 1, 2025)
    world.other.actual_start_on = d(3, 10, 2025)
    world.other.stage = "started"
    world.other.save()
    AnnualPlan.objects.create(project=world.other, year=2026, planned_investment=Decimal(2400))
    Progress.objects.create(project=world.other, as_of=d(5, 31), year_investment=Decimal(450),
                            cumulative_investment=Decimal(3500))
    # The county logs weekly visits (a visit in May), so a week without one is a week not visited.
    from wumei.weekly.models import Visit

    Visit.objects.create(project=world.project, leader=world.lead_leader.person, visited_on=d(5, 20),
                         findings="现场查看前期工作")
    world.head = user_with_role(Role.UNIT_HEAD, world.county, world.unit, username="unit_head")
    world.other_head = user_with_role(Role.UNIT_HEAD, world.county, world.other_unit, username="other_head")
    return world


@pytest.fixture
def login(client, world):
    def sign_in(who: str):
        client.force_login(getattr(world, who))
        return client

    return sign_in


@pytest.fixture
def national_day(db):
    """The 2026 National Day arrangement (as the official seed has it; made sure, since transactional tests
    flush the seeded calendar): 10-01..10-07 off, Sunday 09-20 and Saturday 10-10 worked."""
    from wumei.calendar.models import CalendarYear, SpecialDay

    CalendarYear.objects.get_or_create(year=2026)
    for n in range(1, 8):
        SpecialDay.objects.update_or_create(day=d(10, n), defaults={"is_working": False, "name": "国庆节"})
    for day in (d(9, 20), d(10, 10)):
        SpecialDay.objects.update_or_create(day=day, defaults={"is_working": True, "name": "国庆节"})
