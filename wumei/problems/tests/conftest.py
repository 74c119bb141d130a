"""Fixtures of the problem tests, on top of the root conftest's `world`.

The ladder: world.lead_leader leads world.project (level 1); `vice_head` (a county leader with no role that
reads the whole county) holds level 2; world.commander holds level 3. The 2026 National Day holiday is in
the calendar: 10-01..10-07 off, Sunday 09-20 and Saturday 10-10 worked (调休).
"""

import datetime

import pytest

from wumei.problems.tests.helpers import HEAD_DAYS, HOLIDAYS, MAKE_UP_DAYS, TODAY, VICE_DAYS, freeze


@pytest.fixture
def today(time_machine):
    """Freeze the clock at noon of TODAY (Shanghai)."""
    freeze(time_machine, TODAY)
    return TODAY


@pytest.fixture
def national_day(db):
    """The 2026 National Day arrangement in the working calendar (as the official seed has it; made sure)."""
    from wumei.calendar.models import CalendarYear, SpecialDay

    CalendarYear.objects.get_or_create(year=2026)
    for day in HOLIDAYS:
        SpecialDay.objects.update_or_create(day=day, defaults={"is_working": False, "name": "国庆节"})
    for day in MAKE_UP_DAYS:
        SpecialDay.objects.update_or_create(day=day, defaults={"is_working": True, "name": "国庆节"})


@pytest.fixture
def vice_head(world):
    """常务副县长: a county leader with a login; he reads nothing of the county by role (only a lead leader)."""
    from wumei.testing import Role, user_with_role

    user = user_with_role(Role.LEAD_LEADER, world.county, username="vice_head")
    user.person.name, user.person.title = "赵常务", "县委常委、常务副县长"
    user.person.save()
    return user


@pytest.fixture
def ladder(world, vice_head):
    from wumei.problems.models import LadderPost

    LadderPost.objects.create(county=world.county, level=2, person=vice_head.person, deadline_days=VICE_DAYS)
    LadderPost.objects.create(county=world.county, level=3, person=world.commander.person, deadline_days=HEAD_DAYS)
    world.vice_head = vice_head
    return world


@pytest.fixture
def login(client, world):
    """Sign the test client in as one of the world's users, by attribute name ("hq", "liaison", …)."""

    def sign_in(who: str):
        client.force_login(getattr(world, who))
        return client

    return sign_in


@pytest.fixture
def raised(world):
    """A problem the enterprise raised for world.project on 2026-06-01, owned by world.unit (its liaison)."""
    from wumei.problems.models import Problem
    from wumei.problems.services import raise_problem

    return raise_problem(world.owner, world.project, source=Problem.Source.ENTERPRISE, category=Problem.Category.POWER,
                         description="施工用电报装迟迟未接入，影响主体施工", on=datetime.date(2026, 6, 1))



@pytest.fixture
def api(client):
    """A JSON client with a bearer token per user (the API tests' own helper)."""
    from wumei.api.tests.support import ApiClient

    return ApiClient(client)
