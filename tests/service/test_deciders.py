"""The decider is assigned, as reviewers are: a reviewer sees only the self-assessments that
they are assigned to review or to decide on (DESIGN.md section 6), and the decider is never one
of the reviewers when the policy wants an independent decision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.service import assessments, deciders, decisions, reviews, users, views_queue
from engine.service.errors import AccessDenied, ConflictOfInterest, IllegalTransition, InvalidInput
from tests.service import conftest
from tests.service.builders import bundle
from tests.service.conftest import World


def _ready(world: World) -> str:
    """In review with a verdict; "decider" assigned to decide."""
    assessment_id = world.in_review(rating=3)
    world.verdict(assessment_id, "SG-01")
    return assessment_id


def test_an_unassigned_reviewer_neither_sees_nor_decides(world: World) -> None:
    """beta's reviewer is independent of alpha, but not assigned: alpha's answers stay out of
    sight (queue, view) and the decision is refused as for a self-assessment that does not
    exist."""
    assessment_id = _ready(world)
    other = world.beta_reviewer
    assert views_queue.decision_queue(other, world.db) == []
    assert [i.assessment_id for i in views_queue.decision_queue(world.decider, world.db)] == [
        assessment_id
    ]
    with pytest.raises(AccessDenied) as seen:
        views_queue.decision_view(other, world.db, assessment_id)
    with pytest.raises(AccessDenied) as missing:
        views_queue.decision_view(other, world.db, "alpha-999")
    assert str(seen.value).replace(assessment_id, "ID") == str(missing.value).replace(
        "alpha-999", "ID"
    )
    with pytest.raises(AccessDenied):
        decisions.decide(other, world.db, assessment_id, world.version(assessment_id))
    assert decisions.decide(world.decider, world.db, assessment_id, world.version(assessment_id))


def test_another_decider_replaces_the_first(world: World) -> None:
    assessment_id = _ready(world)
    deciders.assign_decider(world.admin, world.db, assessment_id, world.beta_reviewer.user_id)
    with pytest.raises(AccessDenied):
        views_queue.decision_view(world.decider, world.db, assessment_id)
    assert views_queue.decision_view(world.beta_reviewer, world.db, assessment_id)
    with world.db.read() as cursor:
        (payload,) = cursor.execute(
            "SELECT payload_json FROM audit_log WHERE action = 'decision.assign' "
            "ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    assert json.loads(payload) == {"decider": "beta-reviewer", "replaces": "decider"}


def test_administrators_decide_without_being_assigned(world: World) -> None:
    assessment_id = _ready(world)
    taken = decisions.decide(world.admin, world.db, assessment_id, world.version(assessment_id))
    assert taken.decided_by == "admin"


def test_the_decider_is_never_one_of_the_reviewers(world: World) -> None:
    assessment_id = _ready(world)
    with pytest.raises(ConflictOfInterest, match="reviewer reviews"):
        deciders.assign_decider(world.admin, world.db, assessment_id, world.reviewer.user_id)
    with pytest.raises(ConflictOfInterest, match="takes the decision"):
        reviews.assign_reviewer(world.admin, world.db, assessment_id, world.decider.user_id)


@pytest.mark.parametrize(
    ("decider", "refusal", "says"),
    [
        ("decider", InvalidInput, "already decides"),
        ("alpha-member", InvalidInput, "not an active reviewer"),
        ("alpha-reviewer", ConflictOfInterest, "belongs to alpha and cannot decide on it"),
        ("conflicted", ConflictOfInterest, "declared a conflict of interest with alpha"),
    ],
)
def test_who_may_not_decide_is_refused(
    world: World, decider: str, refusal: type[Exception], says: str
) -> None:
    assessment_id = _ready(world)
    for user_id, org_id in (("alpha-reviewer", "alpha"), ("conflicted", None)):
        users.create_user(
            world.admin, world.db, user_id, display_name=user_id, role="reviewer", org_id=org_id
        )
    users.declare_conflict(world.admin, world.db, "conflicted", "alpha", "Former employee.")
    with pytest.raises(refusal, match=says):
        deciders.assign_decider(world.admin, world.db, assessment_id, decider)


def test_only_open_self_assessments_get_a_decider(world: World) -> None:
    draft = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    with pytest.raises(IllegalTransition, match="deciders are assigned to submitted"):
        deciders.assign_decider(world.admin, world.db, draft.id, world.decider.user_id)
    with pytest.raises(AccessDenied):
        deciders.assign_decider(world.reviewer, world.db, draft.id, world.decider.user_id)


def test_without_an_independent_decision_a_reviewer_may_also_decide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A policy that does not want an independent decision: the reviewer may be assigned to
    decide too, is offered as such, and finds the self-assessment in their decision queue."""
    monkeypatch.setattr(conftest, "bundle", lambda: bundle(independent=False))
    world = conftest.make_world(tmp_path / "record.duckdb")
    assessment_id = world.submitted()
    reviews.assign_reviewer(world.admin, world.db, assessment_id, world.reviewer.user_id)
    (item,) = views_queue.assignment_queue(world.admin, world.db)
    assert world.reviewer.user_id in item.eligible_deciders
    deciders.assign_decider(world.admin, world.db, assessment_id, world.reviewer.user_id)
    reviews.start_review(world.reviewer, world.db, assessment_id, world.version(assessment_id))
    world.verdict(assessment_id, "SG-01")
    queue = views_queue.decision_queue(world.reviewer, world.db)
    assert [i.assessment_id for i in queue] == [assessment_id]
    taken = decisions.decide(world.reviewer, world.db, assessment_id, world.version(assessment_id))
    assert taken.decided_by == "reviewer"
