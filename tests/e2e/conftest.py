from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, sync_playwright

from dashboard.navigation import pages_for
from tests.dashboard.record import ROLE_ACCOUNTS, make_record
from tests.e2e.harness import (
    CHROMIUM,
    SCREENS,
    SIGNED_OUT,
    VIEWPORT,
    Outside,
    ScriptRuns,
    Server,
    launch,
    rendered,
    serving,
    sign_in_as,
)

if not Path(CHROMIUM).exists():  # pragma: no cover - the CI image installs Debian's chromium
    pytest.skip(f"Debian's chromium is not installed at {CHROMIUM}", allow_module_level=True)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real `streamlit run` on a real DuckDB file with 40 demo organisations (enough for
    the board's groups of 5) and a fresh one."""
    record = make_record(tmp_path_factory.mktemp("e2e") / "record.duckdb", orgs=40)
    with serving(record) as running:
        yield running


@pytest.fixture(scope="session")
def outside() -> Outside:
    return Outside()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Iterator[None]:
    """Keep each phase's report on the test item, so that fixtures can see a failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _capture_failure(request: pytest.FixtureRequest, contexts: list[BrowserContext]) -> None:
    """After a failed test: a screenshot of every page it had open, beside the others."""
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    SCREENS.mkdir(parents=True, exist_ok=True)
    pages = [page for context in contexts for page in context.pages]
    for number, page in enumerate(pages):
        page.screenshot(path=str(SCREENS / f"failure-{request.node.name}-{number}.png"))


@pytest.fixture
def new_context(
    browser: Browser, outside: Outside, request: pytest.FixtureRequest
) -> Iterator[object]:
    """Browser contexts (one per person) that refuse every request leaving localhost; the
    pages of a failed test are captured (SCREENS/failure-<test>-<n>.png)."""
    made: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = browser.new_context(viewport=VIEWPORT)
        context.route("**/*", outside.route)
        made.append(context)
        return context

    yield make
    _capture_failure(request, made)
    for context in made:
        context.close()


@pytest.fixture(scope="module")
def signed_in(browser: Browser, outside: Outside, server: Server) -> Iterator[object]:
    """A browser page per role (or SIGNED_OUT), its script runs watched, signed in with that
    role's demo account once per module and kept, so that each test only moves between pages."""
    pages: dict[str, ScriptRuns] = {}
    contexts: list[BrowserContext] = []

    def page_for(role: str) -> ScriptRuns:
        if role not in pages:
            context = browser.new_context(viewport=VIEWPORT)
            context.route("**/*", outside.route)
            contexts.append(context)
            page = context.new_page()
            runs = ScriptRuns.watch(page)
            titles = [spec.title for spec in pages_for(None if role == SIGNED_OUT else role)]
            if role == SIGNED_OUT:
                page.goto(server.url)
                rendered(page)
            else:
                user, password = ROLE_ACCOUNTS[role]
                sign_in_as(page, server.url, user, password, titles)
            pages[role] = runs
        return pages[role]

    yield page_for
    for context in contexts:
        context.close()
