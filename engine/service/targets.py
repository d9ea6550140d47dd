"""What access rules need to know about an assessment, read in the caller's transaction."""

from __future__ import annotations

from engine.service.access import Target, require
from engine.service.principals import Principal
from engine.storage import records


def assigned_reviewers(cursor: records.Cursor, assessment_id: str) -> frozenset[str]:
    found = records.find(cursor, "review_assignments", {"assessment_id": assessment_id})
    return frozenset(str(r["reviewer_id"]) for r in found)


def assigned_decider(cursor: records.Cursor, assessment_id: str) -> str | None:
    found = records.find(cursor, "decider_assignments", {"assessment_id": assessment_id})
    return str(found[0]["decider_id"]) if found else None


def is_conflicted(cursor: records.Cursor, user_id: str, org_id: str) -> bool:
    match = {"user_id": user_id, "org_id": org_id}
    return records.count(cursor, "conflicts_of_interest", match) > 0


def assessment_target(
    cursor: records.Cursor,
    principal: Principal,
    assessment: records.Row,
    independent_decision: bool = True,
) -> Target:
    org_id = str(assessment["org_id"])
    return Target(
        org_id=org_id,
        reviewers=assigned_reviewers(cursor, str(assessment["id"])),
        decider=assigned_decider(cursor, str(assessment["id"])),
        conflicted=is_conflicted(cursor, principal.user_id, org_id),
        independent_decision=independent_decision,
    )


def org_target(cursor: records.Cursor, principal: Principal, org_id: str) -> Target:
    return Target(org_id=org_id, conflicted=is_conflicted(cursor, principal.user_id, org_id))


_NOBODY = "\x00no organisation"
"""The organisation of a record that does not exist: nobody's, and conflicted for everyone, so
that every rule but an administrator's refuses it as it would another organisation's."""


def row_for(
    cursor: records.Cursor, principal: Principal, table: str, match: records.Row, action: str
) -> records.Row:
    """The row of `table` that `match` names. When there is none, whoever may not `action` an
    arbitrary record is refused as for another organisation's, so that a refusal never tells
    whether a record exists (assessment ids are numbered per organisation)."""
    found = records.find(cursor, table, match)
    if found:
        return found[0]
    if principal.role != "admin":  # administrators see every record: "not found" tells nothing
        require(principal, action, Target(org_id=_NOBODY, conflicted=True))
    return records.get(cursor, table, match)  # NotFoundError
