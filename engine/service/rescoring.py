"""Re-scoring: a new engine result appended beside the old ones; decisions never change."""

from __future__ import annotations

from engine.service.access import require
from engine.service.assessments import as_document, load_assessment
from engine.service.decisions import reviewed_responses, store_result
from engine.service.errors import IllegalTransition
from engine.service.principals import Principal
from engine.service.recording import record
from engine.service.releases import release_bundle
from engine.service.reviews import load_verdicts
from engine.service.scoring_rules import score
from engine.storage import Database


def rescore(principal: Principal, db: Database, assessment_id: str) -> str:
    """Score a decided self-assessment again with this engine; the new engine result's id."""
    require(principal, "release.manage")
    with db.read() as cursor:
        assessment = load_assessment(cursor, assessment_id)
        profile = as_document(cursor, assessment).profile
        verdicts = load_verdicts(cursor, assessment_id)
    if assessment.state != "decided":
        raise IllegalTransition("only decided self-assessments are re-scored", assessment.state)
    bundle = release_bundle(db, assessment.release_version)
    result = score(bundle, profile, reviewed_responses(assessment.responses, verdicts))
    with db.transaction() as cursor:
        result_id = store_result(
            cursor,
            assessment,
            result,
            basis="rescore",
            implemented_at=bundle.policy.rating_scale.implemented_at,
        )
        subject = ("assessment", assessment_id, assessment.org_id)
        payload = {"engine_result": result_id, "outcome": result.decision.outcome}
        record(cursor, principal, "assessment.rescore", subject, payload)
    return result_id
