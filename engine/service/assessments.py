"""Self-assessments: started against a pinned release and profile version, answered, submitted.

Edits use optimistic locking on the assessment's row version: a save made on a stale copy is
refused with ConflictError instead of silently overwriting someone else's answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from engine.models.assessment import (
    EvidenceReference,
    FileEvidence,
    LinkEvidence,
    OrganisationRef,
    Response,
    SelfAssessment,
)
from engine.service import clock
from engine.service.access import require
from engine.service.errors import InvalidInput
from engine.service.lifecycle import assessment_step, require_editable
from engine.service.organisations import load_organisation, load_profile
from engine.service.principals import Principal
from engine.service.recording import record
from engine.service.release_transition import release_for_new_assessment
from engine.service.releases import release_bundle
from engine.service.scoring_rules import SUBMISSION_BLOCKERS, score
from engine.service.succession import check_previous, refuse_beside_open, refuse_superseded
from engine.service.targets import assessment_target, org_target, row_for
from engine.service.verdict_rounds import changed_answers, close_verdicts
from engine.storage import Database, records
from engine.wording import first_few


@dataclass(frozen=True)
class Assessment:
    id: str
    org_id: str
    release_version: str
    profile_version: int
    state: str
    row_version: int
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    previous_assessment_id: str | None
    responses: dict[str, Response] = field(default_factory=dict)

    @property
    def needs_reconfirmation(self) -> list[str]:
        return sorted(k for k, r in self.responses.items() if r.needs_reconfirmation)


def evidence_reference(row: records.Row) -> EvidenceReference:
    """An evidence row as the answer refers to it."""
    if row["kind"] == "link":
        return LinkEvidence(type="link", title=row["title"], url=row["url"])
    return FileEvidence(
        type="file", title=row["title"], filename=row["filename"], sha256=row["sha256"]
    )


def _response(row: records.Row, evidence: list[EvidenceReference]) -> Response:
    return Response(
        rating=row["rating"],
        not_applicable=bool(row["not_applicable"]),
        na_reason=row["na_reason"],
        comment=row["comment"],
        needs_reconfirmation=bool(row["needs_reconfirmation"]),
        evidence=evidence,
    )


def _responses(cursor: records.Cursor, assessment_id: str) -> dict[str, Response]:
    match = {"assessment_id": assessment_id}
    evidence: dict[str, list[EvidenceReference]] = {}
    for row in records.find(cursor, "evidence", match, order_by="id"):
        evidence.setdefault(row["requirement_id"], []).append(evidence_reference(row))
    return {
        a["requirement_id"]: _response(a, evidence.get(a["requirement_id"], []))
        for a in records.find(cursor, "responses", match)
    }


def load_assessment(cursor: records.Cursor, assessment_id: str) -> Assessment:
    """Without an access check: for service modules that check themselves."""
    row = records.get(cursor, "assessments", {"id": assessment_id})
    return Assessment(
        id=row["id"],
        org_id=row["org_id"],
        release_version=row["release_version"],
        profile_version=int(row["profile_version"]),
        state=row["state"],
        row_version=int(row["row_version"]),
        created_at=row["created_at"],
        submitted_at=row["submitted_at"],
        decided_at=row["decided_at"],
        previous_assessment_id=row["previous_assessment_id"],
        responses=_responses(cursor, assessment_id),
    )


def checked_row(
    cursor: records.Cursor, principal: Principal, assessment_id: str, action: str
) -> records.Row:
    row = row_for(cursor, principal, "assessments", {"id": assessment_id}, action)
    require(principal, action, assessment_target(cursor, principal, row))
    return row


def get_assessment(principal: Principal, db: Database, assessment_id: str) -> Assessment:
    with db.read() as cursor:
        checked_row(cursor, principal, assessment_id, "assessment.read")
        return load_assessment(cursor, assessment_id)


def list_assessments(principal: Principal, db: Database, org_id: str) -> list[Assessment]:
    with db.read() as cursor:
        require(principal, "assessment.read", org_target(cursor, principal, org_id))
        rows = records.find(cursor, "assessments", {"org_id": org_id}, order_by="created_at")
        return [load_assessment(cursor, r["id"]) for r in rows]


def _new_id(cursor: records.Cursor, org_id: str) -> str:
    return f"{org_id}-{records.count(cursor, 'assessments', {'org_id': org_id}) + 1:03d}"


def start_assessment(
    principal: Principal,
    db: Database,
    org_id: str,
    release_version: str | None = None,
    previous_assessment_id: str | None = None,
) -> Assessment:
    """A new draft pinned to the release and to the organisation's current profile version.

    Without a release named, the release in effect today; a named release outside its
    transition window (or closed) is refused with a typed ReleaseUnavailable.
    """
    with db.read() as cursor:
        require(principal, "assessment.start", org_target(cursor, principal, org_id))
    release_version = release_for_new_assessment(db, release_version, clock.today())
    with db.transaction() as cursor:
        assessment_id = insert_draft(
            cursor, principal, org_id, release_version, previous_assessment_id
        )
        return load_assessment(cursor, assessment_id)


def insert_draft(
    cursor: records.Cursor,
    principal: Principal,
    org_id: str,
    release_version: str,
    previous_assessment_id: str | None = None,
) -> str:
    """The new draft's row and audit entry, inside the caller's transaction (access and the
    release checked by the caller); its id."""
    if previous_assessment_id:
        check_previous(cursor, org_id, previous_assessment_id)
    refuse_beside_open(cursor, org_id, previous_assessment_id)
    assessment_id = _insert_draft(cursor, principal, org_id, release_version)
    if previous_assessment_id:
        records.update(
            cursor,
            "assessments",
            {"id": assessment_id},
            {"previous_assessment_id": previous_assessment_id},
        )
    payload = {"release": release_version, "previous": previous_assessment_id}
    record(cursor, principal, "assessment.start", ("assessment", assessment_id, org_id), payload)
    return assessment_id


def _insert_draft(
    cursor: records.Cursor, principal: Principal, org_id: str, release_version: str
) -> str:
    organisation = load_organisation(cursor, org_id)
    assessment_id = _new_id(cursor, org_id)
    moment = clock.now()
    records.insert(
        cursor,
        "assessments",
        {
            "id": assessment_id,
            "org_id": org_id,
            "release_version": release_version,
            "profile_version": organisation.profile_version,
            "state": "draft",
            "created_at": moment,
            "created_by": principal.user_id,
            "updated_at": moment,
        },
    )
    return assessment_id


def _check_requirements(db: Database, release_version: str, ids: list[str]) -> None:
    known = set(release_bundle(db, release_version).requirement_ids())
    unknown = sorted(set(ids) - known)
    if unknown:
        raise InvalidInput(
            f"release {release_version} has no requirement {', '.join(unknown)}", "responses"
        )


def _response_row(
    assessment_id: str, requirement_id: str, response: Response, by: str, confirm: bool
) -> records.Row:
    return {
        "assessment_id": assessment_id,
        "requirement_id": requirement_id,
        "rating": response.rating,
        "not_applicable": response.not_applicable,
        "na_reason": response.na_reason,
        "comment": response.comment,
        "needs_reconfirmation": response.needs_reconfirmation and not confirm,
        "updated_at": clock.now(),
        "updated_by": by,
    }


def touch(cursor: records.Cursor, assessment_id: str, expected_version: int) -> None:
    """Move the self-assessment's row version on for a change that leaves its state as it is
    (answers saved, a verdict recorded): ConflictError if someone changed it since
    `expected_version`."""
    records.update_versioned(
        cursor, "assessments", {"id": assessment_id}, expected_version, {"updated_at": clock.now()}
    )


def save_responses(
    principal: Principal,
    db: Database,
    assessment_id: str,
    responses: Mapping[str, Response | None],
    expected_version: int,
) -> Assessment:
    """Save answers (None removes one) in one transaction. Saving an answer confirms it; a
    changed answer closes the reviewer's verdict on it (`verdict_rounds`)."""
    with db.read() as cursor:
        row = checked_row(cursor, principal, assessment_id, "assessment.edit")
    _check_requirements(db, row["release_version"], list(responses))
    with db.transaction() as cursor:
        row = checked_row(cursor, principal, assessment_id, "assessment.edit")
        require_editable(row["state"])
        refuse_superseded(cursor, row)
        touch(cursor, assessment_id, expected_version)
        close_verdicts(cursor, principal, row, changed_answers(cursor, assessment_id, responses))
        cursor.execute(
            "DELETE FROM responses WHERE assessment_id = ? AND list_contains(?, requirement_id)",
            [assessment_id, list(responses)],
        )
        new_rows = [
            _response_row(assessment_id, rid, response, principal.user_id, True)
            for rid, response in responses.items()
            if response is not None
        ]
        records.insert_many(cursor, "responses", new_rows)
        payload = {
            k: (v.model_dump(mode="json", exclude={"evidence"}) if v else None)
            for k, v in responses.items()
        }
        record(
            cursor,
            principal,
            "assessment.save",
            ("assessment", assessment_id, row["org_id"]),
            payload,
        )
        return load_assessment(cursor, assessment_id)


