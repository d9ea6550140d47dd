"""A reason must say something and stay readable: empty and overlong reasons are refused with
the field to fix, and nothing is written."""

from __future__ import annotations

import pytest

from engine.service import audit, users
from engine.service.errors import InvalidInput
from engine.service.reasons import MAX_REASON, check_reason
from tests.service.conftest import World


@pytest.mark.parametrize(
    ("reason", "says"),
    [("", "give the reason"), ("   \n", "give the reason"), ("x" * (MAX_REASON + 1), "under")],
)
def test_an_empty_or_overlong_conflict_reason_is_refused_and_nothing_is_written(
    world: World, reason: str, says: str
) -> None:
    before = len(audit.recent_entries(world.admin, world.db, limit=10_000))
    with pytest.raises(InvalidInput, match=says) as refused:
        users.declare_conflict(world.admin, world.db, "reviewer", "alpha", reason)
    assert refused.value.location == "reason"
    assert len(audit.recent_entries(world.admin, world.db, limit=10_000)) == before


def test_a_reason_of_the_longest_length_is_kept_as_given() -> None:
    longest = " " + "x" * MAX_REASON + " "
    assert check_reason(longest, "give it") == longest
