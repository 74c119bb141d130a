"""每周必访 in a real browser at phone size: a lead leader logs a visit and his unvisited list shrinks, the HQ
office sees the coverage change; the chain map draws; no page overflows 375 px."""

import datetime
import re
from decimal import Decimal

import pytest
from PIL import Image
from playwright.sync_api import expect

from wumei.org.models import Unit
from wumei.testing import EnterpriseFactory, Role, user_with_role
from wumei.weekly.models import ChainItem, InvestmentLead, SupplyLink

pytestmark = pytest.mark.browser

PHONE_WIDTH = 375


@pytest.fixture
def rounds(world):
    """The world with a second lead leader, a chain with its map and list items, and two leads."""
    from wumei.testing import ChainFactory, UnitFactory

    county = world.county
    other_leader = user_with_role(Role.LEAD_LEADER, county, username="other_leader")
    world.other.lead_leader = other_leader.person
    world.other.save()
    chain = ChainFactory(name="化工新材料产业链", region=county)
    world.project.chain = chain
    world.project.save()
    park = UnitFactory(name="示范经济开发区", kind=Unit.Kind.PARK, region=county)
    soda = EnterpriseFactory(name="楚信盐化集团纯碱有限公司", region=county, is_top500=True)
    chips = EnterpriseFactory(name="晶纯电子化学品有限公司", region=county)
    paint = EnterpriseFactory(name="绿源涂料科技有限公司", region=county)
    for supplier, customer, product in [(soda, world.enterprise, "工业盐"), (soda, chips, "纯碱"),
                                        (world.enterprise, paint, "化工原料"), (chips, paint, "电子级溶剂")]:
        SupplyLink.objects.create(chain=chain, supplier=supplier, customer=customer, product=product)
    for kind, title in [("development", "建设绿色低碳盐碱产业园"), ("investment", "引进纯碱副产品综合利用项目"),
                        ("technology", "氨碱法纯碱废液资源化利用")]:
        ChainItem.objects.create(chain=chain, kind=kind, title=title, amount=Decimal(50000), status="in_progress",
                                 responsible="县工业和信息化局")
    today = datetime.date.today()
    InvestmentLead.objects.create(
        county=county, name="纯碱副产品综合利用项目", investor="楚信盐化集团有限公司", is_top500=True,
        amount=Decimal(60000), chain=chain, park=park, stage="signed", signed_on=today.replace(month=1, day=1),
        contract_start_on=today + datetime.timedelta(days=30))
    return world


def jpeg(path) -> str:
    Image.new("RGB", (320, 240), (90, 140, 60)).save(path, "JPEG")
    return str(path)


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def test_lead_leader_logs_a_visit_on_a_phone_and_the_hq_sees_coverage_change(open_page, sign_in, shoot, rounds,
                                                                              tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    hq = open_page("phone")
    sign_in(hq, "hq_office")
    hq.goto("/weekly/coverage/")
    expect(hq.locator("#overall-rate")).to_have_text("0.0%")
    assert fits(hq)

    page = open_page("phone")
    sign_in(page, "lead_leader")
    page.goto("/weekly/")
    expect(page.locator(".own-round .not-visited")).to_have_count(1)
    assert fits(page)
    shoot(page, "weekly-home-phone")
    page.locator(".own-round .not-visited").get_by_role("link", name="登记走访").click()
    page.get_by_label("走访情况").fill("主体厂房钢结构吊装完成约六成，要求倒排工期")
    page.get_by_label("其他随行人员").fill("县发改局局长")
    page.get_by_label("现场照片").set_input_files([jpeg(tmp_path / "现场.jpg")])
    page.locator("[name=problems-0-description]").fill("施工用电需增容至800千伏安")
    page.locator("[name=problems-0-category]").select_option(label="用电")
    assert fits(page)
    shoot(page, "weekly-visit-form-phone")
    page.get_by_role("button", name="保存走访").click()

    expect(page.locator(".alert-success")).to_contain_text("现场提出问题1个")
    expect(page.locator("img.img-fluid")).to_have_count(1)
    assert fits(page)
    shoot(page, "weekly-visit-detail-phone")
    page.goto("/weekly/")
    expect(page.locator(".own-round .not-visited")).to_have_count(0)
    expect(page.locator(".own-round")).to_contain_text("已走访 1/1")

    hq.reload()
    expect(hq.locator("#overall-rate")).to_have_text("50.0%")
    shoot(hq, "weekly-coverage-phone")
    hq.goto("/weekly/coverage/weeks/")
    expect(hq.locator("table.weeks-table tbody tr")).to_have_count(2)
    shoot(hq, "weekly-coverage-weeks-phone")


def test_chain_map_draws_its_graph_and_pages_fit_a_phone(open_page, sign_in, shoot, rounds):
    page = open_page("phone")
    sign_in(page, "hq_office")
    chain = rounds.project.chain

    page.goto(f"/weekly/chains/{chain.pk}/map/")
    expect(page.locator("#chain-map")).to_have_attribute("data-rendered", "true")
    expect(page.locator("#chain-map canvas")).to_have_count(1)
    assert fits(page)
    shoot(page, "weekly-chain-map-phone")

    for path, name in [(f"/weekly/chains/{chain.pk}/", "weekly-chain-phone"), ("/weekly/leads/", "weekly-leads-phone"),
                       ("/weekly/visits/", "weekly-visits-phone"), ("/weekly/delegates/", "weekly-delegates-phone")]:
        page.goto(path)
        assert fits(page), path
        shoot(page, name)
    page.goto("/weekly/leads/")
    expect(page.locator("[data-scope=county] [data-figure=signed]")).to_have_text(re.compile(r"^1"))


def test_chain_map_on_a_desktop(open_page, sign_in, shoot, rounds):
    page = open_page("desktop")
    sign_in(page, "commander")

    page.goto(f"/weekly/chains/{rounds.project.chain.pk}/map/")

    expect(page.locator("#chain-map")).to_have_attribute("data-rendered", "true")
    expect(page.get_by_role("button", name="添加")).to_have_count(0)
    shoot(page, "weekly-chain-map-desktop")
