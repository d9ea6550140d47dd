"""Moving 10,000 stored self-assessments onto a new release in the record, in bulk.

A synthetic pair of releases: 6 standards x 10 requirements; the new one removes 6
requirements, changes 12 and adds 6. Every organisation has one decided self-assessment
answering all 60, with one evidence link. The record is built by bulk SQL, copied for each
run, and `migrate_assessments` (the service call behind `accredit migrate-assessments`) moves
every organisation: new drafts, carried and flagged answers, archived answers, evidence and one
audit entry per batch. Prints the median of the runs, the dry run, and one transaction per
organisation (batch size 1, measured on a sample) for comparison.

    .venv/bin/python benchmarks/bench_stored_migration.py [--assessments 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.models import Policy, Release, ReleaseBundle, Standard
from engine.service import releases, users
from engine.service.principals import SYSTEM, Principal
from engine.service.stored_migration import StoredMigrationReport, migrate_assessments
from engine.storage import Database, open_database

CODES = ("SG", "SC", "OW", "GV", "DP", "EV")
SHA = "0" * 64
PROFILE = (
    '{"country":"DE","region":"europe","income_group":"high",'
    '"organisation_type":"civil_society","settings":["community"]}'
)


def _text(value: str) -> dict[str, str]:
    return {"en": value}


def _requirement(code: str, number: int, changed: bool) -> dict[str, Any]:
    return {
        "id": f"{code}-{number:02d}", "scope": "universal",
        "title": _text(f"Requirement {number}" + (" (revised)" if changed else "")),
        "statement": _text(f"Statement {number} of {code}" + (", now stricter" if changed else "")),
        "guidance": _text("Guidance."), "evidence_examples": [_text("A document")],
        "critical": changed and number % 2 == 0, "na_allowed": number % 3 == 0,
    }  # fmt: skip


def _standard(index: int, code: str, new: bool) -> Standard:
    numbers = range(2, 12) if new else range(1, 11)  # new: 01 removed, 11 added
    changed = {3, 4} if new else set()
    return Standard.model_validate({
        "kind": "standard", "schema_version": 1, "id": f"standard-{index}", "code": code,
        "version": "2.0.0" if new else "1.0.0", "title": _text(f"Standard {code}"),
        "purpose": _text("Purpose."), "scope": "universal",
        "sources": [{"id": "handbook", "title": "Handbook"}],
        "requirements": [_requirement(code, n, n in changed) for n in numbers],
    })  # fmt: skip


def _policy() -> Policy:
    level = {"label": _text("Level"), "descriptor": _text("Descriptor")}
    return Policy.model_validate({
        "kind": "policy", "schema_version": 1, "version": "1.0.0", "title": _text("Policy"),
        "rating_scale": {"levels": [{"value": v, **level} for v in range(4)],
                         "implemented_at": 3, "partly_at": 2},
        "not_applicable": {}, "weights": {}, "critical_threshold": 3,
        "decision_bands": [{"outcome": "not_accredited", "label": _text("Not accredited")}],
    })  # fmt: skip


def _bundle(version: str, effective_from: str, new: bool) -> ReleaseBundle:
    standards = tuple(_standard(i, code, new) for i, code in enumerate(CODES))
    release = Release.model_validate({
        "kind": "release", "schema_version": 1, "version": version, "title": _text(version),
        "effective_from": effective_from, "policy": {"version": "1.0.0", "sha256": SHA},
        "standards": [{"id": s.id, "version": s.version, "sha256": SHA} for s in standards],
    })  # fmt: skip
    return ReleaseBundle(release, _policy(), standards)


_BULK = (
    """INSERT INTO organisations (id, name, created_at)
       SELECT 'org-' || lpad(i::VARCHAR, 5, '0'), 'Organisation ' || i, now()::TIMESTAMP
       FROM range($n) t(i)""",
    """INSERT INTO organisation_profiles
       SELECT id, 1, $profile, 'DE', 'europe', 'high', 'civil_society', 'small',
              created_at, 'system' FROM organisations""",
    """INSERT INTO assessments (id, org_id, release_version, profile_version, state,
                               created_at, created_by, updated_at, decided_at)
       SELECT id || '-001', id, '2026.1', 1, 'decided', created_at, 'system', created_at,
              created_at FROM organisations""",
    """INSERT INTO responses (assessment_id, requirement_id, rating, updated_at, updated_by)
       SELECT a.id, r.rid, (hash(a.id || r.rid) % 4)::INTEGER, a.created_at, 'system'
       FROM assessments a CROSS JOIN (SELECT unnest($ids::VARCHAR[]) AS rid) r""",
    """INSERT INTO evidence (id, assessment_id, requirement_id, kind, title, url,
                            added_at, added_by)
       SELECT id || '-e001', id, $first, 'link', 'Handbook', 'https://example.org/h',
              created_at, 'system' FROM assessments""",
)


def build(path: Path, count: int, old: ReleaseBundle, new: ReleaseBundle) -> None:
    db = open_database(str(path))
    releases.register_release(SYSTEM, db, old)
    releases.register_release(SYSTEM, db, new)
    users.create_user(SYSTEM, db, "admin", display_name="Admin", role="admin")
    ids = list(old.requirement_ids())
    params: dict[str, Any] = {"n": count, "profile": PROFILE, "ids": ids, "first": ids[1]}
    with db.transaction() as cursor:
        for statement in _BULK:
            used = {k: v for k, v in params.items() if f"${k}" in statement}
            cursor.execute(statement, used)
    db.checkpoint()
    db.close()


def _timed(source: Path, work: Path, run: Callable[[Database], object]) -> float:
    shutil.copy(source, work)
    db = Database(work)
    try:
        start = time.perf_counter()
        run(db)
        return time.perf_counter() - start
    finally:
        db.close()
        work.unlink()
        work.with_name(work.name + ".wal").unlink(missing_ok=True)


def _median(source: Path, work: Path, run: Callable[[Database], object], runs: int) -> float:
    return statistics.median(_timed(source, work, run) for _ in range(runs))


def _move(
    admin: Principal, batch_size: int, reports: list[StoredMigrationReport]
) -> Callable[[Database], None]:
    def run(db: Database) -> None:
        report = migrate_assessments(admin, db, "2026.2", dry_run=False, batch_size=batch_size)
        reports.append(report)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assessments", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sample", type=int, default=500, help="for one transaction each")
    args = parser.parse_args()
    old = _bundle("2026.1", "2026-01-01", False)
    new = _bundle("2026.2", "2026-07-01", True)
    admin = Principal("admin", "admin")
    reports: list[StoredMigrationReport] = []
    with tempfile.TemporaryDirectory() as folder:
        source, work = Path(folder) / "source.duckdb", Path(folder) / "work.duckdb"
        small = Path(folder) / "sample.duckdb"
        started = time.perf_counter()
        build(source, args.assessments, old, new)
        build(small, args.sample, old, new)
        print(f"record of {args.assessments:,} decided self-assessments x 60 answers built "
              f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
        moved = _median(source, work, _move(admin, 1000, reports), args.runs)
        dry = _median(
            source, work, lambda db: migrate_assessments(admin, db, "2026.2", dry_run=True), 1
        )
        sample_bulk = _median(small, work, _move(admin, 1000, []), args.runs)
        sample_each = _median(small, work, _move(admin, 1, []), 1)
    first = reports[0].moved[0]
    print(
        f"per assessment: {len(first.carried)} carried, {len(first.needs_reconfirmation)} "
        f"re-confirm, {len(first.archived)} archived, {len(first.new_requirements)} new; "
        f"{len(reports[0].moved):,} moved"
    )
    per = moved / args.assessments * 1e3
    print(f"bulk move (batches of 1,000):  median {moved:.2f} s of {args.runs} runs "
          f"({per:.2f} ms per assessment)")  # fmt: skip
    print(f"dry run (plans and report):    {dry:.2f} s")
    print(f"on {args.sample:,}: bulk {sample_bulk:.2f} s, one transaction per organisation "
          f"{sample_each:.2f} s; ratio {sample_each / sample_bulk:.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
