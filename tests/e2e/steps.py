"""What people do in the dashboard, as Playwright steps."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.e2e.harness import settle


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by its label."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def click_button(scope: Page | Locator, name: str, page: Page) -> None:
    scope.get_by_role("button", name=name, exact=True).first.click()
    settle(page)


def visible_panel(page: Page) -> Locator:
    return page.locator("[data-baseweb='tab-panel']:visible, [role='tabpanel']:visible").first


def rate_every_requirement(page: Page, option_prefix: str, tabs: int | None = None) -> int:
    """In every standard tab (or the first `tabs`): pick the rating starting with
    `option_prefix` for each requirement and save. The number of tabs done."""
    # The workspace may still be rendering after the click that opened it (slow machines).
    expect(page.get_by_role("tab").first).to_be_visible(timeout=30_000)
    count = page.get_by_role("tab").count() if tabs is None else tabs
    for index in range(count):
        page.get_by_role("tab").nth(index).click()
        panel = visible_panel(page)
        options = panel.locator("label").filter(has_text=option_prefix)
        for number in range(options.count()):
            options.nth(number).click()
        click_button(panel, "Save answers", page)
    return count


def metric_value(page: Page, label: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text=label)
    return metric.get_by_test_id("stMetricValue").inner_text().strip()
