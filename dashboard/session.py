"""The signed-in person, the database and the session time-out.

The database is one per process (`st.cache_resource`, keyed by its path). The principal lives
in this browser session's `st.session_state`; nothing user-specific is ever cached. A local
account's sign-in also survives a reload or a new tab of the same browser, through a session
cookie whose token this process holds (`sign_in_tokens`), under the same time-outs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard.sign_in_tokens import (
    COOKIE,
    SignInTokens,
    forget_cookie_script,
    set_cookie_script,
)
from engine.service import maintenance, users
from engine.service.errors import AuthenticationFailed
from engine.service.principals import Principal

DB_ENV = "ACCREDIT_DB"
IDLE_LIMIT = timedelta(minutes=30)
"""A session that has been idle this long is signed out."""
SESSION_LIMIT = timedelta(hours=12)
"""A session is signed out this long after signing in, however active."""
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch", "fr": "Français"}

_PRINCIPAL = "principal"
_SIGNED_IN_AT = "signed_in_at"
_LAST_SEEN = "last_seen"
_NOTICE = "sign_in_notice"
_TOKEN = "sign_in_token"  # noqa: S105 - a session_state key
_FORGET_COOKIE = "forget_sign_in_cookie"
LANGUAGE = "language"


@dataclass(frozen=True)
class Expiry:
    limit: timedelta
    since_key: str
    notice: str


EXPIRIES: tuple[Expiry, ...] = (
    Expiry(IDLE_LIMIT, _LAST_SEEN, "You were signed out after 30 minutes without activity."),
    Expiry(SESSION_LIMIT, _SIGNED_IN_AT, "You were signed out after 12 hours; sign in again."),
)


@st.cache_resource(show_spinner=False)
def open_database(path: str) -> maintenance.Database:
    """The one connection of this process to the record at `path` (migrated on open)."""
    db, _ = maintenance.open_record(Path(path))
    return db


@st.cache_resource(show_spinner=False)
def _tokens() -> SignInTokens:
    """The sign-ins of this process that a reload can pick up again (by their cookie)."""
    return SignInTokens(IDLE_LIMIT, SESSION_LIMIT)


def database_path() -> str:
    return str(Path(os.environ.get(DB_ENV) or "accredit.duckdb").resolve())


def database() -> maintenance.Database:
    return open_database(database_path())


def _now() -> datetime:
    return datetime.now(UTC)


def sign_in(user_id: str, password: str) -> Principal | None:
    """Check the local account; on success remember the principal in this session only."""
    try:
        principal = users.authenticate(database(), user_id.strip(), password)
    except AuthenticationFailed:
        return None
    now = _now()
    st.session_state[_PRINCIPAL] = principal
    st.session_state[_SIGNED_IN_AT] = st.session_state[_LAST_SEEN] = now
    st.session_state[_TOKEN] = _tokens().issue(principal, now)
    st.session_state.pop(_FORGET_COOKIE, None)
    return principal


def _sign_in_from_cookie() -> Principal | None:
    """A reload or a new tab: the sign-in its cookie stands for, if still valid (then the
    time-outs and the account's state are checked as for any run)."""
    token = st.context.cookies.get(COOKIE)
    held = _tokens().resolve(token, _now())
    if held is None or not isinstance(token, str):
        return None
    st.session_state[_PRINCIPAL] = held.principal
    st.session_state[_SIGNED_IN_AT] = held.signed_in_at
    st.session_state[_LAST_SEEN] = held.last_seen
    st.session_state[_TOKEN] = token
    return held.principal


def oidc_configured() -> bool:
    """Whether the deployment signs people in through its OIDC provider (`st.login`): Streamlit
    reports `is_logged_in` only when secrets.toml has an [auth] section."""
    return "is_logged_in" in st.user


def _oidc_signed_in() -> bool:
    return bool(st.user.get("is_logged_in", False))


def _sign_in_through_oidc() -> Principal | None:
    """Map the provider's verified identity (issuer and subject, never the e-mail alone) to an
    account of the record; an identity no account is linked to is signed out with a notice."""
    issuer, subject = st.user.get("iss"), st.user.get("sub")
    try:
        principal = users.principal_for_oidc(database(), str(issuer), str(subject))
    except AuthenticationFailed:
        sign_out(
            "Your sign-in is not linked to an Accredit account. Ask an administrator to link it "
            f"(issuer {issuer}, subject {subject})."
        )
        return None
    st.session_state[_PRINCIPAL] = principal
    st.session_state[_SIGNED_IN_AT] = st.session_state[_LAST_SEEN] = _now()
    return principal


def sign_out(notice: str | None = None) -> None:
    """Forget everything this session held (answers typed, selections, the principal); a
    person signed in through OIDC is signed out of it too (`st.logout`)."""
    language = st.session_state.get(LANGUAGE, "en")
    _tokens().revoke(st.session_state.get(_TOKEN))
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[LANGUAGE] = language
    st.session_state[_FORGET_COOKIE] = True
    if notice:
        st.session_state[_NOTICE] = notice
    if _oidc_signed_in():
        st.logout()


def current() -> Principal | None:
    """The signed-in principal, after applying the time-outs and as the record has the account
    now (a deactivated account is signed out, a changed role applies at once); None when
    signed out."""
    principal: Principal | None = st.session_state.get(_PRINCIPAL)
    if principal is None:
        if _oidc_signed_in():
            return _sign_in_through_oidc()
        principal = _sign_in_from_cookie()
        if principal is None:
            return None
    now = _now()
    for expiry in EXPIRIES:
        since: datetime | None = st.session_state.get(expiry.since_key)
        if since is None or now - since > expiry.limit:
            sign_out(expiry.notice)
            return None
    now_held = users.principal_now(database(), principal)
    if now_held is None:
        sign_out("Your account is no longer active; ask an administrator.")
        return None
    token = st.session_state.get(_TOKEN)
    if token and not _tokens().seen(token, now, now_held):
        sign_out("You were signed out (in another tab or window of this browser).")
        return None
    st.session_state[_LAST_SEEN] = now
    st.session_state[_PRINCIPAL] = now_held
    return now_held


def expires_at() -> datetime | None:
    """When this session ends if nothing more happens in it (the first time-out to come);
    None when signed out. A deferred download made after it is refused (`downloads.show`)."""
    ends = [
        since + expiry.limit
        for expiry in EXPIRIES
        if (since := st.session_state.get(expiry.since_key)) is not None
    ]
    return min(ends) if len(ends) == len(EXPIRIES) else None


def cookie_html() -> str | None:
    """The script that keeps the browser's sign-in cookie in step with this session: set while
    signed in with a local account, removed once signed out; None when there is nothing to do."""
    token: str | None = st.session_state.get(_TOKEN)
    if token:
        return set_cookie_script(token)
    if st.session_state.get(_FORGET_COOKIE):
        return forget_cookie_script()
    return None


def session_over(deadline: datetime | None) -> bool:
    return deadline is None or _now() > deadline


def require_principal() -> Principal:
    """For pages: the principal, or stop the page (navigation never offers it signed out)."""
    principal = current()
    if principal is None:
        st.stop()
    return principal


def take_notice() -> str | None:
    notice: str | None = st.session_state.pop(_NOTICE, None)
    return notice


def language() -> str:
    chosen: Any = st.session_state.get(LANGUAGE, "en")
    return chosen if chosen in LANGUAGES else "en"
