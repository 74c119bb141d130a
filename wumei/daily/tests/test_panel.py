"""The project page's 每日必盯 card: recent reports, today's state, links by permission, bounded queries."""

import datetime
from decimal import Decimal

import time_machine
from django.template import Context, Template

from wumei.daily.services import submit_daily_report
from wumei.daily.tests.support import DAY, at
from wumei.projects.models import Stage

PANEL = Template("{% load daily_tags %}{% daily_project_panel project user %}")


def render(project, user) -> str:
    return PANEL.render(Context({"project": project, "user": user}))


def report(world, day, hour=10, amount=1000):
    return submit_daily_report(world.liaison, world.project, report_on=day, image_progress=f"{day:%m月%d日}进度",
                               cumulative_investment=Decimal(amount), stage=Stage.STARTED, now=at(day, hour)).report


def test_the_panel_lists_the_latest_reports_and_todays_state(daily):
    for n in range(7):
        report(daily, DAY - datetime.timedelta(days=7 - n), amount=1000 + n)
    with time_machine.travel(at(DAY, 18), tick=False):
        late = report(daily, DAY, hour=18, amount=1100)
        html = render(daily.project, daily.liaison)

    assert html.count("list-group-item-action") == 5
    assert "今日迟报" in html and f"/daily/reports/{late.pk}/" in html
    assert "03月11日进度" not in html  # older than the five latest
    assert "填报今日日报" in html and f"/daily/projects/{daily.project.pk}/reports/" in html


def test_readers_see_the_reports_without_the_report_button(daily, django_assert_max_num_queries):
    with time_machine.travel(at(DAY, 9), tick=False):
        with django_assert_max_num_queries(3):
            html = render(daily.project, daily.inspector)
    assert "今日未报" in html and "暂无日报" in html and "填报今日日报" not in html
