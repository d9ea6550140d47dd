"""Renewal: a new self-assessment pre-filled from the previous decided one.

Every carried answer (and its evidence) is flagged for re-confirmation; the organisation must
confirm or change each one before it can submit.
"""

from __future__ import annotations

from engine.service import clock
from engine.service.assessments import Assessment, checked_row, insert_draft, load_assessment
from engine.service.errors import IllegalTransition
from engine.service.principals import Principal
from engine.service.recording import record
from engine.service.release_transition import release_for_new_assessment
from engine.service.releases import release_bundle
from engine.storage import Database, records


def renew_assessment(
    principal: Principal, db: Database, previous_id: str, release_version: str | None = None
) -> Assessment:
    """The renewal draft, in one transaction: pinned to `release_version` or, without one, to
    the release in effect today (as a new self-assessment is), with the previous answers and
    evidence of the requirements that release has."""
    with db.read() as cursor:
        previous = checked_row(cursor, principal, previous_id, "assessment.start")
    if previous["state"] != "decided":
        raise IllegalTransition(
            "only a decided self-assessment can be renewed", f"self-assessment.{previous['state']}"
        )
    version = release_for_new_assessment(db, release_version, clock.today())
    carried_ids = set(release_bundle(db, version).requirement_ids())
    org_id = previous["org_id"]
    with db.transaction() as cursor:
        draft_id = insert_draft(cursor, principal, org_id, version, previous_id)
        carried = _carry(cursor, previous_id, draft_id, carried_ids)
        payload = {"from": previous_id, "carried": sorted(carried)}
        record(cursor, principal, "assessment.renew", ("assessment", draft_id, org_id), payload)
        return load_assessment(cursor, draft_id)


def _carry(cursor: records.Cursor, source: str, target: str, wanted: set[str]) -> list[str]:
    moment = clock.now()
    carried: list[str] = []
    for row in records.find(cursor, "responses", {"assessment_id": source}):
        if row["requirement_id"] not in wanted:
            continue
        copy = {**row, "assessment_id": target, "needs_reconfirmation": True}
        records.insert(cursor, "responses", {**copy, "updated_at": moment, "row_version": 1})
        carried.append(row["requirement_id"])
    evidence = records.find(cursor, "evidence", {"assessment_id": source}, order_by="id")
    kept = (row for row in evidence if row["requirement_id"] in wanted)
    for number, row in enumerate(kept, 1):  # numbered without gaps, as evidence._add counts
        copy = {**row, "id": f"{target}-e{number:03d}", "assessment_id": target}
        records.insert(cursor, "evidence", copy)
    return carried
