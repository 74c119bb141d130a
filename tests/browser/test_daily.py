"""每日必盯 in a real browser at phone size: a liaison reports two projects (one unchanged in one tap, one with
new investment and a photo from the camera), and the HQ office, in a second browser, sees his unit's reporting
rate change."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from wumei.calendar.models import SpecialDay
from wumei.calendar.services import load_calendar
from wumei.daily import conf
from wumei.daily.models import DailyReport
from wumei.daily.services import submit_daily_report
from wumei.projects.models import Project, Stage, StageChange
from wumei.testing import ProjectFactory

pytestmark = pytest.mark.browser

PHONE_WIDTH = 375


def registered(project, on: datetime.date) -> None:
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(9)))
    Project.objects.filter(pk=project.pk).update(created_at=moment)
    StageChange.objects.create(project=project, from_stage="", to_stage=project.stage, reason="登记入库",
                               changed_at=moment)


def small_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 90), (90, 140, 200)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def reporting(world, settings, monkeypatch, tmp_path):
    """The liaison's unit has two projects under way; one was reported yesterday. Today is a working day
    (made one if the test runs on a rest day) and the cut-off is at midnight, so the reports are on time
    whatever the hour the test runs."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(conf, "REPORT_CUTOFF", "23:59:59")
    today = timezone.localdate()
    if not load_calendar().is_working_day(today):
        SpecialDay.objects.update_or_create(day=today, defaults={"is_working": True, "name": "调休上班"})
    Project.objects.filter(pk__in=[world.project.pk, world.other.pk]).update(stage=Stage.STARTED,
                                                                            total_investment=Decimal(50000))
    world.project.refresh_from_db()
    second = ProjectFactory(county=world.county, responsible_unit=world.unit, name="轻盐集团冷链物流中心项目",
                            stage=Stage.STARTED, total_investment=Decimal(8600))
    for project in (world.project, world.other, second):
        registered(project, today - datetime.timedelta(days=40))
    yesterday = today - datetime.timedelta(days=1)
    submit_daily_report(world.liaison, world.project, report_on=yesterday, image_progress="主体厂房钢结构吊装完成约60%",
                        cumulative_investment=Decimal(12800), stage=Stage.STARTED,
                        now=timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(15))))
    world.second = second
    world.today = today
    return world


def unit_rate(page, unit_name: str):
    return page.locator("table.compliance-table tbody tr", has_text=unit_name).locator("[data-rate]")


def test_a_liaison_reports_two_projects_on_his_phone_and_the_hq_sees_the_rate_change(
        open_page, sign_in, shoot, reporting):
    today = reporting.today.isoformat()
    hq = open_page("desktop")
    sign_in(hq, "hq_office")
    hq.goto(f"/daily/compliance/?start={today}&end={today}")
    unit_row = hq.locator("table.compliance-table tbody tr", has_text=reporting.unit.name)
    expect(unit_row).to_contain_text("0.0%")
    expect(unit_row.locator("td[data-label='应报']")).to_have_text("2")
    shoot(hq, "daily-compliance-before")

    phone = open_page("phone")
    sign_in(phone, "liaison")
    phone.goto("/daily/")
    expect(phone.get_by_role("heading", name="我的项目")).to_be_visible()
    cards = phone.locator(".daily-card")
    expect(cards).to_have_count(2)
    expect(phone.locator("[data-count='open']")).to_have_text("2")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    shoot(phone, "daily-mine-phone")

    # The unchanged project: the form opens pre-filled with yesterday's values; one tap submits them.
    first = phone.locator(".daily-card", has_text=reporting.project.name)
    first.get_by_role("link", name="填报").click()
    expect(phone.get_by_label("形象进度")).to_have_value("主体厂房钢结构吊装完成约60%")
    expect(phone.get_by_label("累计完成投资")).to_have_value("12800")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    shoot(phone, "daily-form-prefilled-phone")
    phone.get_by_role("button", name="无变化，直接提交").click()
    expect(phone.get_by_text(f"已提交「{reporting.project.name}」")).to_be_visible()
    expect(first.locator(".daily-state")).to_have_text("已报")

    # The other project: new investment and a photo from the camera.
    second = phone.locator(".daily-card", has_text=reporting.second.name)
    second.get_by_role("link", name="填报").click()
    phone.get_by_label("形象进度").fill("冷库主体结构施工至第2层")
    phone.get_by_label("累计完成投资").fill("abc")
    phone.get_by_role("button", name="提交日报").click()
    expect(phone.get_by_text("请填写数字（万元），例如 12800 或 12800.5")).to_be_visible()
    shoot(phone, "daily-form-error-phone")
    phone.get_by_label("累计完成投资").fill("860")
    phone.get_by_label("拍照上传").set_input_files(
        files=[{"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": small_jpeg()}])
    phone.get_by_role("button", name="提交日报").click()
    expect(phone.get_by_text(f"已提交「{reporting.second.name}」")).to_be_visible()
    expect(phone.locator("[data-count='done']")).to_have_text("2")
    expect(phone.locator("[data-count='open']")).to_have_text("0")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    shoot(phone, "daily-mine-done-phone")

    report = DailyReport.objects.get(project=reporting.second, report_on=reporting.today)
    assert report.cumulative_investment == Decimal(860) and report.photos.count() == 1
    assert DailyReport.objects.get(project=reporting.project, report_on=reporting.today).cumulative_investment == \
        Decimal(12800)

    # The HQ office, in its own browser, sees the unit's rate change.
    hq.reload()
    expect(unit_row).to_contain_text("100.0%")
    expect(unit_row.locator("td[data-label='已报']")).to_have_text("2")
    other_row = hq.locator("table.compliance-table tbody tr", has_text=reporting.other_unit.name)
    expect(other_row).to_contain_text("0.0%")
    shoot(hq, "daily-compliance-after")


def test_the_hq_pages_fit_a_phone(open_page, sign_in, shoot, reporting):
    page = open_page("phone")
    sign_in(page, "hq_office")
    for path, name in (("/daily/overview/", "daily-overview-phone"), ("/daily/compliance/", "daily-compliance-phone"),
                       (f"/daily/units/{reporting.unit.pk}/", "daily-calendar-phone"),
                       ("/daily/digest/", "daily-digest-phone")):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, path
        shoot(page, name)
    page.goto("/daily/digest/")
    page.emulate_media(media="print")
    expect(page.locator("header.navbar")).to_be_hidden()
    shoot(page, "daily-digest-print")
