"""Demo data: every state, five continents, two years, and the same data for the same seed."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from engine.loading import load_library
from engine.models import ReleaseBundle
from engine.service import demo_data, users
from engine.service.decisions import OUTCOMES
from engine.service.lifecycle import ASSESSMENT_STATES
from engine.service.principals import SYSTEM
from engine.storage import Database, open_database, records
from tests.service.fingerprint import TABLES, fingerprint

ORGS = 6


@pytest.fixture(scope="module")
def library_bundle() -> ReleaseBundle:
    library, report = load_library()
    bundle = library.bundle("2026.1")
    if bundle is None or not report.valid:
        pytest.skip("the 2026.1 release of the library is not available")
    return bundle


def _generate(path: Path, bundle: ReleaseBundle, seed: int) -> Database:
    db = open_database(str(path))
    demo_data.generate(db, bundle, ORGS, seed)
    return db


def _without_password_hashes(db: Database) -> list[tuple[object, ...]]:
    with db.read() as cursor:
        cursor.execute("UPDATE users SET password_hash = NULL")
    return fingerprint(db)


@pytest.mark.slow
def test_demo_data_is_complete_and_deterministic(
    tmp_path: Path, library_bundle: ReleaseBundle
) -> None:
    first = _generate(tmp_path / "one.duckdb", library_bundle, seed=7)
    with first.read() as cursor:
        states = {
            r["state"] for r in records.rows(cursor, "SELECT DISTINCT state FROM assessments")
        }
        regions = records.rows(cursor, "SELECT DISTINCT region FROM organisation_profiles")
        span = records.rows(
            cursor, "SELECT max(created_at) - min(created_at) AS span FROM assessments"
        )[0]["span"]
        statuses = records.rows(cursor, "SELECT suspended, withdrawn FROM certificates")
    assert states == set(ASSESSMENT_STATES)
    assert len(regions) == 5
    assert span.days > 365
    assert statuses, "some decisions lead to certificates"
    assert users.authenticate(first, "board", demo_data.STAFF_PASSWORDS["board"]).role == "board"
    second = _generate(tmp_path / "two.duckdb", library_bundle, seed=7)
    assert _without_password_hashes(first) == _without_password_hashes(second)
    assert len(TABLES) > 10
    first.close()
    second.close()


def test_the_story_ends_on_the_demo_day_with_recent_open_work_and_every_outcome(
    tmp_path: Path, library_bundle: ReleaseBundle
) -> None:
    day = date(2031, 3, 14)
    db = open_database(str(tmp_path / "dated.duckdb"))
    demo_data.generate(db, library_bundle, 12, seed=5, today=day)
    with db.read() as cursor:
        made = records.rows(cursor, "SELECT state, created_at, submitted_at FROM assessments")
        moments = records.rows(
            cursor,
            "SELECT max(greatest(created_at, submitted_at, decided_at)) AS last, "
            "min(created_at) AS first FROM assessments",
        )[0]
        issued = records.rows(cursor, "SELECT max(issued_on) AS last FROM certificates")[0]
        outcomes = records.rows(cursor, "SELECT DISTINCT outcome FROM decisions")
    db.close()
    assert {row["outcome"] for row in outcomes} == set(OUTCOMES)
    end = datetime.combine(day, time(9, 0))
    assert moments["last"] < end
    assert issued["last"] < day
    assert (end - moments["first"]).days > 2 * 365 - 30
    still_open = [row for row in made if row["state"] != "decided"]
    assert still_open
    low, high = demo_data.RECENT
    for row in still_open:
        assert low - 1 <= (end - row["created_at"]).days <= high, row


def test_an_interrupted_demo_leaves_no_half_filled_record(
    library_bundle: ReleaseBundle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C half-way: nothing at the path (a later `accredit demo` makes it anew, instead of
    serving a record of 300 organisations out of 2,000), and nothing staged left behind."""
    from engine.service import demo_record

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(demo_record, "generate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        demo_record.generate_new(tmp_path / "demo.duckdb", library_bundle, 3, 1)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    made = demo_record.generate_new(tmp_path / "demo.duckdb", library_bundle, 3, 1)
    assert made.organisations == 3
    # the record and its evidence files (the demo's uploaded documents) beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.duckdb", "demo.duckdb.evidence"]


def test_the_demo_has_documents_a_reviewer_can_open(
    tmp_path: Path, library_bundle: ReleaseBundle
) -> None:
    """Some evidence is uploaded files, some links (case records stay where they are kept);
    the files are stored once each and open for the assigned reviewer."""
    from engine.service import evidence

    db = _generate(tmp_path / "demo.duckdb", library_bundle, seed=5)
    with db.read() as cursor:
        kinds = {r["kind"] for r in records.rows(cursor, "SELECT DISTINCT kind FROM evidence")}
        found = records.rows(
            cursor,
            "SELECT e.id, e.title, r.reviewer_id FROM evidence e JOIN review_assignments r "
            "USING (assessment_id) WHERE e.kind = 'file' ORDER BY e.id LIMIT 1",
        )[0]
        shared = records.rows(cursor, "SELECT count(DISTINCT sha256) AS n FROM evidence")[0]
    assert kinds == {"file", "link"}
    stored = [p for p in db.evidence_root.rglob("*") if p.is_file()]
    assert len(stored) == shared["n"] <= len(demo_data.EVIDENCE)
    reviewer = users.get_user(SYSTEM, db, found["reviewer_id"]).principal
    got = evidence.download(reviewer, db, found["id"])
    assert got.media_type == "text/markdown"
    assert got.content.decode().startswith(f"# {found['title']}\n")
    db.close()
