"""The Content-Security-Policy in a real browser: the main pages load, their scripts (htmx, Alpine's CSP build,
ECharts, wumei.js) work, and the browser reports no violation and no script error on any of them."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from wumei.problems import services as problem_services
from wumei.projects import services as project_services
from wumei.testing import ChainFactory, EnterpriseFactory
from wumei.weekly.models import SupplyLink

pytestmark = pytest.mark.browser

# Recorded before any page script runs (an init script is not subject to the page's policy).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def watched(open_page):
    """A page that records CSP violations and console errors/warnings (Alpine reports expression errors there)."""
    pages = []

    def make(viewport="desktop"):
        page = open_page(viewport)
        page.context.add_init_script(RECORD_VIOLATIONS)
        page.console_problems = []
        page.on("console", lambda m: page.console_problems.append(f"{m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        pages.append(page)
        return page

    return make


def assert_clean(page, where: str) -> None:
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], f"{where}: {violations}"
    assert page.console_problems == [], f"{where}: {page.console_problems}"


@pytest.fixture
def county_pages(world):
    """The world with a schedule, a chain with its map, and a problem: enough for every main page."""
    today = datetime.date.today()
    project_services.replace_milestones(None, world.project, [
        {"name": "完成项目备案", "planned_on": today.replace(month=1, day=1), "actual_on": None},
    ])
    chain = ChainFactory(name="化工新材料产业链", region=world.county)
    world.project.chain = chain
    world.project.save()
    soda = EnterpriseFactory(name="楚信盐化集团纯碱有限公司", region=world.county)
    SupplyLink.objects.create(chain=chain, supplier=soda, customer=world.enterprise, product="工业盐")
    world.problem = problem_services.raise_problem(
        world.hq, world.project, source="hq", category="demolition", description="红线内3户未签约", on=today)
    world.chain = chain
    return world


def test_the_main_pages_work_under_the_policy_without_a_violation(watched, sign_in, county_pages):
    world = county_pages
    page = watched()
    sign_in(page, "hq_office")

    response = page.goto("/projects/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "'unsafe-eval'" not in policy and "'unsafe-inline'" not in policy
    assert_clean(page, "项目库")

    # Project detail: `stageOpen = !stageOpen` opens the stage form.
    page.goto(f"/projects/{world.project.pk}/")
    stage_form = page.locator("form", has=page.get_by_role("button", name="确认变更"))
    expect(stage_form).to_be_hidden()
    page.get_by_role("link", name="变更阶段").click()
    expect(stage_form).to_be_visible()
    page.get_by_role("button", name="取消").click()
    expect(stage_form).to_be_hidden()
    assert_clean(page, "项目详情")

    # Milestones: the Alpine.data component from wumei.js adds a row.
    page.goto(f"/projects/{world.project.pk}/milestones/")
    rows = page.locator("table.milestone-table tbody tr")
    expect(rows).to_have_count(1)
    page.get_by_role("button", name="添加节点").click()
    expect(rows).to_have_count(2)
    expect(page.locator("#id_m-TOTAL_FORMS")).to_have_value("2")
    assert_clean(page, "进度节点")

    for path, name in [("/daily/", "每日必盯"), ("/daily/overview/", "未报情况"), ("/daily/compliance/", "报送率"),
                       ("/problems/", "问题办理"), ("/problems/ladder/", "提级路径"),
                       ("/org/", "组织机构"), ("/org/regions/", "行政区划"), ("/org/people/", "人员"),
                       ("/weekly/", "每周必访"), ("/calendar/", "工作日历")]:
        page.goto(path)
        assert_clean(page, name)

    # The chain map: ECharts from static files, data from json_script.
    page.goto(f"/weekly/chains/{world.chain.pk}/map/")
    expect(page.locator("#chain-map")).to_have_attribute("data-rendered", "true")
    expect(page.locator("#chain-map canvas")).to_have_count(1)
    assert page.evaluate("document.getElementById('chain-map').clientHeight") > 200  # .chain-map, not style=
    assert_clean(page, "产业链图谱")

    # Problem detail: `open = open === 'x' ? '' : 'x'` shows one action form at a time.
    page.goto(f"/problems/{world.problem.pk}/")
    first_action = page.locator("#problem-actions form[data-action]").first
    expect(first_action).to_be_hidden()
    action = first_action.get_attribute("data-action")
    page.locator("#problem-actions button[type=button]").first.click()
    expect(page.locator(f"#problem-actions form[data-action='{action}']")).to_be_visible()
    assert_clean(page, "问题详情")

    # The calendar's year picker submits itself (data-autosubmit, no onchange=).
    page.goto("/calendar/")
    year = datetime.date.today().year
    page.get_by_label("年份").select_option(str(year + 1))
    page.wait_for_url(re.compile(rf"year={year + 1}"))
    assert_clean(page, "工作日历（换年）")


def test_phone_menu_and_photo_picker_work_under_the_policy(watched, sign_in, county_pages):
    page = watched("phone")
    sign_in(page, "liaison")
    # The menu: `open = !open` and `:class="{ 'show': open }"`.
    nav = page.locator("#nav")
    expect(nav).to_be_hidden()
    page.get_by_role("button", name="菜单").click()
    expect(nav).to_be_visible()

    # The registry's advanced filters: `more = !more` and `:class="{ 'd-none': !more }"`.
    page.goto("/projects/")
    more = page.locator("form[role=search] [class*='d-md-flex']")
    expect(more).to_be_hidden()
    page.get_by_role("button", name="筛选").click()
    expect(more).to_be_visible()
    assert_clean(page, "项目库（手机）")

    # The daily report's photo picker (Alpine.data("photoPicker")) lists the chosen file.
    page.goto(f"/daily/projects/{county_pages.project.pk}/report/")
    page.get_by_label("从相册选择").set_input_files(
        files=[{"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff\xe0 not really"}])
    expect(page.get_by_text("已选：现场.jpg")).to_be_visible()
    assert_clean(page, "日报填报")
