"""The service refuses a submission whose answers break the policy's rules (a rating without the
evidence it needs, N/A without its reason or where it is not allowed, a rating off the scale),
whatever client calls it, and the refusal changes nothing."""

from __future__ import annotations

import pytest

from engine.models.assessment import Response
from engine.service import assessments, audit, releases
from engine.service.errors import InvalidInput
from tests.evolution.world import World


def _draft(world: World, answers: dict[str, Response]) -> str:
    member = world.members["eu-1"]
    draft = assessments.start_assessment(member, world.db, "eu-1", "2026.1")
    world.answer("eu-1", draft.id, answers)
    return draft.id


def _all(world: World, rating: int) -> dict[str, Response]:
    ids = releases.release_bundle(world.db, "2026.1").requirement_ids()
    return {rid: Response(rating=rating) for rid in ids}


def test_a_rating_without_its_evidence_is_refused_and_nothing_changes(empty: World) -> None:
    member = empty.members["eu-1"]
    draft_id = _draft(empty, _all(empty, 3))
    entries = len(audit.recent_entries(empty.admin, empty.db, limit=100_000))
    with pytest.raises(InvalidInput) as refused:
        assessments.submit_assessment(member, empty.db, draft_id, empty.version(draft_id))
    assert "SG-01" in refused.value.message and "evidence" in refused.value.message
    assert refused.value.location == "responses"
    assert assessments.get_assessment(member, empty.db, draft_id).state == "draft"
    assert len(audit.recent_entries(empty.admin, empty.db, limit=100_000)) == entries


def test_with_the_evidence_attached_the_same_answers_are_submitted(empty: World) -> None:
    member = empty.members["eu-1"]
    answers = _all(empty, 3)
    draft_id = _draft(empty, answers)
    empty.attach_evidence("eu-1", draft_id, list(answers))
    done = assessments.submit_assessment(member, empty.db, draft_id, empty.version(draft_id))
    assert done.state == "submitted"


def test_a_not_applicable_without_its_reason_is_refused(empty: World) -> None:
    member = empty.members["eu-1"]
    answers = _all(empty, 0)
    first = next(iter(answers))
    answers[first] = Response(not_applicable=True)
    draft_id = _draft(empty, answers)
    with pytest.raises(InvalidInput, match=first):
        assessments.submit_assessment(member, empty.db, draft_id, empty.version(draft_id))
