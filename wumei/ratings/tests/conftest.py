"""Fixtures of 百企评百岗's tests, on top of the root conftest's `world`: a frozen day, an approval department
with two posts (one held by `post_staff`), an open round with the four default criteria, and three enterprises
with a user each (world.owner's enterprise first)."""

import datetime
import zoneinfo
from types import SimpleNamespace

import pytest

TODAY = datetime.date(2026, 6, 15)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=SHANGHAI), tick=False)
    return TODAY


@pytest.fixture
def login(client, world):
    def sign_in(user):
        client.force_login(getattr(world, user) if isinstance(user, str) else user)
        return client

    return sign_in


@pytest.fixture
def rating_world(world, today):
    from wumei.org.models import Unit
    from wumei.ratings import rules
    from wumei.ratings.models import Post
    from wumei.ratings.services import create_post, create_round
    from wumei.testing import EnterpriseFactory, Role, UnitFactory, user_with_role

    county = world.county
    bureau = UnitFactory(name="县行政审批服务局", kind=Unit.Kind.APPROVAL, region=county)
    staff = user_with_role(Role.LIAISON, county, bureau, username="post_staff")
    approval = create_post(world.hq, county, unit=bureau, name="投资项目审批岗", category=Post.Category.APPROVAL,
                           staff=[staff.person])
    window = create_post(world.hq, county, unit=bureau, name="综合受理窗口", category=Post.Category.SERVICE)
    rating_round = create_round(world.hq, county, name="2026年第二季度", opens_on=datetime.date(2026, 6, 1),
                                closes_on=datetime.date(2026, 6, 30),
                                criteria=rules.criteria_text(rules.DEFAULT_CRITERIA))
    second = EnterpriseFactory(name="衡东泵业智造有限公司", region=county)
    third = EnterpriseFactory(name="湘衡盐化有限责任公司", region=county)
    return SimpleNamespace(
        county=county, bureau=bureau, staff=staff, approval=approval, window=window, round=rating_round,
        criteria=list(rating_round.criteria.all()),
        raters=[world.owner, user_with_role(Role.ENTERPRISE, county, second, username="ent2"),
                user_with_role(Role.ENTERPRISE, county, third, username="ent3")],
        enterprises=[world.enterprise, second, third],
    )


def scores(rw, *values):
    """{criterion id: value} for the round's criteria in order."""
    return {c.pk: v for c, v in zip(rw.criteria, values, strict=True)}
