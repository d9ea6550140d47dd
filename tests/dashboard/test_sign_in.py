"""Sign in, sign out, session time-out and the page list of each role."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from dashboard.navigation import PAGES_BY_ROLE, PageSpec, pages_for
from engine.service import users
from engine.storage import Database
from tests.dashboard.conftest import APP, SignIn, button, texts
from tests.dashboard.record import ORG_PASSWORD, STAFF

ROLE_ACCOUNTS = {
    "org_admin": ("org-0001-admin", ORG_PASSWORD),
    "org_member": ("org-0001-member", ORG_PASSWORD),
    "reviewer": ("reviewer-1", STAFF["reviewer-1"]),
    "board": ("board", STAFF["board"]),
    "admin": ("admin", STAFF["admin"]),
}


def test_a_wrong_password_is_refused_with_a_message(record: object) -> None:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.text_input(key="sign_in_user").input("admin")
    at.text_input(key="sign_in_password").input("not-the-password")
    at.button[0].click().run()
    assert "principal" not in at.session_state
    assert "Unknown user or wrong password." in texts(at)
    assert at.text_input(key="sign_in_user").value == "admin"


def test_empty_fields_are_answered_beside_the_form(record: object) -> None:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.button[0].click().run()
    assert "Enter your user name and your password." in texts(at)


def _forbidden_page_runs_the_default(at: AppTest, spec: PageSpec, default_title: list[str]) -> None:
    """A page outside the role's list is not addressable, and asking for it by its hash (as a
    browser asking for its URL does) runs the default page instead."""
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(str(spec.path))
    at._page_hash = calc_hash(spec.url_path)
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == default_title, spec.file


@pytest.mark.parametrize("role", sorted(ROLE_ACCOUNTS))
def test_each_role_sees_only_its_pages(sign_in: SignIn, role: str) -> None:
    user, password = ROLE_ACCOUNTS[role]
    at = sign_in(user, password)
    default_title = [t.value for t in at.title]
    mine = {spec.path for spec in pages_for(role)}
    for spec in {p for pages in PAGES_BY_ROLE.values() for p in pages}:
        if spec.path in mine:
            at.switch_page(str(spec.path)).run()
            assert not at.exception, (spec.file, at.exception)
            assert at.title, spec.file
    at.switch_page(str(pages_for(role)[0].path)).run()
    for spec in {p for pages in PAGES_BY_ROLE.values() for p in pages} - set(pages_for(role)):
        _forbidden_page_runs_the_default(at, spec, default_title)


def test_sign_out_forgets_the_person(sign_in: SignIn) -> None:
    at = sign_in("board", STAFF["board"])
    button(at, "Sign out").click().run()
    assert "principal" not in at.session_state
    assert "You have signed out." in texts(at)


@pytest.mark.parametrize(
    ("key", "age", "notice"),
    [
        ("last_seen", timedelta(minutes=31), "30 minutes"),
        ("signed_in_at", timedelta(hours=13), "12 hours"),
    ],
)
def test_an_idle_or_old_session_times_out(
    sign_in: SignIn, key: str, age: timedelta, notice: str
) -> None:
    at = sign_in("board", STAFF["board"])
    at.session_state[key] = datetime.now(UTC) - age
    at.run()
    assert "principal" not in at.session_state
    assert notice in texts(at)
    assert [t.value for t in at.title] == ["Accredit"]


def test_an_active_session_stays_signed_in(sign_in: SignIn) -> None:
    at = sign_in("board", STAFF["board"])
    at.session_state["last_seen"] = datetime.now(UTC) - timedelta(minutes=29)
    at.run()
    assert "principal" in at.session_state


def test_a_deactivated_account_is_signed_out_at_its_next_step(
    sign_in: SignIn, record: Database
) -> None:
    at = sign_in("org-0001-admin", ORG_PASSWORD)
    admin = users.authenticate(record, "admin", STAFF["admin"])
    users.deactivate_user(admin, record, "org-0001-admin")
    at.run()
    assert "principal" not in at.session_state
    assert "no longer active" in texts(at)
    assert [t.value for t in at.title] == ["Accredit"]
