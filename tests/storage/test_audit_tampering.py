"""Changing, deleting or inserting any audit row is detected by verify-audit."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.storage import Database, open_database
from engine.storage.audit import AuditEntry, append, verify

ENTRIES = 12
EDITS = {
    "logged_at": "logged_at = logged_at + INTERVAL 1 SECOND",
    "actor": "actor = 'mallory'",
    "action": "action = 'assessment.submit'",
    "entity": "entity = 'certificate'",
    "entity_id": "entity_id = 'other'",
    "org_id": "org_id = 'beta'",
    "payload_json": "payload_json = '{\"rating\":4}'",
    "prev_hash": "prev_hash = repeat('1', 64)",
    "hash": "hash = repeat('2', 64)",
}


def _log(path: Path) -> Database:
    db = open_database(str(path))
    for n in range(ENTRIES):
        with db.transaction() as cursor:
            entry = AuditEntry(
                datetime(2026, 1, 1, 12, n),
                f"user-{n % 3}",
                "assessment.save",
                "assessment",
                f"a-{n}",
                "alpha",
                {"rating": n % 4, "n": n},
            )
            append(cursor, entry)
    return db


@pytest.fixture
def log(tmp_path: Path) -> Database:
    db = _log(tmp_path / "audit.duckdb")
    assert verify(db) == []
    return db


def _tamper(db: Database, sql: str, params: list[object]) -> None:
    with db.read() as cursor:
        cursor.execute(sql, params)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(column=st.sampled_from(sorted(EDITS)), seq=st.integers(1, ENTRIES))
def test_changing_any_field_of_any_row_is_detected(log: Database, column: str, seq: int) -> None:
    _tamper(log, f"UPDATE audit_log SET {EDITS[column]} WHERE seq = ?", [seq])
    assert verify(log) != []
    _tamper(log, "DELETE FROM audit_log", [])  # the fixture is shared by hypothesis: rebuild
    _tamper(log, "DELETE FROM audit_head", [])
    for n in range(ENTRIES):
        with log.transaction() as cursor:
            append(
                cursor,
                AuditEntry(
                    datetime(2026, 1, 1, 12, n),
                    f"user-{n % 3}",
                    "assessment.save",
                    "assessment",
                    f"a-{n}",
                    "alpha",
                    {"rating": n % 4, "n": n},
                ),
            )


@pytest.mark.parametrize("seq", [1, 6, ENTRIES])
def test_deleting_any_row_is_detected(log: Database, seq: int) -> None:
    _tamper(log, "DELETE FROM audit_log WHERE seq = ?", [seq])
    assert verify(log) != []


def test_inserting_a_forged_row_is_detected(log: Database) -> None:
    _tamper(
        log,
        "INSERT INTO audit_log SELECT seq + 100, logged_at, actor, action, entity, entity_id, "
        "org_id, payload_json, hash, hash FROM audit_log WHERE seq = ?",
        [ENTRIES],
    )
    assert verify(log) != []


def test_cli_verify_audit_exit_codes(tmp_path: Path) -> None:
    path = tmp_path / "cli.duckdb"
    _log(path).close()
    script = "import sys; from engine.cli import main; sys.exit(main(sys.argv[1:]))"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    run = [sys.executable, "-c", script, "db", "verify-audit", "--db", str(path)]
    ok = subprocess.run(run, capture_output=True, text=True, env=env, check=False)
    assert ok.returncode == 0, ok.stderr
    assert "intact: 12 entries" in ok.stdout
    db = Database(path)
    _tamper(db, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3", [])
    db.close()
    broken = subprocess.run(run, capture_output=True, text=True, env=env, check=False)
    assert broken.returncode == 1
    assert "audit entry 3: audit.changed" in broken.stdout
