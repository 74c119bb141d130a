"""每月必商 in a real browser: the HQ office sets the month's reception day, records an entrepreneur's visit whose
problem goes into the problem ladder; then reads the approval-efficiency summary and the financing months."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from wumei.approvals.services import create_item
from wumei.financing.services import create_request, follow_up
from wumei.org.models import Unit
from wumei.problems.models import Problem
from wumei.testing import UnitFactory

pytestmark = pytest.mark.browser


def test_reception_day_visit_to_problem_and_the_monthly_figures(world, open_page, sign_in, shoot):
    today = datetime.date.today()
    hq = open_page("desktop")
    sign_in(hq, "hq_office")
    hq.goto(f"/reception/set/?month={today:%Y-%m}")
    hq.get_by_label("接待领导").select_option([str(world.commander.person.pk), str(world.lead_leader.person.pk)])
    hq.get_by_label("接待地点").fill("县政务服务中心")
    hq.get_by_role("button", name="保存").click()
    expect(hq.locator(".alert-success")).to_contain_text("企业家接待日已确定")

    hq.get_by_role("link", name="登记来访").click()
    hq.get_by_label("来访人").fill("李建国")
    hq.get_by_label("企业").select_option(str(world.enterprise.pk))
    hq.get_by_label("所涉项目").select_option(str(world.project.pk))
    hq.get_by_label("反映事项（诉求）").fill("项目10千伏专线增容迟迟未批复，影响设备调试")
    hq.locator("#id_problem-0-description").fill("10千伏专线增容未批复")
    hq.locator("#id_problem-0-category").select_option("power")
    hq.get_by_role("button", name="保存").click()
    expect(hq.locator(".alert-success")).to_contain_text("1个问题已转入问题清单")
    expect(hq.locator("body")).to_contain_text("10千伏专线增容未批复")
    shoot(hq, "reception-day")
    problem = Problem.objects.get()
    assert (problem.source, problem.project) == (Problem.Source.RECEPTION, world.project)

    department = UnitFactory(name="县自然资源局", kind=Unit.Kind.APPROVAL, region=world.county)
    applied = today - datetime.timedelta(days=20)
    create_item(world.hq, world.project, kind="land", name="", department=department, mode="parallel",
                statutory_days=20, statutory_steps=6, actual_steps=3, statutory_materials=10, actual_materials=8,
                applied_on=applied, approved_on=today - datetime.timedelta(days=1), note="")
    hq.goto("/approvals/")
    expect(hq.locator("#department-table")).to_contain_text("县自然资源局")
    shoot(hq, "approvals-summary")

    loan = create_request(world.hq, world.enterprise, bank="中国农业银行支行", amount=Decimal("3000"), purpose="流动资金",
                          requested_on=today)
    follow_up(world.hq, loan, note="已放款", on=today, status="granted", granted_amount=Decimal("2800"))
    hq.goto("/financing/monthly/")
    expect(hq.locator("#granted-total")).to_contain_text("2,800万元")
    shoot(hq, "financing-monthly")
