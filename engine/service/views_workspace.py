"""Read models for the organisation's pages: applicability with reasons, a score preview of
typed (unsaved) answers, the blockers before submitting, and the reviewer's change requests.

Nothing here writes; every function checks access first, like the rest of the service.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from engine.models.assessment import Response
from engine.models.bundle import ReleaseBundle
from engine.models.profile import OrganisationProfile
from engine.rules import EvaluationError, applicability
from engine.rules.applicability import Applicability
from engine.scoring import AssessmentResult
from engine.service.assessments import (
    Assessment,
    as_document,
    checked_row,
    load_assessment,
)
from engine.service.errors import ScoringFailed
from engine.service.organisations import get_organisation
from engine.service.principals import Principal
from engine.service.releases import list_releases, release_bundle
from engine.service.scoring_rules import SUBMISSION_BLOCKERS, score
from engine.storage import Database, records

__all__ = [
    "SUBMISSION_BLOCKERS",
    "Blocker",
    "ChangeRequest",
    "applicability_for",
    "blockers",
    "change_requests",
    "preview",
    "profile_applicability",
]


@dataclass(frozen=True)
class Blocker:
    """Something that stops a submission: where it is and what to do."""

    code: str
    requirement_id: str | None
    message: str


@dataclass(frozen=True)
class ChangeRequest:
    at: datetime
    by: str
    reason: str


def applicability_for(bundle: ReleaseBundle, profile: OrganisationProfile) -> Applicability:
    try:
        return applicability(bundle, profile)
    except EvaluationError as error:
        raise ScoringFailed(error.problem.message, error.problem.field) from None


def profile_applicability(
    principal: Principal, db: Database, org_id: str, release_version: str | None = None
) -> tuple[ReleaseBundle, Applicability] | None:
    """Which standards of a release (default: the newest) apply to the organisation, and why.
    None when no release is registered."""
    organisation = get_organisation(principal, db, org_id)
    versions = [r.version for r in list_releases(db)]
    version = release_version or (versions[-1] if versions else None)
    if version is None:
        return None
    bundle = release_bundle(db, version)
    return bundle, applicability_for(bundle, organisation.profile)


def preview(
    principal: Principal,
    db: Database,
    assessment_id: str,
    typed: Mapping[str, Response | None] | None = None,
) -> AssessmentResult:
    """The engine's result for the saved answers, with `typed` answers put in their place
    (None removes one). Nothing is stored."""
    with db.read() as cursor:
        checked_row(cursor, principal, assessment_id, "assessment.read")
        assessment = load_assessment(cursor, assessment_id)
        profile = as_document(cursor, assessment).profile
    responses = dict(assessment.responses)
    for requirement_id, response in (typed or {}).items():
        if response is None:
            responses.pop(requirement_id, None)
        else:
            kept = assessment.responses.get(requirement_id)
            evidence = kept.evidence if kept else []
            responses[requirement_id] = response.model_copy(update={"evidence": evidence})
    bundle = release_bundle(db, assessment.release_version)
    return score(bundle, profile, responses)


def blockers(principal: Principal, db: Database, assessment_id: str) -> list[Blocker]:
    """Everything that must be settled before submitting: carried-over answers to confirm,
    findings that make the submission incomplete, and unanswered applicable requirements."""
    assessment = _assessment(principal, db, assessment_id)
    result = preview(principal, db, assessment_id)
    found = [
        Blocker("confirm", rid, f"{rid}: confirm or change the carried-over answer")
        for rid in assessment.needs_reconfirmation
    ]
    found += [
        Blocker(f.code, f.location.requirement_id, f.message)
        for f in result.findings
        if f.code in SUBMISSION_BLOCKERS
    ]
    found += [
        Blocker("unanswered", r.requirement_id, f"{r.requirement_id}: not answered yet")
        for r in result.requirements
        if r.applicable and r.answer == "unanswered"
    ]
    return found


def _assessment(principal: Principal, db: Database, assessment_id: str) -> Assessment:
    with db.read() as cursor:
        checked_row(cursor, principal, assessment_id, "assessment.read")
        return load_assessment(cursor, assessment_id)


def change_requests(principal: Principal, db: Database, assessment_id: str) -> list[ChangeRequest]:
    """What reviewers asked the organisation to change, newest first."""
    with db.read() as cursor:
        checked_row(cursor, principal, assessment_id, "assessment.read")
        found = records.rows(
            cursor,
            "SELECT logged_at, actor, payload_json FROM audit_log "
            "WHERE entity = 'assessment' AND entity_id = ? AND action = 'review.request_changes' "
            "ORDER BY seq DESC",
            [assessment_id],
        )
    return [
        ChangeRequest(r["logged_at"], r["actor"], json.loads(r["payload_json"]).get("reason", ""))
        for r in found
    ]
