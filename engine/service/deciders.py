"""The decider of a self-assessment: assigned by an administrator, as its reviewers are.

Reviewers see only what they are assigned (DESIGN.md section 6), the one who takes the
certification decision included: a self-assessment has at most one decider, an active
reviewer who is not of the organisation, has declared no conflict with it and, when the policy
asks for an independent decision, is not one of its reviewers. Assigning another replaces the
first (both are in the audit log). Administrators may decide without being assigned.
"""

from __future__ import annotations

from engine.service import clock
from engine.service.access import require
from engine.service.assessments import checked_row
from engine.service.errors import ConflictOfInterest, InvalidInput
from engine.service.principals import Principal
from engine.service.recording import record
from engine.service.reviews import independent_decision, refuse_closed, refuse_conflicts
from engine.service.targets import assigned_decider, assigned_reviewers
from engine.storage import Database, records


def assign_decider(principal: Principal, db: Database, assessment_id: str, decider_id: str) -> None:
    with db.read() as cursor:
        row = checked_row(cursor, principal, assessment_id, "assessment.read")
    independent = independent_decision(db, row["release_version"])
    with db.transaction() as cursor:
        row = checked_row(cursor, principal, assessment_id, "assessment.read")
        require(principal, "review.assign")
        refuse_closed(row, "deciders")
        refuse_conflicts(cursor, decider_id, row["org_id"], "decide on", "decider_id")
        if independent and decider_id in assigned_reviewers(cursor, assessment_id):
            raise ConflictOfInterest(
                f"{decider_id} reviews {assessment_id}; the policy wants the decision taken by "
                "someone who did not review it",
                "decider_id",
            )
        previous = assigned_decider(cursor, assessment_id)
        if previous == decider_id:
            raise InvalidInput(f"{decider_id} already decides on {assessment_id}", "decider_id")
        cursor.execute("DELETE FROM decider_assignments WHERE assessment_id = ?", [assessment_id])
        records.insert(
            cursor,
            "decider_assignments",
            {
                "assessment_id": assessment_id,
                "decider_id": decider_id,
                "assigned_at": clock.now(),
                "assigned_by": principal.user_id,
            },
        )
        payload = {"decider": decider_id, "replaces": previous}
        subject = ("assessment", assessment_id, row["org_id"])
        record(cursor, principal, "decision.assign", subject, payload)
