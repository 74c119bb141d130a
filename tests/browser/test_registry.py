"""The registry in a real browser: find a project by pinyin initials, edit it, see the change; phone width."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from wumei.org.models import Unit
from wumei.projects import services
from wumei.projects.models import Level, PlanKind, Progress, Project, Stage, Team
from wumei.testing import (
    AnnualPlanFactory,
    ChainFactory,
    EnterpriseFactory,
    PersonFactory,
    ProjectFactory,
    UnitFactory,
)

pytestmark = pytest.mark.browser

THIS_YEAR = datetime.date.today().year
PHONE_WIDTH = 375


@pytest.fixture
def registry(world):
    """The world, filled out like a county's registry: a chain, a park, more projects, plans and a schedule."""
    county = world.county
    chain = ChainFactory(region=county, name="盐化工产业链")
    park = UnitFactory(region=county, kind=Unit.Kind.PARK, name="示范县高新技术产业开发区")
    town = UnitFactory(region=county, kind=Unit.Kind.TOWN, name="城关镇")
    butler = PersonFactory(region=county, name="王建国", title="县发改局副局长", phone="13812345678")
    police = PersonFactory(region=county, name="李卫东", title="县公安局民警", phone="13900001111")
    project = world.project
    Project.objects.filter(pk=project.pk).update(
        chain=chain, park=park, level=Level.PROVINCIAL, butler=butler, police=police, code="2026-SF-001",
        content="新建年产100万吨纯碱生产线及配套热电联产装置", work_plan="专班每周调度一次，每月向总指挥部报告",
    )
    AnnualPlanFactory(project=project, year=THIS_YEAR, kind=PlanKind.NEW_START, planned_investment=Decimal(35000))
    team = Team.objects.create(project=project, name="纯碱项目工作专班", leader=butler)
    team.members.set([butler, police])
    services.replace_milestones(None, project, [
        {"name": "完成项目备案", "planned_on": datetime.date(THIS_YEAR, 2, 1),
         "actual_on": datetime.date(THIS_YEAR, 1, 25)},
        {"name": "取得施工许可", "planned_on": datetime.date(THIS_YEAR, 5, 1), "actual_on": None},
        {"name": "主体工程开工", "planned_on": datetime.date(THIS_YEAR + 1, 3, 1), "actual_on": None},
    ])
    Progress.objects.create(project=project, as_of=datetime.date.today(), year_investment=Decimal(12800),
                            cumulative_investment=Decimal(12800), image_progress="完成场地平整，桩基施工过半")
    for n, (name, level, stage, amount) in enumerate([
        ("高新区电子信息产业园二期", Level.MUNICIPAL, Stage.STARTED, "286000"),
        ("城关镇农产品冷链物流中心", Level.COUNTY, Stage.SITING, "8600"),
        ("锂电池正极材料项目", Level.PROVINCIAL, Stage.SIGNING, "1200000"),
    ]):
        owner = EnterpriseFactory(region=county, name=f"示范{n}有限公司")
        other = ProjectFactory(county=county, name=name, level=level, stage=stage, owner=owner,
                               total_investment=Decimal(amount), responsible_unit=world.unit,
                               town=town if n == 1 else None, park=park if n != 1 else None,
                               planned_start_on=datetime.date(THIS_YEAR + 1, n + 1, 1))
        AnnualPlanFactory(project=other, year=THIS_YEAR, planned_investment=Decimal(amount) / 5)
    return world


