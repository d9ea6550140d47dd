"""Renewal: a new self-assessment pre-filled from the previous decided one.

Every carried answer (and its evidence) is flagged for re-confirmation; the organisation must
confirm or change each one before it can submit. Onto a newer release, an answer to a
requirement that release no longer has is archived beside the draft (`archived_responses`, as
a move to another release does), and the audit entry names it and the requirements new in the
release.
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
    before = set(release_bundle(db, previous["release_version"]).requirement_ids())
    org_id = previous["org_id"]
    with db.transaction() as cursor:
        draft_id = insert_draft(cursor, principal, org_id, version, previous_id)
        carried, archived = _carry(cursor, principal, previous, draft_id, carried_ids)
        payload = {
            "from": previous_id,
            "carried": sorted(carried),
            "archived": sorted(archived),
            "new": sorted(carried_ids - before),
        }
        record(cursor, principal, "assessment.renew", ("assessment", draft_id, org_id), payload)
        return load_assessment(cursor, draft_id)


def _carry(
    cursor: records.Cursor,
    principal: Principal,
    previous: records.Row,
    target: str,
    wanted: set[str],
) -> tuple[list[str], list[str]]:
    """(carried, archived): the previous answers copied onto the draft, or archived beside it
    when the draft's release does not have their requirement."""
    moment, source = clock.now(), previous["id"]
    carried: list[str] = []
    archived: list[str] = []
    for row in records.find(cursor, "responses", {"assessment_id": source}):
        if row["requirement_id"] not in wanted:
            stamp = {"archived_at": moment, "archived_by": principal.user_id}
            records.insert(
                cursor, "archived_responses", {**_archived(row, previous, target), **stamp}
            )
            archived.append(row["requirement_id"])
            continue
        copy = {**row, "assessment_id": target, "needs_reconfirmation": True}
        records.insert(cursor, "responses", {**copy, "updated_at": moment, "row_version": 1})
        carried.append(row["requirement_id"])
    evidence = records.find(cursor, "evidence", {"assessment_id": source}, order_by="id")
    kept = (row for row in evidence if row["requirement_id"] in wanted)
    for number, row in enumerate(kept, 1):  # from 1: a new self-assessment has removed none
        copy = {**row, "id": f"{target}-e{number:03d}", "assessment_id": target}
        records.insert(cursor, "evidence", copy)
    return carried, archived


_ARCHIVED_COLUMNS = ("requirement_id", "rating", "not_applicable", "na_reason", "comment")


def _archived(row: records.Row, previous: records.Row, target: str) -> dict[str, object]:
    return {
        **{column: row[column] for column in _ARCHIVED_COLUMNS},
        "assessment_id": target,
        "source_assessment_id": previous["id"],
        "source_release": previous["release_version"],
    }
