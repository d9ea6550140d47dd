from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, sync_playwright

from tests.dashboard.record import make_record
from tests.e2e.harness import CHROMIUM, VIEWPORT, Outside, Server, launch, serving

if not Path(CHROMIUM).exists():  # pragma: no cover - the CI image installs Debian's chromium
    pytest.skip(f"Debian's chromium is not installed at {CHROMIUM}", allow_module_level=True)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real `streamlit run` on a real DuckDB file with 8 demo organisations and a fresh one."""
    record = make_record(tmp_path_factory.mktemp("e2e") / "record.duckdb", orgs=8)
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


@pytest.fixture
def new_context(browser: Browser, outside: Outside) -> Iterator[object]:
    """Browser contexts (one per person) that refuse every request leaving localhost."""
    made: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = browser.new_context(viewport=VIEWPORT)
        context.route("**/*", outside.route)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()
