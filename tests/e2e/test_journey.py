"""The whole certification journey in a real browser against `streamlit run` on a DuckDB file:
an organisation completes and submits its self-assessment, a reviewer requests changes, the
organisation resubmits, an independent decider accredits, the certificate appears and the
board sees the adoption figure move."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.dashboard.record import FRESH_ORG, ORG_PASSWORD, PASSWORD, STAFF
from tests.e2e.harness import Outside, Server, open_page, screenshot, sign_in, wait_for_app
from tests.e2e.steps import choose, click_button, metric_value, rate_every_requirement

pytestmark = pytest.mark.e2e
ASSESSMENT = f"{FRESH_ORG}-001"
DECIDED = "Organisations with a decision"


def person(
    new_context: Callable[[], BrowserContext], server: Server, user: str, password: str
) -> Page:
    page = new_context().new_page()
    sign_in(page, server.url, user, password)
    return page


def test_the_certification_journey(
    new_context: Callable[[], BrowserContext], server: Server, outside: Outside
) -> None:
    board = person(new_context, server, "board", STAFF["board"])
    decided_before = int(metric_value(board, DECIDED))

    org = person(new_context, server, f"{FRESH_ORG}-admin", PASSWORD)
    click_button(org, "Start a self-assessment", org)
    assert rate_every_requirement(org, "2 · Partly implemented") >= 5
    expect(org.get_by_text("Everything is answered")).to_be_visible()
    screenshot(org, "org-self-assessment")
    click_button(org, "Submit for review", org)
    expect(org.get_by_text("Submitted. The reviewers will be in touch.")).to_be_visible()

    admin = person(new_context, server, "admin", STAFF["admin"])
    open_page(admin, "Review assignments")
    choose(admin, "Self-assessment", ASSESSMENT)
    choose(admin, "Reviewer (eligible for the chosen self-assessment)", "reviewer-1")
    click_button(admin, "Assign", admin)
    choose(admin, "Self-assessment to be decided", ASSESSMENT)
    choose(admin, "Decider (not one of its reviewers)", "reviewer-2")
    click_button(admin, "Assign the decider", admin)
    screenshot(admin, "admin-review-assignments")

    reviewer = person(new_context, server, "reviewer-1", STAFF["reviewer-1"])
    screenshot(reviewer, "reviewer-review-queue")
    open_page(reviewer, "Review")
    choose(reviewer, "Self-assessment", ASSESSMENT)
    click_button(reviewer, "Start the review", reviewer)
    reviewer.get_by_text("Request changes from the organisation").click()
    reviewer.get_by_role("textbox", name="What must the organisation change?").fill(
        "Describe how supervision is recorded."
    )
    click_button(reviewer, "Request changes", reviewer)

    open_page(org, "Self-assessment")
    expect(org.get_by_text("Describe how supervision is recorded.")).to_be_visible()
    rate_every_requirement(org, "1 · Initial", tabs=1)
    click_button(org, "Submit for review", org)
    expect(org.get_by_text("Submitted. The reviewers will be in touch.")).to_be_visible()

    open_page(reviewer, "Review")
    choose(reviewer, "Self-assessment", ASSESSMENT)
    click_button(reviewer, "Start the review", reviewer)
    click_button(reviewer, "Record verdict", reviewer)
    screenshot(reviewer, "reviewer-review")

    decider = person(new_context, server, "reviewer-2", STAFF["reviewer-2"])
    open_page(decider, "Decisions")
    choose(decider, "Decide on", ASSESSMENT)
    choose(decider, "Outcome", "Accredited")
    decider.get_by_role("textbox", name="Rationale").fill("Seen on site: practice is sound.")
    screenshot(decider, "decider-decisions")
    click_button(decider, "Take the decision", decider)
    expect(decider.get_by_text("certificate INDEX-")).to_be_visible()

    open_page(org, "Results and certificate")
    expect(org.get_by_text("Seen on site: practice is sound.")).to_be_visible()
    certificate = org.get_by_test_id("stMetric").filter(has_text="Certificate")
    expect(certificate).to_contain_text("INDEX-")
    number = certificate.get_by_test_id("stMetricValue")
    cut = "e => [e, ...e.querySelectorAll('*')].some(x => x.scrollWidth > x.clientWidth)"
    assert not number.evaluate(cut), "the certificate number is cut off"
    screenshot(org, "org-results")

    board.reload()  # still signed in (the sign-in cookie), with today's figures
    wait_for_app(board)
    expect(board.get_by_text("Signed in as board")).to_be_visible()
    assert int(metric_value(board, DECIDED)) == decided_before + 1
    screenshot(board, "board-adoption")
    assert outside.attempts == []


def test_an_organisation_never_reaches_another_organisations_data(
    new_context: Callable[[], BrowserContext], server: Server, outside: Outside
) -> None:
    other_name = "org-0002"
    page = person(new_context, server, "org-0001-admin", ORG_PASSWORD)
    open_page(page, "Profile")
    own = page.get_by_role("heading", level=1).inner_text()
    page.evaluate(
        "history.replaceState(null, '', location.pathname + '?org=org-0002&org_id=org-0002"
        "&assessment=org-0002-001&page=adoption')"
    )
    choose(page, "Language of the standards", "Deutsch")
    assert page.get_by_role("heading", level=1).inner_text() == own
    for url_path in ("adoption", "review-queue", "review", "decisions", "users", "audit-log"):
        page.goto(f"{server.url}/{url_path}?org=org-0002")  # still signed in: its own pages
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
        expect(page.get_by_role("dialog", name="Page not found")).to_be_visible()
        expect(page.get_by_text("Signed in as org-0001-admin")).to_be_visible()
        assert other_name not in page.locator("body").inner_text()
    body = page.locator("body").inner_text()
    assert other_name not in body
    assert outside.attempts == []