def submit_assessment(
    principal: Principal, db: Database, assessment_id: str, expected_version: int
) -> Assessment:
    """Submit for review. Every carried-over answer must have been confirmed first, every
    applicable requirement answered (rated, or marked not applicable with its reason), and no
    answer may break the policy's rules (SUBMISSION_BLOCKERS: evidence, N/A, the scale)."""
    with db.transaction() as cursor:
        row = checked_row(cursor, principal, assessment_id, "assessment.submit")
        state = assessment_step(row["state"], "submit")
        refuse_superseded(cursor, row)
        assessment = load_assessment(cursor, assessment_id)
        pending = assessment.needs_reconfirmation
        if pending:
            raise InvalidInput(
                f"confirm or change the carried-over answers first: {', '.join(pending)}",
                "responses",
            )
        _refuse_blocking_answers(db, cursor, assessment)
        records.update_versioned(
            cursor,
            "assessments",
            {"id": assessment_id},
            expected_version,
            {"state": state, "submitted_at": clock.now(), "updated_at": clock.now()},
        )
        record(cursor, principal, "assessment.submit", ("assessment", assessment_id, row["org_id"]))
        return load_assessment(cursor, assessment_id)


def as_document(cursor: records.Cursor, assessment: Assessment) -> SelfAssessment:
    """The self-assessment as the document the engine scores."""
    org = records.get(cursor, "organisations", {"id": assessment.org_id})
    return SelfAssessment(
        kind="self_assessment",
        schema_version=1,
        organisation=OrganisationRef(id=assessment.org_id, name=org["name"]),
        release=assessment.release_version,
        profile=load_profile(cursor, assessment.org_id, assessment.profile_version),
        responses=assessment.responses,
    )


def _refuse_blocking_answers(db: Database, cursor: records.Cursor, assessment: Assessment) -> None:
    document = as_document(cursor, assessment)
    bundle = release_bundle(db, assessment.release_version)
    result = score(bundle, document.profile, document.responses)
    blocking = [f.message.rstrip(".") for f in result.findings if f.code in SUBMISSION_BLOCKERS]
    unanswered = [
        r.requirement_id for r in result.requirements if r.applicable and r.answer == "unanswered"
    ]
    if unanswered:
        blocking.append(f"not answered yet: {first_few(unanswered, 10)}")
    if blocking:
        shown = "; ".join(blocking[:5])
        more = f" (and {len(blocking) - 5} more)" if len(blocking) > 5 else ""
        raise InvalidInput(f"settle these answers before submitting: {shown}{more}", "responses")
