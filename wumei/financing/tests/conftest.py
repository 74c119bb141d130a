"""Fixtures of the financing tests: a second enterprise in the world's county with requests of its own."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

TODAY = datetime.date(2026, 6, 30)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=SHANGHAI), tick=False)
    return TODAY


@pytest.fixture
def login(client, world):
    def sign_in(who: str):
        client.force_login(getattr(world, who))
        return client

    return sign_in


@pytest.fixture
def loans(world, today):
    """World.enterprise: 3000万 asked in April, granted 2500万 in May (followed up in May), and 800万 asked in
    June, under review. A second enterprise: 500万 asked in May, refused in June."""
    from wumei.financing.services import create_request, follow_up
    from wumei.testing import EnterpriseFactory, Role, user_with_role

    d = datetime.date
    world.enterprise2 = EnterpriseFactory(name="衡东县祥和食品有限公司", region=world.county)
    world.owner2 = user_with_role(Role.ENTERPRISE, world.county, world.enterprise2, username="enterprise2")
    a = create_request(world.owner, world.enterprise, bank="中国农业银行衡东县支行", amount=Decimal("3000"),
                       purpose="项目建设固定资产贷款", requested_on=d(2026, 4, 20), project=world.project)
    follow_up(world.hq, a, note="银行已完成贷前调查", on=d(2026, 5, 6), status="reviewing")
    follow_up(world.hq, a, note="审批通过并放款", on=d(2026, 5, 28), status="granted",
              granted_amount=Decimal("2500"))
    b = create_request(world.hq, world.enterprise, bank="衡东农商银行", amount=Decimal("800"), purpose="流动资金",
                       requested_on=d(2026, 6, 3))
    follow_up(world.hq, b, note="已推送至银行", on=d(2026, 6, 5), status="reviewing")
    c = create_request(world.owner2, world.enterprise2, bank="中国建设银行衡东支行", amount=Decimal("500"),
                       purpose="购置设备", requested_on=d(2026, 5, 12))
    follow_up(world.hq, c, note="银行审核未通过", on=d(2026, 6, 10), status="refused", refused_reason="抵押物不足")
    return [a, b, c]
