"""The four lists and the bulletin in a real browser (Debian chromium), under the Content-Security-Policy:
the HQ office drafts, annotates and issues a bulletin; a unit's liaison reads it and completes a task on a
phone. Screenshots go to WUMEI_SCREENSHOTS (default /tmp/shots) for a person to look at."""

import datetime
import os
from decimal import Decimal
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an asyncio loop

from playwright.sync_api import expect  # noqa: E402

from wumei.bulletins.models import Bulletin  # noqa: E402
from wumei.tasks.models import Task  # noqa: E402

# Transactional (the live server reads what the test writes), restoring the migrations' rows afterwards so the
# tests that follow (on PostgreSQL, the concurrency tests) find the database as migrated.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHOTS = Path(os.environ.get("WUMEI_SCREENSHOTS", "/tmp/shots"))  # noqa: S108 — outside the repository
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 375, "height": 812}}
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page_as(chromium, live_server):
    """A signed-in page at a viewport; every page must load whole, without CSP violations or script errors."""
    from wumei.testing import PASSWORD

    contexts, problems = [], []

    def make(username: str, viewport: str = "desktop"):
        context = chromium.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN", base_url=live_server.url)
        context.set_default_timeout(10_000)
        context.add_init_script(RECORD_VIOLATIONS)
        contexts.append(context)
        page = context.new_page()
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("pageerror", lambda error: problems.append(f"脚本错误 {error}"))
        page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type == "error" else None)
        page.goto("/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/projects/")
        return page

    yield make
    for context in contexts:
        for page in context.pages:
            problems.extend(page.evaluate("window.__cspViolations"))
        context.close()
    assert problems == []


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")

    assert width <= 376, f"页面宽度 {width}px 超出手机屏幕"


@pytest.fixture
def county(world):
    """This year's plans and progress as of the day before yesterday, and two tasks, one overdue."""
    from wumei.projects.models import AnnualPlan, PlanKind, Progress
    from wumei.tasks.services import create_task

    today = datetime.date.today()
    AnnualPlan.objects.create(project=world.project, year=today.year, kind=PlanKind.CONTINUING,
                              planned_investment=Decimal(3000))
    AnnualPlan.objects.create(project=world.other, year=today.year, kind=PlanKind.CONTINUING,
                              planned_investment=Decimal(1000))
    as_of = max(datetime.date(today.year, 1, 1), today - datetime.timedelta(days=40))
    Progress.objects.create(project=world.project, as_of=as_of, year_investment=Decimal(120),
                            cumulative_investment=Decimal(120))
    create_task(world.hq, world.project, title="完成环评批复", due_on=today - datetime.timedelta(days=5))
    create_task(world.hq, world.project, title="完成施工图审查", due_on=today + datetime.timedelta(days=20))
    return world


def test_the_hq_office_drafts_annotates_and_issues_a_bulletin_and_a_unit_reads_it(county, page_as):
    hq = page_as("hq_office")
    hq.goto("/bulletins/")
    hq.locator("#draft-form").get_by_role("button", name="起草").click()
    expect(hq.locator(".alert-success")).to_contain_text("督查通报")
    expect(hq.locator("#bulletin-document")).to_contain_text("一、总体情况")
    expect(hq.locator("#bulletin-document")).to_contain_text("低于序时进度")
    hq.get_by_role("link", name="修改文字").click()
    hq.get_by_label("“滞后项目和单位”点评").fill("请轻盐集团项目专班本旬内报送赶超方案。")
    hq.get_by_role("button", name="保存").click()
    expect(hq.locator("#bulletin-document")).to_contain_text("请轻盐集团项目专班本旬内报送赶超方案。")
    shoot(hq, "bulletin-draft")
    expect(hq.get_by_role("button", name="确认印发")).to_be_hidden()
    hq.get_by_role("button", name="印发", exact=True).click()
    hq.get_by_role("button", name="确认印发").click()
    year = datetime.date.today().year
    expect(hq.locator(".alert-success")).to_contain_text(f"示范重项通〔{year}〕1号")
    assert Bulletin.objects.get().doc_number == f"示范重项通〔{year}〕1号"
    hq.goto("/bulletins/")
    expect(hq.locator("#document-counts [data-count='bulletins']")).to_have_text("1")
    shoot(hq, "bulletin-list")

    unit = page_as("liaison", "phone")
    unit.goto("/bulletins/")
    unit.locator("#bulletin-table").get_by_role("link").first.click()
    expect(unit.locator("#bulletin-document")).to_contain_text(f"示范重项通〔{year}〕1号")
    fits_phone(unit)
    shoot(unit, "bulletin-phone")


def test_a_liaison_keeps_his_projects_four_lists_on_a_phone(county, page_as):
    unit = page_as("liaison", "phone")
    unit.goto("/tasks/")
    expect(unit.locator(".task-table")).to_contain_text("完成环评批复")
    fits_phone(unit)
    shoot(unit, "tasks-phone")
    unit.goto(f"/tasks/project/{county.project.pk}/?list=deadline")
    expect(unit.locator("#deadline-list")).to_contain_text("逾期 5天")
    fits_phone(unit)
    shoot(unit, "four-lists-phone")
    unit.get_by_role("link", name="完成环评批复").click()
    unit.locator("#task-actions").get_by_role("button", name="办结").click()
    unit.get_by_label("完成情况").fill("已取得环评批复")
    unit.get_by_role("button", name="确认办结").click()
    expect(unit.locator(".alert-success")).to_contain_text("任务已办结")
    assert Task.objects.get(title="完成环评批复").status == Task.Status.DONE
    fits_phone(unit)
    shoot(unit, "task-phone")
