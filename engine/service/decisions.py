"""The certification decision: the engine scores the reviewed answers (a machine judgement),
a person other than the reviewer decides (a human judgement), both are kept.

Re-scoring appends a new engine result and never changes a decision or an earlier result.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from engine.models.assessment import Response
from engine.models.bundle import ReleaseBundle
from engine.models.policy import Outcome
from engine.models.profile import OrganisationProfile
from engine.scoring import AssessmentResult, ImprovementAction, improvement_plan
from engine.service import clock
from engine.service.access import require
from engine.service.assessments import (
    Assessment,
    as_document,
    checked_row,
    load_assessment,
)
from engine.service.certificates import CERTIFIED_OUTCOMES, issue_certificate
from engine.service.decision_rules import refuse_verdicts_of_the_ineligible, validity_months
from engine.service.errors import ConflictError, IllegalTransition, InvalidInput
from engine.service.lifecycle import assessment_step
from engine.service.principals import Principal
from engine.service.reasons import check_optional_reason, check_reason
from engine.service.recording import record
from engine.service.releases import release_bundle
from engine.service.reviews import Verdict, load_verdicts
from engine.service.scoring_rules import score
from engine.service.targets import assessment_target, row_for
from engine.storage import Database, records

OUTCOMES: tuple[Outcome, ...] = ("accredited", "conditionally_accredited", "not_accredited")


@dataclass(frozen=True)
class DecisionRecord:
    id: str
    assessment_id: str
    machine_outcome: str
    outcome: str
    rationale: str | None
    decided_by: str
    certificate_number: str | None
    engine_result: dict[str, Any]


def reviewed_responses(
    responses: Mapping[str, Response], verdicts: list[Verdict]
) -> dict[str, Response]:
    """The organisation's answers with every rating the reviewer adjusted put in its place."""
    reviewed = dict(responses)
    for verdict in verdicts:
        if verdict.verdict == "adjust":
            base = reviewed.get(verdict.requirement_id) or Response()
            update = {"rating": verdict.adjusted_rating, "not_applicable": False, "na_reason": None}
            reviewed[verdict.requirement_id] = base.model_copy(update=update)
    return reviewed


def store_result(
    cursor: records.Cursor,
    assessment: Assessment,
    result: AssessmentResult,
    *,
    basis: str,
    implemented_at: int,
) -> str:
    """Append the engine result (and per-standard figures for the board). Never overwrites."""
    match = {"assessment_id": assessment.id}
    result_id = f"{assessment.id}-r{records.count(cursor, 'engine_results', match) + 1}"
    records.insert(
        cursor,
        "engine_results",
        {
            "id": result_id,
            "assessment_id": assessment.id,
            "basis": basis,
            "outcome": result.decision.outcome,
            "overall_score": result.overall_score,
            "result_json": result.model_dump_json(),
            "engine_version": result.engine_version,
            "policy_version": result.policy_version,
            "release_version": result.release_version,
            "scored_at": clock.now(),
        },
    )
    for standard in (s for s in result.standards if s.applicable):
        scored = [
            r
            for r in result.requirements
            if r.standard_id == standard.standard_id and r.applicable and r.score is not None
        ]
        meets = standard.score is not None and all(
            (r.rating or 0) >= implemented_at for r in scored
        )
        records.insert(
            cursor,
            "standard_results",
            {
                "engine_result_id": result_id,
                "assessment_id": assessment.id,
                "org_id": assessment.org_id,
                "standard_id": standard.standard_id,
                "score": standard.score,
                "meets": meets,
            },
        )
    return result_id


@dataclass(frozen=True)
class _Basis:
    """What the decision is taken on: checked again inside the decision's transaction."""

    bundle: ReleaseBundle
    assessment: Assessment
    verdicts: list[Verdict]
    profile: OrganisationProfile
    reviewed: dict[str, Response]
    result: AssessmentResult


def _prepare(principal: Principal, db: Database, assessment_id: str) -> _Basis:
    with db.read() as cursor:
        row = row_for(cursor, principal, "assessments", {"id": assessment_id}, "decision.make")
    bundle = release_bundle(db, row["release_version"])
    independent = bundle.policy.review.independent_decision
    with db.read() as cursor:
        require(principal, "decision.make", assessment_target(cursor, principal, row, independent))
        assessment_step(row["state"], "decide")
        assessment = load_assessment(cursor, assessment_id)
        profile = as_document(cursor, assessment).profile
        verdicts = load_verdicts(cursor, assessment_id)
        refuse_verdicts_of_the_ineligible(cursor, verdicts, row["org_id"])
    if not verdicts:
        raise IllegalTransition(
            "the reviewer has recorded no verdict yet: a decision rests on the review, so "
            "wait for the reviewer's verdicts (agree or adjust) on the answers",
            "self-assessment.in_review",
        )
    reviewed = reviewed_responses(assessment.responses, verdicts)
    result = score(bundle, profile, reviewed)
    return _Basis(bundle, assessment, verdicts, profile, reviewed, result)


