"""The board's world map in a real browser: it draws from the outlines shipped with the
dashboard, and nothing is fetched from outside localhost (plotly's geo maps would fetch their
outlines from a CDN). The headline figures and chart titles fit at 1280x800."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from dashboard.navigation import pages_for
from tests.dashboard.record import STAFF
from tests.e2e.harness import Outside, Server, rendered, screenshot, settle, sign_in_as

pytestmark = pytest.mark.e2e
MAP_COUNTRIES = 150
"""At least this many country outlines must be drawn (the asset has 175, Antarctica left out)."""
FITS = "el => el.scrollWidth <= el.clientWidth + 1"


def _charts(page: Page) -> Locator:
    return page.get_by_test_id("stPlotlyChart")


def _drawn_outlines(chart: Locator) -> int:
    """Closed shapes in the map's filled SVG paths (one per country outline or piece)."""
    fills = chart.locator("path.js-fill")
    return sum((fills.nth(i).get_attribute("d") or "").count("Z") for i in range(fills.count()))


def _board(new_context: Callable[[], BrowserContext], server: Server) -> Page:
    page = new_context().new_page()
    titles = [spec.title for spec in pages_for("board")]
    sign_in_as(page, server.url, "board", STAFF["board"], titles)
    expect(page.get_by_role("heading", name="Adoption of the standards")).to_be_visible()
    expect(_charts(page)).to_have_count(6, timeout=60_000)
    rendered(page, 60_000)
    return page


def test_the_board_map_draws_offline(
    new_context: Callable[[], BrowserContext], server: Server, outside: Outside
) -> None:
    page = _board(new_context, server)
    world = _charts(page).first
    expect(world.locator(".gtitle")).to_have_text("Certified members by country")
    expect(world.locator("path.js-fill").first).to_be_attached(timeout=30_000)
    assert _drawn_outlines(world) >= MAP_COUNTRIES
    legend = world.locator(".legendtext")
    expect(legend.filter(has_text="no certified member")).to_be_visible()
    for chart in _charts(page).all():
        chart.scroll_into_view_if_needed()
        expect(chart.locator(".main-svg").first).to_be_visible()
    page.get_by_role("heading", name="Adoption of the standards").scroll_into_view_if_needed()
    settle(page)
    screenshot(page, "board-adoption-map")
    _charts(page).nth(1).scroll_into_view_if_needed()
    screenshot(page, "board-adoption-charts")
    assert outside.attempts == [], outside.attempts


def test_headline_figures_and_chart_titles_are_not_cut_off(
    new_context: Callable[[], BrowserContext], server: Server
) -> None:
    page = _board(new_context, server)
    values = page.get_by_test_id("stMetricValue")
    expect(values).to_have_count(3)
    for index in range(3):
        assert values.nth(index).evaluate(FITS), values.nth(index).inner_text()
    for chart in _charts(page).all():
        chart.scroll_into_view_if_needed()
        title = chart.locator(".gtitle").first
        box, frame = title.bounding_box(), chart.bounding_box()
        assert box is not None and frame is not None
        assert box["x"] + box["width"] <= frame["x"] + frame["width"], title.inner_text()
