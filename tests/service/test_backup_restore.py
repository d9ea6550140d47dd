"""Backup and restore: a consistent copy with its evidence; a broken backup is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.service import assessments, evidence, maintenance
from engine.service.errors import DatabaseInUseError, InvalidInput
from engine.service.principals import SYSTEM
from engine.storage import Database, records
from tests.service.conftest import make_world


def _count(path: Path) -> int:
    db = Database(path)
    with db.read() as cursor:
        found = records.count(cursor, "assessments", {})
    db.close()
    return found


def test_backup_then_restore_brings_back_the_record(tmp_path: Path) -> None:
    live = tmp_path / "live.duckdb"
    world = make_world(live)
    draft = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    evidence.add_file(
        world.alpha_member,
        world.db,
        draft.id,
        "SG-01",
        title="p",
        filename="p.pdf",
        content=b"%PDF-1.4 x",
    )
    backup = maintenance.backup(SYSTEM, world.db, tmp_path / "copies" / "monday.duckdb")
    with pytest.raises(InvalidInput, match="exists already"):
        maintenance.backup(SYSTEM, world.db, backup)
    assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    with pytest.raises(DatabaseInUseError):
        maintenance.restore(backup, live)
    world.db.close()
    assert _count(live) == 2
    assert maintenance.restore(backup, live) == []
    assert _count(live) == 1
    assert any((tmp_path / "live.duckdb.evidence").rglob("*.*")) or any(
        p.is_file() for p in (tmp_path / "live.duckdb.evidence").rglob("*")
    )


def test_a_backup_with_a_broken_audit_log_is_not_restored(tmp_path: Path) -> None:
    world = make_world(tmp_path / "live.duckdb")
    backup = maintenance.backup(SYSTEM, world.db, tmp_path / "b.duckdb")
    world.db.close()
    forged = Database(backup)
    with forged.read() as cursor:
        cursor.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
    forged.close()
    problems = maintenance.restore(backup, tmp_path / "live.duckdb")
    assert [p.code for p in problems] == ["audit.changed"]
    assert _count(tmp_path / "live.duckdb") == 0
