"""The tokens behind "a reload keeps the sign-in": what a token opens, and when it stops."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dashboard.sign_in_tokens import (
    COOKIE,
    SignInTokens,
    forget_cookie_script,
    set_cookie_script,
)
from engine.service.principals import Principal

START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
ALICE = Principal("alice", "org_admin", "alpha")
IDLE, LIMIT = timedelta(minutes=30), timedelta(hours=12)


def tokens(most: int = 100) -> SignInTokens:
    return SignInTokens(IDLE, LIMIT, most)


def test_a_token_stands_for_its_sign_in_and_nothing_else() -> None:
    held = tokens()
    token = held.issue(ALICE, START)
    found = held.resolve(token, START + timedelta(minutes=1))
    assert found is not None and found.principal == ALICE and found.signed_in_at == START
    assert held.resolve(token[:-1] + ("A" if token[-1] != "A" else "B"), START) is None
    assert held.resolve("", START) is None and held.resolve(None, START) is None
    assert held.resolve(token.encode(), START) is None and held.resolve("A" * 10_000, START) is None
    assert held.issue(ALICE, START) != token  # each sign-in its own random token
    assert len(token) >= 43


@pytest.mark.parametrize(
    ("seen_every", "after", "valid"),
    [
        (timedelta(minutes=20), timedelta(hours=11, minutes=50), True),
        (timedelta(minutes=20), timedelta(hours=12, minutes=10), False),  # absolute limit
        (None, timedelta(minutes=29), True),
        (None, timedelta(minutes=31), False),  # idle
    ],
)
def test_a_token_keeps_the_time_outs_of_the_session(
    seen_every: timedelta | None, after: timedelta, valid: bool
) -> None:
    held = tokens()
    token = held.issue(ALICE, START)
    now = START
    while seen_every is not None and now + seen_every < START + after:
        now += seen_every
        assert held.seen(token, now, ALICE)
    assert (held.resolve(token, START + after) is not None) is valid


def test_revoked_or_expired_tokens_open_nothing_and_are_forgotten() -> None:
    held = tokens()
    token = held.issue(ALICE, START)
    held.revoke(token)
    assert held.resolve(token, START) is None
    assert not held.seen(token, START, ALICE)
    stale = held.issue(ALICE, START)
    assert held.resolve(stale, START + timedelta(hours=1)) is None
    assert len(held) == 0


def test_activity_carries_the_account_as_it_is_now() -> None:
    held = tokens()
    token = held.issue(ALICE, START)
    promoted = Principal("alice", "org_member", "alpha")
    assert held.seen(token, START + timedelta(minutes=10), promoted)
    found = held.resolve(token, START + timedelta(minutes=35))
    assert found is not None and found.principal == promoted


def test_the_store_is_bounded_and_drops_the_least_recently_seen_first() -> None:
    held = tokens(most=3)
    first, second, third = (held.issue(ALICE, START + timedelta(minutes=m)) for m in range(3))
    held.seen(first, START + timedelta(minutes=5), ALICE)
    fourth = held.issue(ALICE, START + timedelta(minutes=6))
    assert len(held) == 3
    assert held.resolve(second, START + timedelta(minutes=6)) is None
    for kept in (first, third, fourth):
        assert held.resolve(kept, START + timedelta(minutes=6)) is not None


def test_the_cookie_scripts_hold_only_a_url_safe_token() -> None:
    script = set_cookie_script("abc-DEF_123")
    assert f'"{COOKIE}=abc-DEF_123; Path=/; SameSite=Strict"' in script and "Secure" in script
    assert "Max-Age=0" in forget_cookie_script()
    with pytest.raises(ValueError, match="URL-safe"):
        set_cookie_script('x"; alert(1); "')
