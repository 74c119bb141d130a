"""Shared fixtures: a small county with one project and a user per kind of access."""

import os

import pytest

os.environ.setdefault("WUMEI_SECURE_COOKIES", "0")
os.environ.setdefault("WUMEI_HUEY_IMMEDIATE", "1")  # documents render in the test process, no worker needed


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def county(db):
    from wumei.testing import RegionFactory

    return RegionFactory(code="430424", name="示范县")


@pytest.fixture
def world(county):
    """One county, two units, one enterprise, two projects, and a user for each access kind."""
    from types import SimpleNamespace

    from wumei.testing import (
        EnterpriseFactory,
        ProjectFactory,
        Role,
        UnitFactory,
        UserFactory,
        user_with_role,
    )

    unit = UnitFactory(name="县工业和信息化局", region=county)
    other_unit = UnitFactory(name="县交通运输局", region=county)
    enterprise = EnterpriseFactory(name="湖南轻盐集团有限公司", region=county)
    inspector_user = user_with_role(Role.INSPECTOR, county, username="inspector")
    leader_user = user_with_role(Role.LEAD_LEADER, county, username="lead_leader")
    project = ProjectFactory(
        name="轻盐集团年产100万吨纯碱项目", county=county, responsible_unit=unit, owner=enterprise,
        inspector=inspector_user.person, lead_leader=leader_user.person,
    )
    other = ProjectFactory(name="县城环线公路项目", county=county, responsible_unit=other_unit)
    return SimpleNamespace(
        county=county, unit=unit, other_unit=other_unit, enterprise=enterprise, project=project, other=other,
        hq=user_with_role(Role.HQ_OFFICE, county, username="hq_office"),
        commander=user_with_role(Role.COMMANDER, county, username="commander"),
        liaison=user_with_role(Role.LIAISON, county, unit, username="liaison"),
        other_liaison=user_with_role(Role.LIAISON, county, other_unit, username="other_liaison"),
        owner=user_with_role(Role.ENTERPRISE, county, enterprise, username="enterprise"),
        inspector=inspector_user,
        lead_leader=leader_user,
        auditor=user_with_role(Role.AUDITOR, county, username="auditor"),
        nobody=UserFactory(username="nobody"),
    )
