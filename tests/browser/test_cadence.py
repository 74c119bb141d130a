"""The cadence engine's pages in a real browser: the HQ office reads the job history with a failed run,
opens it, and moves a job's time on the schedule page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from wumei.cadence.models import JobRun, Schedule

pytestmark = pytest.mark.browser


def test_the_hq_office_reads_the_history_and_moves_a_time(world, open_page, sign_in, shoot):
    today = timezone.localdate()
    moment = timezone.make_aware(datetime.datetime.combine(today, datetime.time(8, 30)))
    JobRun.objects.create(job="dekad.round", on=today, scheduled_for=moment, started_at=moment,
                          finished_at=moment, duration_ms=840, status=JobRun.Status.SUCCEEDED,
                          result={"dekad": "本旬", "letters": [1, 2], "reminders": 3})
    JobRun.objects.create(job="quarterly.score", on=today, scheduled_for=moment, started_at=moment,
                          finished_at=moment, duration_ms=12, status=JobRun.Status.FAILED, is_catch_up=True,
                          error="ModuleNotFoundError: No module named 'wumei.quarterly.services'\n\nTraceback …")

    page = open_page("desktop")
    sign_in(page, "hq_office")
    page.goto("/cadence/")
    expect(page.locator("#run-table")).to_contain_text("letters=2")
    expect(page.locator("#run-table")).to_contain_text("No module named")
    expect(page.locator("#job-table")).to_contain_text("每月1日、11日、21日")
    shoot(page, "cadence-history")
    page.locator("#run-table").get_by_role("link", name="季度考核评分").click()
    expect(page.locator("#run-error")).to_contain_text("Traceback")

    page.goto("/cadence/schedule/")
    form = page.locator("#schedule-daily-digest")
    form.locator("input[type=time]").fill("18:10")
    form.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("日报报送情况")
    shoot(page, "cadence-schedule")
    assert f"{Schedule.objects.get(job='daily.digest').at:%H:%M}" == "18:10"
