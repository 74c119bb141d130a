"""The cockpit in a real browser: the charts draw without a script error, a figure leads to its records, the
meeting-room screen draws dark without navigation, and the page prints on one A4 sheet."""

import re

import pytest
from playwright.sync_api import expect

from wumei.cockpit.tests.conftest import small  # noqa: F401 — the fixture with hand-computed figures

pytestmark = pytest.mark.browser
CHARTS = ["monthly", "stage", "rag", "chain", "place", "ageing"]


def test_cockpit_draws_links_to_records_prints_on_one_page_and_has_a_screen_mode(open_page, sign_in, shoot, small):  # noqa: F811
    page = open_page("desktop")
    sign_in(page, "hq_office")
    page.goto("/cockpit/?on=2026-06-30")
    expect(page.locator("#cockpit-headline")).to_contain_text("完成年度计划的42.2%，低于序时进度7.8个百分点")
    for name in CHARTS:
        expect(page.locator(f"[data-chart='{name}'][data-drawn='true'] canvas")).to_have_count(1)
    shoot(page, "cockpit-desktop")

    # One A4 page when printed.
    expect(page.locator("img[data-chart-image][src^='data:image/png']")).to_have_count(len(CHARTS))
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1

    # A figure leads to its records: the unsolved problems.
    page.locator("[data-figure='未解决']").click()
    page.wait_for_url("**/problems/?status=active")
    expect(page.locator("body")).to_contain_text("用地指标未落实")

    page.goto("/cockpit/screen/?on=2026-06-30")
    expect(page.locator("body.cockpit-screen")).to_have_attribute("data-refresh", "300")
    expect(page.locator("nav")).to_have_count(0)
    expect(page.locator("[data-chart='monthly'][data-drawn='true'] canvas")).to_have_count(1)
    shoot(page, "cockpit-screen")
