"""The signed-in person, the database and the session time-out.

The database is one per process (`st.cache_resource`, keyed by its path). The principal lives
only in this browser session's `st.session_state`; nothing user-specific is ever cached.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import streamlit as st

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
    st.session_state[_PRINCIPAL] = principal
    st.session_state[_SIGNED_IN_AT] = st.session_state[_LAST_SEEN] = _now()
    return principal


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
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[LANGUAGE] = language
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
        return _sign_in_through_oidc() if _oidc_signed_in() else None
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
