"""Fixtures of the dekad tests, on top of the root conftest's `world`.

The day is 2026-06-11 (Thursday, the first day of 2026-06中旬). world.project (world.unit's, led by
world.lead_leader) is not started and due to start in 20 days → a reminder letter; world.other (world.other_unit's)
started last year and has done 450 of the 2400万元 planned this year → lagging (expected 5/12 = 1000) → a
supervision letter. A unit head of world.unit is added as `head`.
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
    world.head = user_with_role(Role.UNIT_HEAD, world.county, world.unit, username="unit_head")
    world.other_head = user_with_role(Role.UNIT_HEAD, world.county, world.other_unit, username="other_head")
    return world


@pytest.fixture
def login(client, world):
    def sign_in(who: str):
        client.force_login(getattr(world, who))
        return client

    return sign_in
