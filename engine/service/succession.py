"""Which self-assessment follows which: a renewal follows a decided one, a move to another
release follows the one it moved (`previous_assessment_id`). One line, never a fork: each is
followed at most once, and one that was moved on is closed to changes."""

from __future__ import annotations

from engine.service.errors import IllegalTransition, InvalidInput
from engine.storage import records


def check_previous(cursor: records.Cursor, org_id: str, previous_id: str) -> None:
    """A self-assessment follows only one of its own organisation's (the same answer whether
    another organisation's exists or not)."""
    found = records.find(cursor, "assessments", {"id": previous_id})
    if not found or found[0]["org_id"] != org_id:
        raise InvalidInput(
            f"{previous_id} is not a self-assessment of {org_id}", "previous_assessment_id"
        )
    followed = records.find(cursor, "assessments", {"previous_assessment_id": previous_id})
    if followed:  # one line of cycles: two renewals of one would each claim to follow it
        raise IllegalTransition(
            f"{previous_id} is already followed by {followed[0]['id']}; continue with that "
            "one (or renew the newest decided self-assessment)",
            "self-assessment.followed",
        )


def refuse_superseded(cursor: records.Cursor, row: records.Row) -> None:
    """A self-assessment moved on to a newer one (by a move to another release) is closed to
    changes and submission: the organisation continues with the newer one."""
    followed = records.find(cursor, "assessments", {"previous_assessment_id": row["id"]})
    if followed and row["state"] != "decided":
        newer = followed[0]
        raise IllegalTransition(
            f"{row['id']} was moved on to {newer['id']} (release {newer['release_version']}); "
            "continue with that one",
            "self-assessment.superseded",
        )


def refuse_beside_open(cursor: records.Cursor, org_id: str, previous_id: str | None) -> None:
    """An organisation has at most one self-assessment open (not decided, not moved on): a new
    one, a renewal or an import never starts beside it, whichever page or command asks. The
    one the new one follows (`previous_id`) is moved on by it."""
    rows = records.find(cursor, "assessments", {"org_id": org_id}, order_by="created_at")
    followed = {row["previous_assessment_id"] for row in rows} | {previous_id}
    for row in rows:
        if row["state"] != "decided" and row["id"] not in followed:
            state = str(row["state"]).replace("_", " ")
            raise IllegalTransition(
                f"{org_id} already has a self-assessment open: {row['id']} (release "
                f"{row['release_version']}, {state}); continue with that one, and start the "
                "next once it is decided",
                "self-assessment.open",
            )
