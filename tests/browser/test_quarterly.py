"""每季必考 in a real browser, under the Content-Security-Policy: the HQ office opens a scored quarter, reads a
score's explanation, removes an award with a reason and confirms the quarter. Screenshot: quarterly-quarter.png."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an asyncio loop

from playwright.sync_api import expect  # noqa: E402

from wumei.quarterly import services  # noqa: E402
from wumei.quarterly.models import Award  # noqa: E402
from wumei.quarterly.tests.conftest import Q3, TODAY, build_scored_world  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_hq_office_reviews_removes_an_award_and_confirms_the_quarter(world, open_page, sign_in, shoot):
    w = build_scored_world(world)
    run = services.score_quarter(w.county, Q3, actor=w.hq, today=TODAY)
    page = open_page()
    sign_in(page, "hq_office")
    page.goto(f"/quarterly/methods/{w.method.pk}/edit/")
    expect(page.get_by_role("heading", name="修改考核办法")).to_be_visible()
    shoot(page, "quarterly-method-edit")
    page.goto("/quarterly/")
    shoot(page, "quarterly-home")
    page.get_by_role("link", name="2026年第三季度").first.click()
    expect(page.get_by_role("heading", name="2026年第三季度考核")).to_be_visible()
    page.get_by_text("县城环线公路项目").first.click()  # the summary opens the explanation
    expect(page.get_by_text("投资完成率：50 × 权重40% = 20分")).to_be_visible()
    page.get_by_label("撤销理由").first.fill("申报材料与现场不符")
    page.get_by_role("button", name="撤销").first.click()
    expect(page.get_by_text("撤销理由：申报材料与现场不符")).to_be_visible()
    page.get_by_role("button", name="确认考核结果").click()
    expect(page.locator("#run-status")).to_have_text("已确认")
    shoot(page, "quarterly-quarter")
    page.get_by_role("link", name="2026年重点项目建设工作考核办法").click()
    expect(page.locator("#method-status")).to_have_text("施行中")
    shoot(page, "quarterly-method")
    removed = Award.objects.get(run=run, is_removed=True)
    assert removed.removed_reason == "申报材料与现场不符" and removed.removed_by == w.hq
