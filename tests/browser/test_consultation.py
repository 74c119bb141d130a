"""每月必商 in a real browser: the HQ office opens the month's consultation, drafts the agenda, records a decision
with its owner and deadline, and finds it as a task in the project's four lists."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from wumei.factors.models import FactorRequest
from wumei.tasks.models import Task

pytestmark = pytest.mark.browser


def test_a_monthly_consultation_from_agenda_to_decision_to_task(world, open_page, sign_in, shoot):
    today = datetime.date.today()
    FactorRequest.objects.create(project=world.project, kind="power", quantity=Decimal("2000"),
                                 need_by=today + datetime.timedelta(days=30), requested_on=today)
    due = today + datetime.timedelta(days=20)

    hq = open_page("desktop")
    sign_in(hq, "hq_office")
    hq.goto("/consultation/")
    hq.get_by_role("button", name="打开会商").click()
    expect(hq.locator("h2.page-title")).to_have_text(f"{today.year}年{today.month}月重点项目要素保障会商会")
    hq.get_by_role("button", name="生成议程").click()
    expect(hq.locator(".alert-success")).to_contain_text("议程已生成")
    factor_item = hq.locator(".agenda-item", has_text="用电2000kVA")
    expect(factor_item).to_contain_text(world.project.name)
    factor_item.get_by_role("link", name="记录议定事项").click()

    hq.get_by_label("议定事项").fill("县供电公司完成纯碱项目专线接入")
    hq.get_by_label("完成时限").fill(due.isoformat())
    expect(hq.get_by_label("责任单位")).to_have_value(str(world.unit.pk))
    expect(hq.get_by_label("要素需求处理")).to_have_value("decided")
    hq.get_by_role("button", name="保存议定事项").click()
    expect(hq.locator(".alert-success")).to_contain_text("已列入项目任务清单")
    expect(hq.locator(".decision-row")).to_contain_text("县供电公司完成纯碱项目专线接入")
    expect(hq.locator(".decision-row")).to_contain_text(world.unit.name)
    shoot(hq, "consultation-detail")

    task = Task.objects.get(project=world.project)
    assert (task.source, task.due_on, task.owner_unit) == (Task.Source.CONSULTATION, due, world.unit)
    assert FactorRequest.objects.get().status == FactorRequest.Status.DECIDED
    hq.locator(".decision-row").get_by_role("link", name=world.project.name[:24]).click()
    expect(hq.locator("body")).to_contain_text("县供电公司完成纯碱项目专线接入")
    expect(hq.locator("body")).to_contain_text("月度会商")
    shoot(hq, "consultation-project-lists")

    hq.goto("/factors/")
    expect(hq.locator("#status-counts")).to_contain_text("已议定 1")
    expect(hq.locator("table")).to_contain_text("用电")
    shoot(hq, "factors-list")
