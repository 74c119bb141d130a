"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio loop running in the test thread; Django would then refuse every
# database call made by the test itself (fixtures, assertions) as "async-unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
SHOTS = Path(os.environ.get("WUMEI_SCREENSHOTS", "/tmp/shots"))  # noqa: S108 — outside the repository on purpose
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 375, "height": 812}}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def open_page(browser, live_server):
    """A new page of a fresh browser context (own cookies) at the given viewport; closed after the test."""
    def make(viewport: str = "desktop"):
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN", base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        # With the stack and the page it happened on: a rare error must be traceable from one CI log.
        page.on("pageerror", lambda error: failures.append(f"脚本错误 {error} @ {page.url}\n{error.stack}"))
        return page

    contexts: list = []
    failures: list[str] = []
    yield make
    for context in contexts:
        context.close()
    # Every page of a test must load whole: stylesheets, scripts, no script errors.
    assert failures == []


@pytest.fixture
def sign_in():
    """Sign a page in through the login page, as a person would."""
    from wumei.testing import PASSWORD

    def sign_in_as(page, username: str) -> None:
        page.goto("/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/projects/")

    return sign_in_as


@pytest.fixture
def shoot():
    """Save a full-page screenshot under SHOTS, for a person to look at (not kept in the repository)."""

    def save(page, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    return save
