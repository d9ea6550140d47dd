"""A review in rounds, as reviewers and deciders live it: verdicts belong to one round, are
locked like any step, a decision rests on them, and its conditions follow the outcome decided.
Each test plays a fault that a review of the lifecycle found."""

from __future__ import annotations

import json

import pytest

from engine.models import Response
from engine.service import (
    assessments,
    deciders,
    decisions,
    evidence,
    improvement_actions,
    reviews,
    users,
)
from engine.service.errors import (
    AccessDenied,
    ConflictError,
    IllegalTransition,
    InvalidInput,
)
from tests.service.conftest import CONDITIONAL, World


def _decide(world: World, assessment_id: str, **choice: str) -> decisions.DecisionRecord:
    return decisions.decide(
        world.decider, world.db, assessment_id, world.version(assessment_id), **choice
    )


def _conditions(world: World, assessment_id: str) -> list[str]:
    found = improvement_actions.list_actions(world.alpha_member, world.db, "alpha")
    return [a.requirement_id for a in found if a.assessment_id == assessment_id]


def test_a_changed_answer_closes_its_verdict_and_the_others_stay(world: World) -> None:
    """Round 1 adjusts SG-01 and CM-01 and asks for changes to SG-01; the organisation fixes
    SG-01 only. Round 2 must not decide on the old SG-01 adjustment (nobody gave it for the
    answer now there), and must still count the CM-01 one (its answer did not change)."""
    assessment_id = world.in_review(rating=3)
    world.verdict(assessment_id, "SG-01", 1, "No written policy seen.")
    world.verdict(assessment_id, "CM-01", 1, "No case records seen.")
    reviews.request_changes(
        world.reviewer, world.db, assessment_id, world.version(assessment_id), "Add the policy."
    )
    unchanged = {"CM-02": Response(rating=3)}  # saved again as it was: its verdict stays
    version = world.version(assessment_id)
    for answers in (unchanged, {"SG-01": Response(rating=2)}):
        version = assessments.save_responses(
            world.alpha_member, world.db, assessment_id, answers, version
        ).row_version
    assessments.submit_assessment(world.alpha_admin, world.db, assessment_id, version)
    reviews.start_review(world.reviewer, world.db, assessment_id, world.version(assessment_id))
    kept = reviews.list_verdicts(world.alpha_member, world.db, assessment_id)
    assert [(v.requirement_id, v.adjusted_rating) for v in kept] == [("CM-01", 1)]
    taken = _decide(world, assessment_id)
    assert taken.engine_result["requirements"][2]["rating"] == 1  # CM-01, as adjusted
    with world.db.read() as cursor:
        closed = cursor.execute(
            "SELECT payload_json FROM audit_log WHERE action = 'review.verdicts_closed'"
        ).fetchall()
    assert [json.loads(p) for (p,) in closed] == [{"requirements": ["SG-01"]}]


def test_new_evidence_closes_the_verdict_on_its_answer(world: World) -> None:
    assessment_id = world.in_review(rating=2)
    world.verdict(assessment_id, "SG-02", 1, "The procedure is not evidenced.")
    reviews.request_changes(
        world.reviewer, world.db, assessment_id, world.version(assessment_id), "Evidence SG-02."
    )
    evidence.add_link(
        world.alpha_member, world.db, assessment_id, "SG-02", title="Procedure",
        url="https://example.org/procedure.pdf",
    )  # fmt: skip
    assert reviews.list_verdicts(world.alpha_member, world.db, assessment_id) == []


def test_verdicts_of_a_reviewer_who_declared_a_conflict_since_do_not_count(
    world: World,
) -> None:
    assessment_id = world.in_review(rating=3)
    world.verdict(assessment_id, "CM-01", 2, "Seen on site.")
    users.declare_conflict(world.reviewer, world.db, "reviewer", "alpha", "Hired by alpha.")
    with pytest.raises(IllegalTransition, match=r"verdicts of reviewer \(CM-01\) cannot count"):
        _decide(world, assessment_id)
    reviews.assign_reviewer(world.admin, world.db, assessment_id, world.beta_reviewer.user_id)
    world.verdict(assessment_id, "CM-01", reviewer=world.beta_reviewer)  # given again
    assert _decide(world, assessment_id).decided_by == "decider"


