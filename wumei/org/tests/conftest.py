"""Fixtures of the organisation pages: a system administrator and a second county outside everyone's scope."""

from types import SimpleNamespace

import pytest

from wumei.testing import PersonFactory, RegionFactory, Role, UnitFactory, user_with_role


@pytest.fixture
def sys_admin(world):
    return user_with_role(Role.SYS_ADMIN, world.county, username="sys_admin")


@pytest.fixture
def far(db):
    """Another county with a unit and a person: outside the scope of every user of `world`."""
    county = RegionFactory(code="430500", name="远方县")
    unit = UnitFactory(name="远方县发展和改革局", region=county)
    person = PersonFactory(name="远方人", region=county, unit=unit, phone="13900001111")
    return SimpleNamespace(county=county, unit=unit, person=person)


