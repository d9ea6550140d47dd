"""What people do in the dashboard, as Playwright steps."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.harness import rerun, settle, wait_for_app


def choose(page: Page, label: str, option: str, attempts: int = 3) -> None:
    """Pick an option of a Streamlit selectbox by its label. A rerun that lands while the
    list is open closes it; then the list is opened again."""
    box = page.get_by_role("combobox", name=label, exact=True)
    wanted = page.get_by_role("option", name=option, exact=True)
    for _ in range(attempts):
        wait_for_app(page)
        box.click()
        try:
            wanted.click(timeout=5_000)
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
            continue
        settle(page)
        return
    raise AssertionError(f"the selectbox {label!r} offers no option {option!r}")


def click_button(scope: Page | Locator, name: str, page: Page) -> None:
    """Click a button that runs the script again and wait for that run to render."""
    rerun(page, scope.get_by_role("button", name=name, exact=True).first.click)


def visible_panel(page: Page) -> Locator:
    return page.locator("[data-baseweb='tab-panel']:visible, [role='tabpanel']:visible").first


def rate_every_requirement(page: Page, option_prefix: str, tabs: int | None = None) -> int:
    """In every standard tab (or the first `tabs`): pick the rating starting with
    `option_prefix` for each requirement and save. The number of tabs done."""
    # The workspace may still be rendering after the click that opened it (slow machines).
    expect(page.get_by_role("tab").first).to_be_visible(timeout=30_000)
    wait_for_app(page)
    count = page.get_by_role("tab").count() if tabs is None else tabs
    for index in range(count):
        page.get_by_role("tab").nth(index).click()
        panel = visible_panel(page)
        options = panel.locator("label").filter(has_text=option_prefix)
        expect(options.first).to_be_visible()
        for number in range(options.count()):
            options.nth(number).click()
            expect(options.nth(number).locator("input")).to_be_checked()
        click_button(panel, "Save answers", page)
    return count


def metric_value(page: Page, label: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text=label)
    return metric.get_by_test_id("stMetricValue").inner_text().strip()
