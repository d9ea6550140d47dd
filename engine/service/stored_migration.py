"""Moving stored self-assessments onto another release, in bulk (`accredit migrate-assessments`).

For every organisation whose latest self-assessment is decided or a draft and pinned to
another release (older, or newer when a release is rolled back), a NEW draft pinned to the
target release is created and pre-filled by engine.versioning's migration plan: answers to
unchanged requirements carried, changed ones carried and flagged for re-confirmation, answers
to removed requirements archived beside the draft (table `archived_responses`), requirements
new in the target listed. The source assessment never changes. Evidence of carried answers
is carried with them.

Organisations are moved in batches: one transaction per batch, and one audit entry per batch
that names every move (organisation, source, new draft, what was carried, flagged and
archived). A dry run reports the same moves and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engine.models.assessment import Response
from engine.models.bundle import ReleaseBundle
from engine.service import clock
from engine.service.access import require
from engine.service.assessments import checked_row
from engine.service.migration_sql import (
    ASSESSMENT_COUNTS,
    PROFILE_VERSIONS,
    Batch,
    answered,
    apply_batch,
    counted,
    insert_drafts,
)
from engine.service.principals import Principal
from engine.service.recording import record
from engine.service.release_transition import check_release_for_new_assessment
from engine.service.releases import release_bundle
from engine.storage import Database, records
from engine.versioning import MigrationPlan, plan_migration

BATCH_SIZE = 1000
MOVABLE_STATES = frozenset({"decided", "draft"})

_LATEST = """
SELECT a.id, a.org_id, a.release_version, a.state, a.release_version = $target AS on_target
FROM assessments a
QUALIFY row_number() OVER (PARTITION BY a.org_id ORDER BY a.created_at DESC, a.id DESC) = 1
ORDER BY a.org_id"""


@dataclass(frozen=True)
class AssessmentMove:
    org_id: str
    source_assessment_id: str
    source_release: str
    new_assessment_id: str
    carried: tuple[str, ...]
    needs_reconfirmation: tuple[str, ...]
    archived: tuple[str, ...]
    new_requirements: tuple[str, ...]


@dataclass(frozen=True)
class SkippedOrganisation:
    org_id: str
    assessment_id: str
    code: str
    message: str


@dataclass(frozen=True)
class StoredMigrationReport:
    to_release: str
    dry_run: bool
    moved: tuple[AssessmentMove, ...]
    skipped: tuple[SkippedOrganisation, ...]


SKIP_RULES: tuple[tuple[str, Callable[[records.Row], bool], str], ...] = (
    (
        "migration.already_on_release",
        lambda row: bool(row["on_target"]),
        "its latest self-assessment is on release {target} already",
    ),
    (
        "migration.in_progress",
        lambda row: row["state"] not in MOVABLE_STATES,
        "its latest self-assessment is {state}; move it after the decision",
    ),
)
"""Organisations left as they are, tried in order: (code, applies, message template)."""


def _skip(row: records.Row, target: str) -> SkippedOrganisation | None:
    for code, applies, template in SKIP_RULES:
        if applies(row):
            message = template.format(target=target, state=row["state"].replace("_", " "))
            return SkippedOrganisation(row["org_id"], row["id"], code, message)
    return None


def _move(
    row: records.Row, draft_id: str, plan: MigrationPlan, requirement_ids: list[str]
) -> AssessmentMove:
    groups: dict[str, list[str]] = {"carry": [], "reconfirm": [], "archive": []}
    for requirement_id in requirement_ids:
        groups[plan.action(requirement_id)].append(requirement_id)
    return AssessmentMove(
        org_id=row["org_id"],
        source_assessment_id=row["id"],
        source_release=row["release_version"],
        new_assessment_id=draft_id,
        carried=tuple(groups["carry"]),
        needs_reconfirmation=tuple(groups["reconfirm"]),
        archived=tuple(groups["archive"]),
        new_requirements=plan.new_requirements,
    )


class _Planner:
    """The migration plan from each source release to the target, computed once each."""

    def __init__(self, db: Database, target: ReleaseBundle) -> None:
        self.db, self.target = db, target
        self.plans: dict[str, MigrationPlan] = {}

    def __call__(self, source_release: str) -> MigrationPlan:
        if source_release not in self.plans:
            source = release_bundle(self.db, source_release)
            self.plans[source_release] = plan_migration(source, self.target)
        return self.plans[source_release]


def _prepare(
    cursor: records.Cursor, rows: list[records.Row], planner: _Planner
) -> tuple[list[AssessmentMove], Batch]:
    """The moves of one batch of organisations and the parameters that carry them out."""
    counts = counted(cursor, ASSESSMENT_COUNTS, [r["org_id"] for r in rows])
    answers = answered(cursor, [r["id"] for r in rows])
    batch, moves = Batch(), []
    for row in rows:
        plan = planner(row["release_version"])
        draft_id = f"{row['org_id']}-{counts.get(row['org_id'], 0) + 1:03d}"
        ids = answers[row["id"]]
        batch.add(row["id"], draft_id, row["release_version"])
        batch.plan.update({(row["release_version"], rid): plan.action(rid) for rid in ids})
        moves.append(_move(row, draft_id, plan, ids))
    return moves, batch


def _write(
    cursor: records.Cursor,
    principal: Principal,
    moves: list[AssessmentMove],
    batch: Batch,
    target: str,
) -> None:
    batch.at, batch.by = clock.now(), principal.user_id
    orgs = [m.org_id for m in moves]
    profiles = counted(cursor, PROFILE_VERSIONS, orgs)
    insert_drafts(cursor, batch, orgs, [profiles[o] for o in orgs], target)
    apply_batch(cursor, batch)
    _audit(cursor, principal, moves, target)


def _audit(
    cursor: records.Cursor, principal: Principal, moves: list[AssessmentMove], to: str
) -> None:
    """One audit entry per batch, naming every move (an entry per draft costs ~5 ms each)."""
    payload = {
        "release": to,
        "moves": [
            {
                "org": move.org_id,
                "from": move.source_assessment_id,
                "from_release": move.source_release,
                "draft": move.new_assessment_id,
                "carried": list(move.carried),
                "needs_reconfirmation": list(move.needs_reconfirmation),
                "archived": list(move.archived),
            }
            for move in moves
        ],
        "new_requirements": sorted({r for move in moves for r in move.new_requirements}),
    }
    record(cursor, principal, "assessment.migrate", ("release", to, None), payload)


def migrate_assessments(
    principal: Principal,
    db: Database,
    to_release: str,
    *,
    dry_run: bool,
    batch_size: int = BATCH_SIZE,
) -> StoredMigrationReport:
    """Move every movable organisation's latest self-assessment onto `to_release`."""
    require(principal, "assessment.migrate")
    check_release_for_new_assessment(db, to_release, clock.today())
    planner = _Planner(db, release_bundle(db, to_release))
    with db.read() as cursor:
        latest = records.rows(cursor, _LATEST, {"target": to_release})
    skipped = [s for row in latest if (s := _skip(row, to_release)) is not None]
    skipped_ids = {s.org_id for s in skipped}
    movable = [row for row in latest if row["org_id"] not in skipped_ids]
    moved: list[AssessmentMove] = []
    size = max(batch_size, 1)
    for start in range(0, len(movable), size):
        done, changed = _run_batch(db, principal, movable[start : start + size], planner, dry_run)
        moved.extend(done)
        skipped.extend(changed)
    return StoredMigrationReport(to_release, dry_run, tuple(moved), tuple(skipped))


