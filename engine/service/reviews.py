"""Reviews: assigning reviewers (never to their own organisation or a declared conflict),
starting the review, a verdict per requirement, and returning a self-assessment for changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from engine.service import clock
from engine.service.access import require
from engine.service.assessments import checked_row, touch
from engine.service.errors import ConflictOfInterest, IllegalTransition, InvalidInput
from engine.service.lifecycle import assessment_step
from engine.service.principals import Principal
from engine.service.reasons import check_optional_reason, check_reason
from engine.service.recording import record
from engine.service.releases import release_bundle
from engine.service.targets import assigned_decider, assigned_reviewers, is_conflicted
from engine.storage import Database, records

VerdictKind = Literal["agree", "adjust"]
VERDICTS: tuple[VerdictKind, ...] = get_args(VerdictKind)
ASSIGNABLE_STATES = frozenset({"submitted", "in_review"})


@dataclass(frozen=True)
class Verdict:
    requirement_id: str
    reviewer_id: str
    verdict: VerdictKind
    adjusted_rating: int | None
    reason: str | None


def refuse_conflicts(
    cursor: records.Cursor,
    reviewer_id: str,
    org_id: str,
    task: str = "review",
    location: str = "reviewer_id",
) -> None:
    """An active reviewer, not of the organisation and without a declared conflict with it;
    else the refusal (`task`: review, or decide on)."""
    reviewer = records.get(cursor, "users", {"id": reviewer_id})
    if reviewer["role"] != "reviewer" or not reviewer["active"]:
        raise InvalidInput(f"{reviewer_id} is not an active reviewer", location)
    if reviewer["org_id"] == org_id:
        raise ConflictOfInterest(
            f"{reviewer_id} belongs to {org_id} and cannot {task} it", location
        )
    if is_conflicted(cursor, reviewer_id, org_id):
        raise ConflictOfInterest(
            f"{reviewer_id} has declared a conflict of interest with {org_id}", location
        )


def refuse_closed(row: records.Row, who: str) -> None:
    """People are assigned to self-assessments that are submitted or in review."""
    if row["state"] not in ASSIGNABLE_STATES:
        raise IllegalTransition(
            f"{who} are assigned to submitted self-assessments; this one is "
            f"{row['state'].replace('_', ' ')}",
            "self-assessment." + row["state"],
        )


def independent_decision(db: Database, release_version: str) -> bool:
    """Whether the policy of the self-assessment's release wants the decision taken by someone
    who did not review it."""
    return release_bundle(db, release_version).policy.review.independent_decision


def assign_reviewer(
    principal: Principal, db: Database, assessment_id: str, reviewer_id: str
) -> None:
    with db.read() as cursor:
        found = checked_row(cursor, principal, assessment_id, "assessment.read")
    independent = independent_decision(db, found["release_version"])
    with db.transaction() as cursor:
        row = checked_row(cursor, principal, assessment_id, "assessment.read")
        require(principal, "review.assign")
        refuse_closed(row, "reviewers")
        refuse_conflicts(cursor, reviewer_id, row["org_id"])
        if reviewer_id in assigned_reviewers(cursor, assessment_id):
            raise InvalidInput(
                f"{reviewer_id} is already assigned to {assessment_id}", "reviewer_id"
            )
        if independent and reviewer_id == assigned_decider(cursor, assessment_id):
            raise ConflictOfInterest(
                f"{reviewer_id} takes the decision on {assessment_id}, which someone who did "
                "not review it takes: choose another reviewer, or another decider first",
                "reviewer_id",
            )
        records.insert(
            cursor,
            "review_assignments",
            {
                "assessment_id": assessment_id,
                "reviewer_id": reviewer_id,
                "assigned_at": clock.now(),
                "assigned_by": principal.user_id,
            },
        )
        subject = ("assessment", assessment_id, row["org_id"])
        record(cursor, principal, "review.assign", subject, {"reviewer": reviewer_id})


def _step(
    principal: Principal,
    db: Database,
    assessment_id: str,
    expected_version: int,
    *,
    step: str,
    payload: dict[str, str],
) -> None:
    with db.transaction() as cursor:
        row = checked_row(cursor, principal, assessment_id, "review.conduct")
        state = assessment_step(row["state"], step)
        records.update_versioned(
            cursor,
            "assessments",
            {"id": assessment_id},
            expected_version,
            {"state": state, "updated_at": clock.now()},
        )
        subject = ("assessment", assessment_id, row["org_id"])
        record(cursor, principal, f"review.{step}", subject, payload)


def start_review(
    principal: Principal, db: Database, assessment_id: str, expected_version: int
) -> None:
    _step(principal, db, assessment_id, expected_version, step="start_review", payload={})


def request_changes(
    principal: Principal, db: Database, assessment_id: str, expected_version: int, reason: str
) -> None:
    """Return the self-assessment to the organisation; the reason is kept in the audit log.
    The verdicts stay: each is closed when the organisation changes its answer
    (`verdict_rounds`)."""
    check_reason(reason, "say what needs to change")
    _step(
        principal,
        db,
        assessment_id,
        expected_version,
        step="request_changes",
        payload={"reason": reason},
    )


def _check_verdict(
    db: Database,
    release: str,
    requirement_id: str,
    *,
    verdict: str,
    rating: int | None,
    reason: str | None,
) -> None:
    bundle = release_bundle(db, release)
    if bundle.requirement(requirement_id) is None:
        raise InvalidInput(
            f"release {release} has no requirement {requirement_id}", "requirement_id"
        )
    if verdict not in VERDICTS:
        raise InvalidInput(f"a verdict is one of {', '.join(VERDICTS)}", "verdict")
    scale = {level.value for level in bundle.policy.rating_scale.levels}
    whole = isinstance(rating, int) and not isinstance(rating, bool)
    if verdict == "adjust" and (not whole or rating not in scale or not (reason or "").strip()):
        raise InvalidInput(
            "adjusting a rating needs a rating on the scale and a reason", "adjusted_rating"
        )
    if verdict == "agree" and rating is not None:
        raise InvalidInput(
            "agreeing keeps the organisation's rating; to give another, adjust it", "verdict"
        )
    check_optional_reason(reason, "reason")


def record_verdict(
    principal: Principal,
    db: Database,
    assessment_id: str,
    requirement_id: str,
    verdict: VerdictKind,
    *,
    expected_version: int,
    adjusted_rating: int | None = None,
    reason: str | None = None,
) -> Verdict:
    """Agree with the organisation's rating, or adjust it with a reason. A verdict changes
    what the decision rests on, so it is locked like any step (`expected_version`, the
    self-assessment's row version as the reviewer saw it) and moves the row version on: a
    second reviewer or a decider working from an older page is told to reload."""
    with db.read() as cursor:
        row = checked_row(cursor, principal, assessment_id, "review.conduct")
    _check_verdict(
        db,
        row["release_version"],
        requirement_id,
        verdict=verdict,
        rating=adjusted_rating,
        reason=reason,
    )
    rating = adjusted_rating if verdict == "adjust" else None
    with db.transaction() as cursor:
        row = checked_row(cursor, principal, assessment_id, "review.conduct")
        if row["state"] != "in_review":
            raise IllegalTransition(
                "verdicts are recorded while the review is in progress",
                "self-assessment." + row["state"],
            )
        touch(cursor, assessment_id, expected_version)
        match = {"assessment_id": assessment_id, "requirement_id": requirement_id}
        cursor.execute(
            "DELETE FROM review_verdicts WHERE assessment_id = ? AND requirement_id = ?",
            [assessment_id, requirement_id],
        )
        records.insert(
            cursor,
            "review_verdicts",
            {
                **match,
                "reviewer_id": principal.user_id,
                "verdict": verdict,
                "adjusted_rating": rating,
                "reason": reason,
                "recorded_at": clock.now(),
            },
        )
        payload = {
            "requirement": requirement_id,
            "verdict": verdict,
            "rating": rating,
            "reason": reason,
        }
        record(
            cursor,
            principal,
            "review.verdict",
            ("assessment", assessment_id, row["org_id"]),
            payload,
        )
    return Verdict(requirement_id, principal.user_id, verdict, rating, reason)


def load_verdicts(cursor: records.Cursor, assessment_id: str) -> list[Verdict]:
    found = records.find(
        cursor, "review_verdicts", {"assessment_id": assessment_id}, order_by="requirement_id"
    )
    return [
        Verdict(
            r["requirement_id"], r["reviewer_id"], r["verdict"], r["adjusted_rating"], r["reason"]
        )
        for r in found
    ]


def list_verdicts(principal: Principal, db: Database, assessment_id: str) -> list[Verdict]:
    with db.read() as cursor:
        checked_row(cursor, principal, assessment_id, "assessment.read")
        return load_verdicts(cursor, assessment_id)
