"""A verdict is about one answer as the reviewer saw it: when the organisation changes that
answer (its rating, N/A, reason or comment, or its evidence) after changes were requested, the
verdict on it is closed, so that the next round of review decides on what is there now. The
verdicts on answers left as they were stay, and count in the decision. A closed verdict stays
in the audit log, where its closing is recorded too."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from engine.models.assessment import Response
from engine.service.principals import Principal
from engine.service.recording import record
from engine.storage import records

ANSWER_FIELDS = ("rating", "not_applicable", "na_reason", "comment")
"""What the reviewer judged, besides the evidence."""


def changed_answers(
    cursor: records.Cursor, assessment_id: str, responses: Mapping[str, Response | None]
) -> list[str]:
    """The requirements whose stored answer `responses` would change (or remove)."""
    stored = {
        row["requirement_id"]: row
        for row in records.find(cursor, "responses", {"assessment_id": assessment_id})
    }
    return sorted(
        requirement_id
        for requirement_id, response in responses.items()
        if _differs(stored.get(requirement_id), response)
    )


def _differs(before: records.Row | None, after: Response | None) -> bool:
    if before is None or after is None:
        return (before is None) != (after is None)
    return any(before[name] != getattr(after, name) for name in ANSWER_FIELDS)


def close_verdicts(
    cursor: records.Cursor,
    principal: Principal,
    assessment: records.Row,
    requirement_ids: Iterable[str],
) -> None:
    """Close the verdicts on these requirements' answers, if any (audited as one entry)."""
    ids = sorted(set(requirement_ids))
    if not ids:
        return
    match = "assessment_id = ? AND list_contains(?, requirement_id)"
    found = cursor.execute(
        f"SELECT requirement_id FROM review_verdicts WHERE {match} ORDER BY 1",  # noqa: S608 - fixed text
        [assessment["id"], ids],
    ).fetchall()
    closed = [str(r[0]) for r in found]
    if not closed:
        return
    cursor.execute(f"DELETE FROM review_verdicts WHERE {match}", [assessment["id"], ids])  # noqa: S608
    subject = ("assessment", assessment["id"], assessment["org_id"])
    record(cursor, principal, "review.verdicts_closed", subject, {"requirements": closed})
