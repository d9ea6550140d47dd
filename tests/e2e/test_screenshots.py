"""A screenshot of every page each role sees (and the signed-out pages), taken in a real browser
after the page has rendered and its charts are drawn: harness.SCREENS/<role>-<url_path>.png.

Each page must render without an exception box and without a request leaving localhost. The
pages come from dashboard/navigation.py only; no page text is relied on.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from dashboard.navigation import PAGES_BY_ROLE, SIGNED_OUT_PAGES, PageSpec, pages_for
from tests.e2e.harness import (
    SCREENS,
    SIGNED_OUT,
    Outside,
    ScriptRuns,
    exception_boxes,
    page_path,
    screenshot,
    visit,
)

pytestmark = pytest.mark.e2e
CASES = [
    *((role, spec) for role, specs in PAGES_BY_ROLE.items() for spec in specs),
    *((SIGNED_OUT, spec) for spec in SIGNED_OUT_PAGES),
]


def _sidebar_titles(page: Page) -> list[str]:
    links = page.get_by_test_id("stSidebarNav").get_by_role("link")
    return [links.nth(i).inner_text().splitlines()[-1].strip() for i in range(links.count())]


def _path_of(spec: PageSpec, listed: tuple[PageSpec, ...]) -> str:
    """Streamlit serves the first page of the list (the default) at the root."""
    return "" if spec == listed[0] else spec.url_path


def _go_to(runs: ScriptRuns, spec: PageSpec, listed: tuple[PageSpec, ...]) -> None:
    """Open the page by the sidebar; if it is already shown, leave it first (clicking the
    current page does not run it again)."""
    if page_path(runs.page) == _path_of(spec, listed):
        visit(runs, next(other for other in listed if other != spec).title)
    visit(runs, spec.title)
    assert page_path(runs.page) == _path_of(spec, listed)


@pytest.mark.parametrize(("role", "spec"), CASES, ids=[f"{r}-{s.url_path}" for r, s in CASES])
def test_the_page_renders_without_an_exception_and_is_captured(
    role: str, spec: PageSpec, signed_in: Callable[[str], ScriptRuns], outside: Outside
) -> None:
    runs = signed_in(role)
    page = runs.page
    listed = pages_for(None if role == SIGNED_OUT else role)
    assert _sidebar_titles(page) == [s.title for s in listed]
    _go_to(runs, spec, listed)
    assert exception_boxes(page) == 0, f"{role}: {spec.title} shows an exception"
    saved = screenshot(page, f"{role}-{spec.url_path}")
    assert saved.parent == SCREENS
    assert saved.stat().st_size > 0
    assert outside.attempts == []
