"""An organisation has one self-assessment open at a time, whichever way a new one is asked for:
the rule lives in the service (`succession.refuse_beside_open`), not only in the pages that
hide the Start button, so a second browser tab, a script or an import cannot fork the cycle."""

from __future__ import annotations

import pytest

from engine.service import assessments, renewal
from engine.service.errors import IllegalTransition
from tests.service.conftest import World, decide_one
from tests.service.fingerprint import fingerprint


def _start(world: World) -> str:
    return assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1").id


def test_a_second_draft_beside_an_open_one_is_refused_and_nothing_is_written(
    world: World,
) -> None:
    first = _start(world)
    before = fingerprint(world.db)
    with pytest.raises(IllegalTransition) as refused:
        _start(world)  # the Start button of a second tab opened before the first was pressed
    assert refused.value.message == (
        f"alpha already has a self-assessment open: {first} (release 2026.1, draft); continue "
        "with that one, and start the next once it is decided"
    )
    assert fingerprint(world.db) == before
    assert [a.id for a in assessments.list_assessments(world.alpha_member, world.db, "alpha")] == [
        first
    ]


@pytest.mark.parametrize("state", ["submitted", "in review"])
def test_one_submitted_or_in_review_is_open_too(world: World, state: str) -> None:
    open_one = world.submitted() if state == "submitted" else world.in_review()
    with pytest.raises(IllegalTransition, match=f"{open_one} \\(release 2026.1, {state}\\)"):
        _start(world)


def test_once_decided_the_next_one_may_start(world: World) -> None:
    decided, _ = decide_one(world, 3)
    started = _start(world)
    assert started != decided


def test_a_renewal_is_refused_beside_an_open_one(world: World) -> None:
    decided, _ = decide_one(world, 3)
    fresh = _start(world)
    with pytest.raises(IllegalTransition, match=f"already has a self-assessment open: {fresh}"):
        renewal.renew_assessment(world.alpha_member, world.db, decided)


def test_another_organisations_open_one_does_not_count(world: World) -> None:
    theirs = assessments.start_assessment(world.beta_member, world.db, "beta", "2026.1")
    mine = _start(world)
    assert (theirs.org_id, mine) != ("alpha", theirs.id)


def test_the_one_a_new_one_follows_is_moved_on_and_no_longer_open(world: World) -> None:
    first = _start(world)
    second = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1", first)
    assert second.previous_assessment_id == first
    with pytest.raises(IllegalTransition, match=f"open: {second.id} "):
        _start(world)
