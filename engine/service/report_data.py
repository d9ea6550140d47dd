"""What a report or an OSCAL export of a self-assessment shows, read from the record.

A decided self-assessment shows its decision as recorded: the result it rests on, the outcome
taken, the certificate issued (its number, status and expiry) and the improvement actions
recorded, which may differ from the engine's when the decider took another outcome. An
undecided one shows the engine's provisional result on its current, reviewed answers.
"""

from __future__ import annotations

from engine.reports.data import ActionFacts, DecisionFacts, ReportData
from engine.scoring import AssessmentResult
from engine.service import clock
from engine.service.assessments import as_document, load_assessment
from engine.service.certificates import status_of
from engine.service.decisions import reviewed_responses
from engine.service.releases import release_bundle
from engine.service.reviews import load_verdicts
from engine.service.scoring_rules import score
from engine.storage import Database, records


def _actions(cursor: records.Cursor, assessment_id: str) -> tuple[ActionFacts, ...]:
    found = records.find(
        cursor, "improvement_actions", {"assessment_id": assessment_id}, order_by="id"
    )
    return tuple(ActionFacts(a["requirement_id"], a["description"], a["due_on"]) for a in found)


def _decision_facts(cursor: records.Cursor, assessment_id: str) -> tuple[DecisionFacts, str] | None:
    found = records.find(cursor, "decisions", {"assessment_id": assessment_id})
    if not found:
        return None
    row = found[0]
    issued = records.find(cursor, "certificates", {"decision_id": row["id"]})
    certificate = issued[0] if issued else None
    facts = DecisionFacts(
        machine_outcome=row["machine_outcome"],
        outcome=row["outcome"],
        rationale=row["rationale"],
        decided_by=row["decided_by"],
        decided_on=row["decided_at"].date(),
        certificate_number=certificate["number"] if certificate else None,
        certificate_status=status_of(certificate, clock.today()) if certificate else None,
        valid_until=certificate["expires_on"] if certificate else None,
        actions=_actions(cursor, assessment_id),
    )
    return facts, str(row["engine_result_id"])


def report_data(db: Database, assessment_id: str) -> ReportData:
    """Without an access check: the decided result, or the engine's provisional one."""
    with db.read() as cursor:
        assessment = load_assessment(cursor, assessment_id)
        document = as_document(cursor, assessment)
        decided = _decision_facts(cursor, assessment_id)
        stored = (
            records.get(cursor, "engine_results", {"id": decided[1]})["result_json"]
            if decided
            else None
        )
        verdicts = load_verdicts(cursor, assessment_id)
    if stored is not None:
        result = AssessmentResult.model_validate_json(stored)
    else:
        bundle = release_bundle(db, assessment.release_version)
        result = score(bundle, document.profile, reviewed_responses(assessment.responses, verdicts))
    return ReportData(
        org_id=assessment.org_id,
        org_name=document.organisation.name,
        assessment_id=assessment_id,
        state=assessment.state,
        result=result,
        decision=decided[0] if decided else None,
    )
