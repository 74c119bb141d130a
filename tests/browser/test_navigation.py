"""The navigation: the five cadences on the bar, the dekad's and the administration's pages in drop-down menus."""

from playwright.sync_api import expect


def test_the_menus_open_close_and_lead_to_their_pages(open_page, sign_in, world):
    page = open_page("desktop")
    sign_in(page, "hq_office")
    nav = page.locator("#nav")
    for name in ("驾驶舱", "项目库", "每日必盯", "每周必访", "每月必商", "每季必考", "问题办理"):
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    calendar = nav.get_by_role("link", name="工作日历")
    expect(calendar).to_be_hidden()
    nav.get_by_role("button", name="管理").click()
    expect(calendar).to_be_visible()
    page.keyboard.press("Escape")
    expect(calendar).to_be_hidden()
    nav.get_by_role("button", name="每旬必督").click()
    nav.get_by_role("link", name="四张清单").click()
    page.wait_for_url("**/tasks/")
    page.locator("#nav").get_by_role("link", name="每月必商").click()
    page.wait_for_url("**/monthly/")
    page.get_by_role("link", name="月度会商").click()
    page.wait_for_url("**/consultation/")
