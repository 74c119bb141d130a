"""Fixtures of the reception day tests, on top of the root conftest's `world`."""

import datetime
import zoneinfo

import pytest

TODAY = datetime.date(2026, 6, 15)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def freeze(time_machine, day: datetime.date) -> None:
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(12), tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def today(time_machine):
    freeze(time_machine, TODAY)
    return TODAY


@pytest.fixture
def login(client, world):
    def sign_in(who: str):
        client.force_login(getattr(world, who))
        return client

    return sign_in


@pytest.fixture
def june_day(world, today):
    """June 2026's reception day, the 8th (a Monday), received by the commander and the lead leader."""
    from wumei.reception.services import set_reception_day

    return set_reception_day(world.hq, world.county, held_on=datetime.date(2026, 6, 8),
                             leaders=[world.commander.person, world.lead_leader.person], venue="县政务中心")