def test_liaison_finds_a_project_by_initials_edits_it_and_sees_the_change(open_page, sign_in, shoot, registry):
    page = open_page()
    sign_in(page, "liaison")
    expect(page.get_by_role("heading", name="项目库")).to_be_visible()
    expect(page.locator("table.project-table tbody tr")).to_have_count(4)
    shoot(page, "list-desktop")

    page.get_by_placeholder("拼音首字母").fill("qyjt")
    page.get_by_role("button", name="搜索").click()
    rows = page.locator("table.project-table tbody tr")
    expect(rows).to_have_count(1)
    expect(page.get_by_text("共 1 个项目")).to_be_visible()

    rows.get_by_role("link", name="轻盐集团年产100万吨纯碱项目").click()
    expect(page.get_by_role("heading", name="轻盐集团年产100万吨纯碱项目")).to_be_visible()
    expect(page.locator("#total-investment")).to_have_text("1亿元")
    expect(page.get_by_text("139****1111")).to_be_visible()  # phones are masked for a liaison
    shoot(page, "detail-desktop")

    page.get_by_role("link", name="编辑", exact=True).click()
    page.get_by_label("总投资").fill("1.5亿")
    page.get_by_label("建设内容").fill("新建年产100万吨纯碱生产线，配套建设码头一座")
    shoot(page, "edit-desktop")
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_text("项目信息已保存")).to_be_visible()
    expect(page.locator("#total-investment")).to_have_text("1.5亿元")
    expect(page.get_by_text("配套建设码头一座")).to_be_visible()

    page.get_by_role("link", name="项目库").first.click()
    row = page.locator("table.project-table tbody tr", has_text="轻盐集团年产100万吨纯碱项目")
    expect(row).to_contain_text("1.5亿元")
    assert Project.objects.get(pk=registry.project.pk).total_investment == Decimal(15000)


def test_stage_change_and_schedule_from_the_detail_page(open_page, sign_in, shoot, registry):
    page = open_page()
    sign_in(page, "hq_office")
    page.goto(f"/projects/{registry.project.pk}/")
    stage_form = page.locator("form", has=page.get_by_role("button", name="确认变更"))
    expect(stage_form).to_be_hidden()
    page.get_by_role("link", name="变更阶段").click()
    expect(stage_form).to_be_visible()
    shoot(page, "detail-stage-form-desktop")
    stage_form.get_by_label("变更为").select_option(label="落地开工")
    stage_form.get_by_role("button", name="确认变更").click()
    expect(page.get_by_text("项目阶段已变更为「落地开工」")).to_be_visible()
    # The HQ office reveals a phone with 「显示」 (masked first; the reveal is audited).
    page.locator(".wm-phone", has_text="138****5678").first.get_by_role("button", name="显示").click()
    expect(page.get_by_text("13812345678").first).to_be_visible()

    page.get_by_role("link", name="编辑进度节点").first.click()
    expect(page.locator("table.milestone-table tbody tr")).to_have_count(3)
    page.get_by_role("button", name="添加节点").click()
    new_row = page.locator("table.milestone-table tbody tr").nth(3)
    new_row.locator("input[name$='-name']").fill("竣工验收")
    new_row.locator("input[name$='-planned_on']").fill(f"{THIS_YEAR + 2}-06-30")
    page.locator("table.milestone-table tbody tr").first.get_by_label("删除").check()
    shoot(page, "milestones-desktop")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("进度节点已保存")).to_be_visible()
    assert list(registry.project.milestones.values_list("name", flat=True)) == [
        "取得施工许可", "主体工程开工", "竣工验收"]


def test_phone_width_has_no_horizontal_overflow_and_the_menu_opens(open_page, sign_in, shoot, registry):
    page = open_page("phone")
    sign_in(page, "hq_office")
    expect(page.locator("table.project-table tbody tr")).to_have_count(5)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    shoot(page, "list-phone")

    menu = page.locator("#nav")
    expect(menu.get_by_role("link", name="项目库")).to_be_hidden()
    page.get_by_role("button", name="菜单").click()
    expect(menu).to_have_class(re.compile(r"\bshow\b"))
    expect(menu.get_by_role("link", name="项目库")).to_be_visible()
    page.get_by_role("button", name="菜单").click()
    expect(menu.get_by_role("link", name="项目库")).to_be_hidden()

    page.get_by_role("button", name="筛选", exact=True).click()
    page.get_by_label("阶段").select_option(label="落地开工")
    shoot(page, "list-filters-phone")
    page.get_by_role("button", name="应用筛选").click()
    expect(page.locator("table.project-table tbody tr")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

    page.goto(f"/projects/{registry.project.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    shoot(page, "detail-phone")
    for path, name in (("edit/", "edit-phone"), ("milestones/", "milestones-phone"), ("stage/", "stage-phone")):
        page.goto(f"/projects/{registry.project.pk}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, path
        shoot(page, name)
