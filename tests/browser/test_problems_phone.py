"""Problems in a real browser at phone width: the enterprise raises one, its unit escalates it, the HQ office
finds it among the escalated ones and reads the statistics."""

import datetime

import pytest
from playwright.sync_api import expect

from wumei.problems import services
from wumei.problems.models import Problem

pytestmark = pytest.mark.browser


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"页面宽度 {width}px 超出手机屏幕"


def test_a_problem_raised_escalated_and_counted_at_phone_width(world, open_page, sign_in, shoot):
    today = datetime.date.today()
    services.raise_problem(world.hq, world.other, source="hq", category="demolition",
                           description="环线公路红线内3户未签约",
                           on=max(today - datetime.timedelta(days=40), today.replace(month=1, day=1)))

    page = open_page("phone")
    sign_in(page, "enterprise")
    page.goto(f"/problems/new/?project={world.project.pk}")
    page.get_by_label("问题类别").select_option(label="用电")
    page.get_by_label("问题描述").fill("施工用电报装迟迟未接入，影响主体施工")
    no_horizontal_scroll(page)
    shoot(page, "problems-raise-phone")
    page.get_by_role("button", name="提交").click()
    expect(page.locator(".alert-success")).to_contain_text("问题已登记")
    expect(page.locator("#problem-description")).to_have_text("施工用电报装迟迟未接入，影响主体施工")
    problem = Problem.objects.get(project=world.project)
    assert (problem.source, problem.raised_by) == ("enterprise", world.owner)

    unit = open_page("phone")
    sign_in(unit, "liaison")
    unit.goto(f"/problems/{problem.pk}/")
    unit.get_by_role("button", name="提级办理", exact=True).click()
    unit.get_by_label("提级原因").fill("涉及电网改造，需上级研究解决")
    unit.get_by_role("button", name="确认提级办理").click()
    expect(unit.locator(".alert-success")).to_contain_text("已提级办理")
    expect(unit.locator("#problem-history")).to_contain_text("涉及电网改造，需上级研究解决")
    no_horizontal_scroll(unit)
    shoot(unit, "problems-detail-phone")

    hq = open_page("phone")
    sign_in(hq, "hq_office")
    hq.goto("/problems/?level=1")
    expect(hq.locator(".problem-table")).to_contain_text("施工用电报装迟迟未接入")
    expect(hq.locator(".problem-table")).not_to_contain_text("环线公路红线内3户未签约")
    no_horizontal_scroll(hq)
    shoot(hq, "problems-list-phone")
    hq.goto("/problems/stats/")
    expect(hq.locator("#stats-headline")).to_contain_text("共收集问题 2 个，已解决 0 个")
    no_horizontal_scroll(hq)
    shoot(hq, "problems-stats-phone")
