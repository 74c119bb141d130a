"""每旬必督 in a real browser: the HQ office runs the round, issues a letter; the unit's liaison opens it (read
receipt) and answers it on a phone, with an attachment; the HQ office closes it."""

import datetime

import pytest
from playwright.sync_api import expect

from wumei.dekad.models import Letter

pytestmark = pytest.mark.browser


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"页面宽度 {width}px 超出手机屏幕"


def test_a_letter_from_the_round_to_its_closing(world, open_page, sign_in, shoot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    today = datetime.date.today()
    world.project.planned_start_on = today + datetime.timedelta(days=20)
    world.project.save()

    hq = open_page("desktop")
    hq.on("dialog", lambda dialog: dialog.accept())  # "确定印发？"
    sign_in(hq, "hq_office")
    hq.goto("/dekad/")
    hq.get_by_role("button", name="运行督查").click()
    expect(hq.locator(".alert-success")).to_contain_text("督查完成")
    expect(hq.locator("#draft-table")).to_contain_text(world.project.name)
    shoot(hq, "dekad-home")
    hq.locator("#draft-table").get_by_role("link", name="计划开工临近（提前一个月提醒）").click()
    expect(hq.locator("#letter-basis")).to_contain_text("距计划开工（天）")
    hq.locator("summary", has_text="印发").click()
    hq.get_by_role("button", name="确认印发").click()
    expect(hq.locator(".alert-success")).to_contain_text(f"已印发：示范重项提〔{today.year}〕1号")
    letter = Letter.objects.get(project=world.project, kind="reminder")
    assert letter.status == "issued" and letter.doc_number == f"示范重项提〔{today.year}〕1号"

    unit = open_page("phone")
    sign_in(unit, "liaison")
    unit.goto("/dekad/")
    unit.locator("#awaiting-list").get_by_text(letter.doc_number).click()
    expect(unit.locator("#letter-status")).to_have_text("已签收")
    unit.get_by_label("办理情况和整改措施").fill("已完成施工许可办理，施工单位已进场，确保按期开工。")
    unit.get_by_label("附件（可多选）").set_input_files(
        files=[{"name": "整改情况.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 measures"}])
    no_horizontal_scroll(unit)
    shoot(unit, "dekad-answer-phone")
    unit.get_by_role("button", name="确认回复").click()
    expect(unit.locator(".alert-success")).to_contain_text("已回复")
    expect(unit.locator("#letter-reply")).to_have_text("已完成施工许可办理，施工单位已进场，确保按期开工。")
    expect(unit.get_by_role("link", name="整改情况.pdf")).to_be_visible()
    no_horizontal_scroll(unit)

    hq.goto(f"/dekad/letters/{letter.pk}/")
    expect(hq.locator("#letter-status")).to_have_text("已回复")
    hq.locator("summary", has_text="办结").click()
    hq.get_by_label("办结意见").fill("措施具体，予以办结。")
    hq.get_by_role("button", name="确认办结").click()
    expect(hq.locator("#letter-status")).to_have_text("已办结")
    expect(hq.locator("#letter-history")).to_contain_text("措施具体，予以办结。")
    shoot(hq, "dekad-letter-closed")
    letter.refresh_from_db()
    assert (letter.status, letter.answered_by, letter.closed_by) == ("closed", world.liaison, world.hq)
    assert [e.action for e in letter.events.all()] == ["draft", "issue", "receive", "answer", "close"]
