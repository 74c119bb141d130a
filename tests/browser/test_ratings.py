"""百企评百岗 and 问责 in a real browser: an enterprise scores a post on its phone; the post's staff see only
样本不足; the HQ office sees who scored; the inspector records an interview behind a letter."""

import datetime

import pytest
from playwright.sync_api import expect

from wumei.accountability.models import Case
from wumei.org.models import Unit
from wumei.ratings import rules
from wumei.ratings.models import Rating
from wumei.ratings.services import create_post, create_round
from wumei.testing import Role, UnitFactory, user_with_role

pytestmark = pytest.mark.browser


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"页面宽度 {width}px 超出手机屏幕"


def test_an_enterprise_scores_a_post_on_its_phone_and_its_staff_see_no_rater(world, open_page, sign_in, shoot):
    today = datetime.date.today()
    bureau = UnitFactory(name="县行政审批服务局", kind=Unit.Kind.APPROVAL, region=world.county)
    staff = user_with_role(Role.LIAISON, world.county, bureau, username="post_staff")
    post = create_post(world.hq, world.county, unit=bureau, name="投资项目审批岗", category="approval",
                       staff=[staff.person])
    rating_round = create_round(world.hq, world.county, name="本季度评议", opens_on=today - datetime.timedelta(days=3),
                                closes_on=today + datetime.timedelta(days=10),
                                criteria=rules.criteria_text(rules.DEFAULT_CRITERIA))

    page = open_page("phone")
    sign_in(page, "enterprise")
    page.goto("/ratings/")
    page.get_by_role("link", name="去评议").click()
    page.get_by_role("link", name="投资项目审批岗").click()
    for label, value in (("服务态度（满分25）", "24"), ("办事效率（满分25）", "22"), ("廉洁自律（满分25）", "25"),
                         ("政策落实（满分25）", "20")):
        page.get_by_label(label).fill(value)
    page.get_by_label("意见建议").fill("审批提速明显")
    no_horizontal_scroll(page)
    shoot(page, "ratings-form-phone")
    page.get_by_role("button", name="提交评议").click()
    expect(page.locator(".alert-success")).to_contain_text("已提交对“投资项目审批岗”的评议")
    expect(page.get_by_role("link", name="投资项目审批岗")).to_contain_text("已评 91.00分")
    assert Rating.objects.get().enterprise == world.enterprise

    own = open_page("phone")
    sign_in(own, "post_staff")
    own.goto(f"/ratings/{rating_round.pk}/results/{post.pk}/")
    expect(own.locator("body")).to_contain_text("样本不足")
    expect(own.locator("body")).not_to_contain_text(world.enterprise.name)
    no_horizontal_scroll(own)

    hq = open_page("desktop")
    sign_in(hq, "hq_office")
    hq.goto(f"/ratings/{rating_round.pk}/results/?by=post")
    shoot(hq, "ratings-results")
    hq.goto(f"/ratings/{rating_round.pk}/results/{post.pk}/")
    expect(hq.locator("body")).to_contain_text(world.enterprise.name)
    shoot(hq, "ratings-post-results")

    inspector = open_page("desktop")
    sign_in(inspector, "inspector")
    inspector.goto("/accountability/new/")
    inspector.get_by_label("类型").select_option(label="约谈")
    inspector.get_by_label("问责日期").fill(today.isoformat())
    inspector.get_by_label("被问责单位").select_option(label=world.unit.name)
    inspector.get_by_label("问责事由").fill("项目推进不力，督办事项整改滞后")
    inspector.get_by_label("处理措施及结果").fill("县长约谈单位主要负责人")
    inspector.get_by_role("button", name="保存").click()
    expect(inspector.locator(".alert-success")).to_contain_text("问责案件已保存")
    assert Case.objects.get().subject_unit == world.unit
    inspector.goto("/accountability/")
    expect(inspector.locator("body")).to_contain_text("项目推进不力")
    shoot(inspector, "accountability-list")
