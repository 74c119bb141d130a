"""Fixtures of the registry's tests, on top of the root conftest's `world`."""

import datetime
import zoneinfo

import pytest

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def today(time_machine):
    """Freeze the clock at noon of TODAY (Shanghai) so overdue markers and 'this year' are fixed."""
    time_machine.move_to(datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=SHANGHAI), tick=False)
    return TODAY


@pytest.fixture
def login(client, world):
    """Sign the test client in as one of the world's users, by attribute name ("hq", "liaison", …)."""

    def sign_in(who: str):
        client.force_login(getattr(world, who))
        return client

    return sign_in


