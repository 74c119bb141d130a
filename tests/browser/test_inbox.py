"""The inbox in a real browser: a message arrives → the header shows the unread count → the person opens the
inbox, follows the link to the record, and the count drops. Also a look at the channel preferences."""

import pytest
from playwright.sync_api import expect

from wumei.notify.services import notify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_message_is_counted_opened_followed_and_no_longer_unread(world, open_page, sign_in, shoot):
    notify(world.liaison, "督办函：轻盐集团年产100万吨纯碱项目", body="请于5个工作日内书面回复",
           url=f"/projects/{world.project.pk}/", kind="dekad.dispatch")
    notify(world.liaison, "今日项目日报未报送", kind="daily.chase")

    page = open_page()
    sign_in(page, "liaison")
    expect(page.locator("[data-unread]")).to_have_text("2")
    page.get_by_role("link", name="消息").first.click()
    page.get_by_role("link", name="未读").click()
    expect(page.locator("[data-message]")).to_have_count(2)
    shoot(page, "inbox-unread")
    page.locator("[data-message]", has_text="督办函").get_by_role("button", name="查看详情").click()
    page.wait_for_url(f"**/projects/{world.project.pk}/")
    expect(page.locator("[data-unread]")).to_have_text("1")

    page.goto("/inbox/?show=unread")
    page.get_by_role("button", name="标为已读", exact=True).click()
    expect(page.locator("[data-unread]")).to_have_count(0)
    expect(page.get_by_text("没有未读消息")).to_be_visible()

    page.get_by_role("link", name="通知设置").click()
    page.get_by_label("接收群机器人消息").check()
    page.get_by_label("Webhook 地址").fill("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("通知设置已保存")
    shoot(page, "inbox-preferences")

