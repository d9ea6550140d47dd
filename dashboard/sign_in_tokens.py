"""Sign-ins that survive a reload or a new tab: a random token in a session cookie.

A local account's sign-in lives in the browser session's `st.session_state`, which a reload
throws away. So, on signing in, the browser also gets a cookie with a random token (256 bits,
`secrets.token_urlsafe`), and this process keeps what the token stands for: the principal and
when it signed in and was last seen. Only a hash of the token is kept, in memory: a restart
of the server signs everybody out, and nothing about sessions is ever written to the record.

The token obeys the same time-outs as the session (idle and absolute); signing out, a time-out
or an account that is no longer active revokes it, so the cookie left in a browser (or copied
from it) opens nothing afterwards. The cookie itself is a session cookie (gone when the browser
closes), `SameSite=Strict`, and `Secure` when the page is served over HTTPS.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from engine.service.principals import Principal

COOKIE = "accredit_session"
MAX_TOKEN_LENGTH = 64
MOST_HELD = 10_000
"""Sign-ins held at most; past it, expired ones go first, then the least recently seen."""


@dataclass(frozen=True)
class HeldSignIn:
    """What a token stands for."""

    principal: Principal
    signed_in_at: datetime
    last_seen: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class SignInTokens:
    """The sign-ins of this process, by the hash of their token (thread-safe: Streamlit runs
    each browser session in a thread of its own)."""

    def __init__(self, idle: timedelta, limit: timedelta, most: int = MOST_HELD) -> None:
        self._idle, self._limit, self._most = idle, limit, most
        self._held: dict[str, HeldSignIn] = {}
        self._lock = threading.Lock()

    def issue(self, principal: Principal, now: datetime) -> str:
        """A new token for a sign-in made now."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            if len(self._held) >= self._most:
                self._make_room(now)
            self._held[_digest(token)] = HeldSignIn(principal, now, now)
        return token

    def resolve(self, token: object, now: datetime) -> HeldSignIn | None:
        """The sign-in a token stands for, if it is still valid now (an expired one is
        dropped); the caller still checks that the account is active. Anything but a string
        of a token's length (a cookie is whatever the browser sends) stands for nothing."""
        if not isinstance(token, str) or not 0 < len(token) <= MAX_TOKEN_LENGTH:
            return None
        key = _digest(token)
        with self._lock:
            held = self._held.get(key)
            if held is not None and self._expired(held, now):
                del self._held[key]
                return None
            return held

    def seen(self, token: str, now: datetime, principal: Principal) -> bool:
        """Record activity (and the account as it is now); False if the token is no longer
        valid (revoked in another tab, or expired)."""
        key = _digest(token)
        with self._lock:
            held = self._held.get(key)
            if held is None or self._expired(held, now):
                self._held.pop(key, None)
                return False
            self._held[key] = replace(held, principal=principal, last_seen=now)
            return True

    def revoke(self, token: str | None) -> None:
        if token:
            with self._lock:
                self._held.pop(_digest(token), None)

    def __len__(self) -> int:
        return len(self._held)

    def _expired(self, held: HeldSignIn, now: datetime) -> bool:
        return now - held.last_seen > self._idle or now - held.signed_in_at > self._limit

    def _make_room(self, now: datetime) -> None:
        for key in [k for k, held in self._held.items() if self._expired(held, now)]:
            del self._held[key]
        while len(self._held) >= self._most:
            oldest = min(self._held, key=lambda k: self._held[k].last_seen)
            del self._held[oldest]


def set_cookie_script(token: str) -> str:
    """HTML that stores the token in the browser (a session cookie for this site)."""
    if not token.replace("-", "").replace("_", "").isalnum():
        raise ValueError("a sign-in token is URL-safe base64")
    return (
        f'<script>document.cookie = "{COOKIE}={token}; Path=/; SameSite=Strict"'
        ' + (location.protocol === "https:" ? "; Secure" : "");</script>'
    )


def forget_cookie_script() -> str:
    """HTML that removes the token from the browser."""
    return f'<script>document.cookie = "{COOKIE}=; Path=/; Max-Age=0; SameSite=Strict";</script>'