def test_a_verdict_from_a_stale_page_is_refused(world: World) -> None:
    """Two reviewers on the same page: the second one's verdict would silently replace the
    first's; it is refused, and so is a decision taken on a page older than a verdict."""
    assessment_id = world.in_review(rating=3)
    reviews.assign_reviewer(world.admin, world.db, assessment_id, world.beta_reviewer.user_id)
    page = world.version(assessment_id)
    reviews.record_verdict(
        world.reviewer, world.db, assessment_id, "SG-01", "adjust",
        expected_version=page, adjusted_rating=0, reason="A critical gap.",
    )  # fmt: skip
    with pytest.raises(ConflictError, match="reload"):
        reviews.record_verdict(
            world.beta_reviewer, world.db, assessment_id, "SG-01", "agree", expected_version=page
        )
    (kept,) = reviews.list_verdicts(world.reviewer, world.db, assessment_id)
    assert (kept.verdict, kept.adjusted_rating) == ("adjust", 0)
    with pytest.raises(ConflictError):
        decisions.decide(world.decider, world.db, assessment_id, page)
    assert _decide(world, assessment_id).machine_outcome != "accredited"


def test_no_decision_before_the_reviewer_has_given_a_verdict(world: World) -> None:
    assessment_id = world.in_review(rating=3)
    with pytest.raises(IllegalTransition, match="no verdict yet"):
        _decide(world, assessment_id)
    world.verdict(assessment_id, "SG-01")
    assert _decide(world, assessment_id).certificate_number is not None


def test_a_submission_answers_every_applicable_requirement(world: World) -> None:
    draft = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    with pytest.raises(InvalidInput, match="not answered yet: SG-01, SG-02, CM-01, CM-02"):
        assessments.submit_assessment(world.alpha_admin, world.db, draft.id, draft.row_version)
    saved = assessments.save_responses(
        world.alpha_member, world.db, draft.id, {"SG-01": Response(rating=2)}, draft.row_version
    )
    with pytest.raises(InvalidInput, match="not answered yet: SG-02, CM-01, CM-02"):
        assessments.submit_assessment(world.alpha_admin, world.db, draft.id, saved.row_version)
    assert world.version(draft.id) == saved.row_version  # nothing changed
    version = world.answer_all(draft.id, 2)
    submitted = assessments.submit_assessment(world.alpha_admin, world.db, draft.id, version)
    assert submitted.state == "submitted"


def test_conditions_follow_the_outcome_decided(world: World) -> None:
    conditional = world.in_review(rating=CONDITIONAL)
    world.verdict(conditional, "SG-01")
    taken = _decide(world, conditional, outcome="accredited", rationale="Seen on a site visit.")
    assert taken.machine_outcome == "conditionally_accredited"
    assert _conditions(world, conditional) == []

    refused = world.in_review(rating=CONDITIONAL)
    world.verdict(refused, "SG-01")
    _decide(world, refused, outcome="not_accredited", rationale="A safeguarding concern.")
    assert _conditions(world, refused) == []

    kept = world.in_review(rating=CONDITIONAL)
    world.verdict(kept, "SG-01")
    assert _decide(world, kept).outcome == "conditionally_accredited"
    assert sorted(_conditions(world, kept)) == ["CM-01", "CM-02", "SG-02"]


def test_conditions_of_an_outcome_the_engine_did_not_reach(world: World) -> None:
    """Accredited by the engine, conditional by the decider: the conditions are worked out
    from the reviewed answers; with nothing below 'implemented' there is nothing to condition
    on, and the decider is told so."""
    all_met = world.in_review(rating=3)
    world.verdict(all_met, "SG-01")
    choice = {"outcome": "conditionally_accredited", "rationale": "Case files not reviewed."}
    with pytest.raises(InvalidInput, match="needs conditions"):
        _decide(world, all_met, **choice)
    world.verdict(all_met, "CM-02", 1, "Case files seen for two of five sites only.")
    taken = _decide(world, all_met, **choice)
    assert (taken.machine_outcome, taken.outcome) == ("accredited", "conditionally_accredited")
    assert taken.certificate_number is not None
    assert _conditions(world, all_met) == ["CM-02"]


