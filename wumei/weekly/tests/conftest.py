"""Fixtures of the 每周必访 tests: conftest's `world` with a secretary, a second lead leader, a chain with its
leader, another chain leader, and investment leads; a media folder per test."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

DAY = datetime.date(2026, 6, 10)  # a Wednesday: week 2026-06-08 (Mon) .. 2026-06-14 (Sun), ISO week 24


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today(time_machine):
    """Freeze the clock on DAY (10:00 in Shanghai)."""
    time_machine.move_to(datetime.datetime(2026, 6, 10, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))),
                         tick=False)
    return DAY


@pytest.fixture
def weekly(world):
    """`world` plus: a secretary who logs visits for world.lead_leader; another lead leader leading world.other;
    a chain (world.project's) led by `chain_leader`, another chain with its own leader; a park and two leads."""
    from wumei.org.models import Unit
    from wumei.testing import (
        ChainFactory,
        EnterpriseFactory,
        PersonFactory,
        Role,
        UnitFactory,
        UserFactory,
        user_with_role,
    )
    from wumei.weekly.models import InvestmentLead, VisitDelegate

    county = world.county
    secretary = UserFactory(username="secretary")
    secretary_person = PersonFactory(user=secretary, region=county, name="秘书小周")
    VisitDelegate.objects.create(leader=world.lead_leader.person, secretary=secretary_person)
    other_leader = user_with_role(Role.LEAD_LEADER, county, username="other_leader")
    world.other.lead_leader = other_leader.person
    world.other.save()
    chain_leader = user_with_role(Role.CHAIN_LEADER, county, username="chain_leader")
    other_chain_leader = user_with_role(Role.CHAIN_LEADER, county, username="other_chain_leader")
    chain = ChainFactory(name="化工新材料产业链", region=county, leader=chain_leader.person)
    other_chain = ChainFactory(name="生物医药产业链", region=county, leader=other_chain_leader.person)
    world.project.chain = chain
    world.project.save()
    park = UnitFactory(name="示范经济开发区", kind=Unit.Kind.PARK, region=county)
    town = UnitFactory(name="青山镇", kind=Unit.Kind.TOWN, region=county)
    supplier = EnterpriseFactory(name="楚信盐化集团纯碱有限公司", region=county, is_top500=True)
    lead = InvestmentLead.objects.create(
        county=county, name="纯碱副产品综合利用项目", investor="楚信盐化集团有限公司", is_top500=True,
        amount=Decimal("60000"), chain=chain, park=park, stage=InvestmentLead.Stage.STARTED,
        contacted_on=datetime.date(2026, 1, 5), signed_on=datetime.date(2026, 2, 1),
        contract_start_on=datetime.date(2026, 4, 1), started_on=datetime.date(2026, 4, 10),
    )
    other_lead = InvestmentLead.objects.create(
        county=county, name="中药配方颗粒项目", investor="湘岳制药股份有限公司", amount=Decimal("36000"),
        chain=other_chain, town=town, stage=InvestmentLead.Stage.SIGNED, contacted_on=datetime.date(2026, 2, 1),
        signed_on=datetime.date(2026, 3, 1), contract_start_on=datetime.date(2026, 5, 1),
    )
    return SimpleNamespace(
        **vars(world), secretary=secretary, other_leader=other_leader, chain_leader=chain_leader,
        other_chain_leader=other_chain_leader, chain=chain, other_chain=other_chain, park=park, town=town,
        supplier=supplier, lead=lead, other_lead=other_lead,
    )
