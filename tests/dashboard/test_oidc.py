"""Signing in through the deployment's OIDC provider (st.login): the verified identity (issuer
and subject) is mapped to an account of the record; an unlinked identity gets nothing."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from engine.service import users
from engine.service.principals import SYSTEM
from engine.storage import Database
from tests.dashboard.conftest import APP, texts

ISSUER = "https://id.index-network.example"
OIDC_BUTTON = "Sign in with your organisation's account"


def _app(user: dict[str, object]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.user = user  # type: ignore[assignment]
    return at.run()


def test_the_sign_in_page_offers_the_provider_only_when_it_is_configured(record: Database) -> None:
    configured = _app({"is_logged_in": False})
    assert OIDC_BUTTON in [b.label for b in configured.button]
    plain = AppTest.from_file(str(APP), default_timeout=30).run()
    assert OIDC_BUTTON not in [b.label for b in plain.button]


def test_a_linked_identity_signs_in_as_its_account(record: Database) -> None:
    users.link_oidc_identity(SYSTEM, record, "reviewer-1", ISSUER, "subject-77")
    at = _app({"is_logged_in": True, "iss": ISSUER, "sub": "subject-77", "email": "r@x.org"})
    assert not at.exception
    principal = at.session_state["principal"]
    assert (principal.user_id, principal.role) == ("reviewer-1", "reviewer")


def test_the_email_alone_never_signs_anyone_in(record: Database) -> None:
    users.link_oidc_identity(SYSTEM, record, "reviewer-1", ISSUER, "subject-77")
    at = _app({"is_logged_in": True, "iss": ISSUER, "sub": "someone-else", "email": "r@x.org"})
    assert "principal" not in at.session_state
    assert "not linked to an Accredit account" in texts(at)


def test_a_deactivated_account_cannot_sign_in_through_the_provider(record: Database) -> None:
    users.link_oidc_identity(SYSTEM, record, "reviewer-1", ISSUER, "subject-77")
    users.deactivate_user(SYSTEM, record, "reviewer-1")
    at = _app({"is_logged_in": True, "iss": ISSUER, "sub": "subject-77"})
    assert "principal" not in at.session_state