@pytest.mark.parametrize(
    ("verdict", "rating", "reason", "says"),
    [
        ("adjust", True, "A reason.", "a rating on the scale"),
        ("adjust", 2.0, "A reason.", "a rating on the scale"),
        ("agree", 2, None, "to give another, adjust it"),
        ("adjust", 1, "A reason\x00 hidden", "control character U.0000"),
    ],
)
def test_a_malformed_verdict_is_refused(
    world: World, verdict: str, rating: object, reason: str | None, says: str
) -> None:
    assessment_id = world.in_review(rating=3)
    with pytest.raises(InvalidInput, match=says):
        reviews.record_verdict(
            world.reviewer, world.db, assessment_id, "SG-01", verdict,  # type: ignore[arg-type]
            expected_version=world.version(assessment_id),
            adjusted_rating=rating, reason=reason,  # type: ignore[arg-type]
        )  # fmt: skip
    assert reviews.list_verdicts(world.reviewer, world.db, assessment_id) == []


def test_assigning_a_reviewer_twice_says_so(world: World) -> None:
    assessment_id = world.in_review(rating=3)
    with pytest.raises(InvalidInput, match="reviewer is already assigned"):
        reviews.assign_reviewer(world.admin, world.db, assessment_id, world.reviewer.user_id)


def test_another_organisation_cannot_tell_which_actions_exist(world: World) -> None:
    conditional = world.in_review(rating=CONDITIONAL)
    world.verdict(conditional, "SG-01")
    _decide(world, conditional)
    (real, *_) = improvement_actions.list_actions(world.alpha_member, world.db, "alpha")
    refusals = []
    for action_id in (real.id, "alpha-001-a99", "nobody-001-a01"):
        with pytest.raises(AccessDenied) as refused:
            improvement_actions.change_action(world.beta_member, world.db, action_id, "complete", 1)
        refusals.append(str(refused.value).replace(action_id, "ID"))
    assert len(set(refusals)) == 1


def test_renewal_onto_a_release_without_a_requirement_takes_new_evidence(
    world: World,
) -> None:
    from engine.service import audit, releases, renewal, stored_migration
    from engine.service.principals import SYSTEM
    from tests.service.builders import bundle

    first = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    for rid in ("SG-02", "SG-01"):  # e001 on SG-02, which the next release drops
        evidence.add_link(
            world.alpha_member, world.db, first.id, rid, title=rid, url=f"https://x.org/{rid}"
        )
    version = world.answer_all(first.id, 3)
    assessments.submit_assessment(world.alpha_admin, world.db, first.id, version)
    reviews.assign_reviewer(world.admin, world.db, first.id, world.reviewer.user_id)
    deciders.assign_decider(world.admin, world.db, first.id, world.decider.user_id)
    reviews.start_review(world.reviewer, world.db, first.id, world.version(first.id))
    world.verdict(first.id, "SG-01")
    _decide(world, first.id)
    releases.register_release(SYSTEM, world.db, _without_sg02(bundle("2026.2")))
    renewed = renewal.renew_assessment(world.alpha_member, world.db, first.id)
    assert renewed.release_version == "2026.2"  # the release in effect, as a new one gets
    added = evidence.add_link(
        world.alpha_member, world.db, renewed.id, "CM-01", title="CM", url="https://x.org/cm"
    )
    assert added.id == f"{renewed.id}-e002"
    archived = stored_migration.archived_answers(world.alpha_member, world.db, renewed.id)
    assert list(archived) == ["SG-02"] and archived["SG-02"].rating == 3  # kept, not dropped
    entry = next(e for e in audit.recent_entries(SYSTEM, world.db) if e["entity_id"] == renewed.id)
    assert entry["action"] == "assessment.renew"
    assert json.loads(entry["payload_json"])["archived"] == ["SG-02"]


def _without_sg02(made):  # type: ignore[no-untyped-def]
    """2026.2: SG at 1.1.0 without SG-02, in effect from 2026-01-01."""
    from engine.models import ReleaseBundle

    sg, cm = made.standards
    smaller = sg.model_copy(
        update={"version": "1.1.0", "requirements": [r for r in sg.requirements if r.id != "SG-02"]}
    )
    pins = [
        s.model_copy(update={"version": "1.1.0"}) if s.id == sg.id else s
        for s in made.release.standards
    ]
    release = made.release.model_copy(update={"effective_from": "2026-01-01", "standards": pins})
    return ReleaseBundle(release=release, policy=made.policy, standards=(smaller, cm))


def test_a_decided_self_assessment_is_renewed_once(world: World) -> None:
    from engine.service import renewal

    first = world.in_review(rating=3)
    world.verdict(first, "SG-01")
    _decide(world, first)
    renewed = renewal.renew_assessment(world.alpha_member, world.db, first)
    with pytest.raises(IllegalTransition, match=f"already followed by {renewed.id}"):
        renewal.renew_assessment(world.alpha_member, world.db, first)