def _conditions(basis: _Basis, final: str) -> tuple[ImprovementAction, ...]:
    """The improvement actions that the decided outcome comes with: those of its band's
    improvement plan (none when the band has none, e.g. accredited or not accredited), worked
    out afresh when the decider departs from the engine's outcome."""
    policy, result = basis.bundle.policy, basis.result
    band = next((b for b in policy.decision_bands if b.outcome == final), None)
    if band is None or band.improvement_plan_due_days is None:
        return ()
    if final == result.decision.outcome:
        return result.decision.improvement_actions
    due = clock.today() + timedelta(days=band.improvement_plan_due_days)
    actions = improvement_plan(basis.bundle, basis.profile, basis.reviewed, due=due)
    if not actions:
        raise InvalidInput(
            f"{final.replace('_', ' ')} needs conditions, and after the review no requirement "
            "is below 'implemented': adjust the ratings that the conditions are about, or "
            "decide another outcome",
            "outcome",
        )
    return actions


def _still_current(cursor: records.Cursor, basis: _Basis) -> None:
    if load_verdicts(cursor, basis.assessment.id) != basis.verdicts:
        raise ConflictError(
            "the reviewer changed a verdict while the decision was being prepared; reload it"
        )


def decide(
    principal: Principal,
    db: Database,
    assessment_id: str,
    expected_version: int,
    *,
    outcome: Outcome | None = None,
    rationale: str | None = None,
) -> DecisionRecord:
    """Take the certification decision; an outcome other than the engine's needs a rationale."""
    basis = _prepare(principal, db, assessment_id)
    bundle, assessment, result = basis.bundle, basis.assessment, basis.result
    final = outcome or result.decision.outcome
    if final not in OUTCOMES:
        raise InvalidInput(f"an outcome is one of {', '.join(OUTCOMES)}", "outcome")
    if final != result.decision.outcome:
        missing = f"the engine's outcome is {result.decision.outcome}; give the rationale for "
        check_reason(rationale, f"{missing}deciding {final}", "rationale")
    check_optional_reason(rationale, "rationale")
    validity = validity_months(bundle.policy, final, result)
    if final in CERTIFIED_OUTCOMES and validity is None:
        raise InvalidInput(f"the policy gives no certificate validity for {final}", "outcome")
    conditions = _conditions(basis, final)
    with db.transaction() as cursor:
        row = row_for(cursor, principal, "assessments", {"id": assessment_id}, "decision.make")
        independent = bundle.policy.review.independent_decision
        require(principal, "decision.make", assessment_target(cursor, principal, row, independent))
        state = assessment_step(row["state"], "decide")
        _still_current(cursor, basis)
        moment = clock.now()
        records.update_versioned(
            cursor,
            "assessments",
            {"id": assessment_id},
            expected_version,
            {"state": state, "decided_at": moment, "updated_at": moment},
        )
        implemented_at = bundle.policy.rating_scale.implemented_at
        result_id = store_result(
            cursor, assessment, result, basis="reviewed", implemented_at=implemented_at
        )
        decision: records.Row = {
            "id": f"{assessment_id}-d",
            "assessment_id": assessment_id,
            "org_id": assessment.org_id,
            "engine_result_id": result_id,
            "machine_outcome": result.decision.outcome,
            "outcome": final,
            "rationale": rationale,
            "decided_by": principal.user_id,
            "decided_at": moment,
        }
        records.insert(cursor, "decisions", decision)
        payload = {k: decision[k] for k in ("machine_outcome", "outcome", "rationale")}
        record(
            cursor,
            principal,
            "decision.take",
            ("assessment", assessment_id, assessment.org_id),
            payload,
        )
        number = None
        if final in CERTIFIED_OUTCOMES and validity is not None:
            number = issue_certificate(cursor, principal, decision, validity)
        _add_actions(cursor, principal, assessment, conditions)
    return DecisionRecord(
        f"{assessment_id}-d",
        assessment_id,
        result.decision.outcome,
        final,
        rationale,
        principal.user_id,
        number,
        json.loads(result.model_dump_json()),
    )


def _add_actions(
    cursor: records.Cursor,
    principal: Principal,
    assessment: Assessment,
    actions: tuple[ImprovementAction, ...],
) -> None:
    for index, action in enumerate(actions, start=1):
        action_id = f"{assessment.id}-a{index:02d}"
        records.insert(
            cursor,
            "improvement_actions",
            {
                "id": action_id,
                "assessment_id": assessment.id,
                "org_id": assessment.org_id,
                "requirement_id": action.requirement_id,
                "description": action.text,
                "due_on": action.due,
                "status": "open",
                "created_at": clock.now(),
            },
        )
        subject = ("improvement_action", action_id, assessment.org_id)
        record(cursor, principal, "action.create", subject, {"due": action.due.isoformat()})


def get_decision(principal: Principal, db: Database, assessment_id: str) -> DecisionRecord | None:
    with db.read() as cursor:
        checked_row(cursor, principal, assessment_id, "assessment.read")
        found = records.find(cursor, "decisions", {"assessment_id": assessment_id})
        if not found:
            return None
        row = found[0]
        result = records.get(cursor, "engine_results", {"id": row["engine_result_id"]})
        certificates = records.find(cursor, "certificates", {"decision_id": row["id"]})
    return DecisionRecord(
        row["id"],
        assessment_id,
        row["machine_outcome"],
        row["outcome"],
        row["rationale"],
        row["decided_by"],
        certificates[0]["number"] if certificates else None,
        json.loads(result["result_json"]),
    )