def _still_latest(
    cursor: records.Cursor, rows: list[records.Row], target: str
) -> tuple[list[records.Row], list[SkippedOrganisation]]:
    """Inside the batch's transaction: drop organisations whose latest self-assessment changed
    since the candidates were read (someone started or submitted one meanwhile)."""
    now = {r["org_id"]: r for r in records.rows(cursor, _LATEST, {"target": target})}
    kept, changed = [], []
    for row in rows:
        current = now.get(row["org_id"], {})
        if (current.get("id"), current.get("state")) == (row["id"], row["state"]):
            kept.append(row)
        else:
            message = "its latest self-assessment changed during the move; run it again"
            changed.append(
                SkippedOrganisation(row["org_id"], row["id"], "migration.changed", message)
            )
    return kept, changed


def _run_batch(
    db: Database,
    principal: Principal,
    rows: list[records.Row],
    planner: _Planner,
    dry_run: bool,
) -> tuple[list[AssessmentMove], list[SkippedOrganisation]]:
    if dry_run:
        with db.read() as cursor:
            return _prepare(cursor, rows, planner)[0], []
    target = planner.target.version
    with db.transaction() as cursor:
        rows, changed = _still_latest(cursor, rows, target)
        moves, batch = _prepare(cursor, rows, planner)
        if moves:
            _write(cursor, principal, moves, batch, target)
    return moves, changed


def archived_answers(principal: Principal, db: Database, assessment_id: str) -> dict[str, Response]:
    """The answers a move to another release archived beside this draft."""
    with db.read() as cursor:
        checked_row(cursor, principal, assessment_id, "assessment.read")
        found = records.find(
            cursor, "archived_responses", {"assessment_id": assessment_id}, "requirement_id"
        )
    return {
        row["requirement_id"]: Response(
            rating=row["rating"],
            not_applicable=bool(row["not_applicable"]),
            na_reason=row["na_reason"],
            comment=row["comment"],
        )
        for row in found
    }
