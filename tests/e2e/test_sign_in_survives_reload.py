"""A local account stays signed in across a reload and in a new tab of the same browser, and
signing out ends it everywhere: the cookie left behind opens nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from dashboard.sign_in_tokens import COOKIE
from tests.dashboard.record import STAFF
from tests.e2e.harness import Server, open_page, rerun, settle, sign_in, wait_for_app

pytestmark = pytest.mark.e2e


def _signed_in_as(page: Page, user: str) -> None:
    expect(page.get_by_text(f"Signed in as {user}")).to_be_visible(timeout=30_000)


def _signed_out(page: Page) -> None:
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Signed in as")).to_have_count(0)


def _cookie(context: BrowserContext) -> dict[str, object] | None:
    found = [dict(c) for c in context.cookies() if c["name"] == COOKIE]
    return found[0] if found else None


def test_a_reload_and_a_new_tab_keep_the_sign_in_and_signing_out_ends_it(
    new_context: Callable[[], BrowserContext], server: Server
) -> None:
    context = new_context()
    page = context.new_page()
    sign_in(page, server.url, "reviewer-1", STAFF["reviewer-1"])
    _signed_in_as(page, "reviewer-1")
    cookie = _cookie(context)
    assert cookie is not None, "no sign-in cookie was set"
    assert cookie["sameSite"] == "Strict" and cookie["expires"] == -1  # a session cookie
    assert len(str(cookie["value"])) >= 43  # 256 random bits

    page.reload()
    wait_for_app(page)
    _signed_in_as(page, "reviewer-1")
    open_page(page, "Review")  # the pages of the role are offered again

    other_tab = context.new_page()
    other_tab.goto(server.url)
    wait_for_app(other_tab)
    _signed_in_as(other_tab, "reviewer-1")

    stolen = cookie["value"]
    rerun(page, page.get_by_role("button", name="Sign out").click)
    _signed_out(page)
    assert _cookie(context) is None, "signing out must remove the cookie"

    other_tab.get_by_role("link", name="Review", exact=True).click()  # its next run
    settle(other_tab)
    _signed_out(other_tab)

    thief = new_context()  # the token copied before the sign-out opens nothing now
    thief.add_cookies([{"name": COOKIE, "value": str(stolen), "url": server.url}])
    stranger = thief.new_page()
    stranger.goto(server.url)
    wait_for_app(stranger)
    _signed_out(stranger)


def test_a_made_up_cookie_opens_nothing(
    new_context: Callable[[], BrowserContext], server: Server
) -> None:
    context = new_context()
    context.add_cookies([{"name": COOKIE, "value": "A" * 43, "url": server.url}])
    page = context.new_page()
    page.goto(server.url)
    wait_for_app(page)
    _signed_out(page)
