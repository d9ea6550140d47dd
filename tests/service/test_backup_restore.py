"""Backup and restore: a consistent copy with its evidence; a broken backup is refused."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from engine.service import assessments, evidence, maintenance
from engine.service.errors import DatabaseInUseError, InvalidInput
from engine.service.principals import SYSTEM
from engine.storage import Database, StorageError, records
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
    assessments.start_assessment(world.beta_member, world.db, "beta", "2026.1")
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


def _with_evidence(path: Path) -> None:
    world = make_world(path)
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
    world.db.close()


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_restoring_the_record_onto_itself_is_refused_and_loses_nothing(tmp_path: Path) -> None:
    live = tmp_path / "live.duckdb"
    _with_evidence(live)
    stored = _files(tmp_path / "live.duckdb.evidence")
    with pytest.raises(InvalidInput, match="is the record itself"):
        maintenance.restore(live, live)
    assert stored and _files(tmp_path / "live.duckdb.evidence") == stored
    assert _count(live) == 1


def test_a_restore_that_fails_half_way_leaves_the_record_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live, backup = tmp_path / "live.duckdb", tmp_path / "b.duckdb"
    _with_evidence(live)
    world = make_world(tmp_path / "other.duckdb")
    maintenance.backup(SYSTEM, world.db, backup)
    world.db.close()
    stored = _files(tmp_path / "live.duckdb.evidence")

    def disk_full(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(maintenance.shutil, "copy2", disk_full)
    with pytest.raises(StorageError, match="No space"):
        maintenance.restore(backup, live)
    assert _count(live) == 1 and _files(tmp_path / "live.duckdb.evidence") == stored
    assert sorted(p.name for p in tmp_path.iterdir() if "restoring" in p.name) == []


def test_restoring_onto_a_new_path_makes_the_record_there(tmp_path: Path) -> None:
    live, backup = tmp_path / "live.duckdb", tmp_path / "b.duckdb"
    _with_evidence(live)
    db = Database(live)
    maintenance.backup(SYSTEM, db, backup)
    db.close()
    assert maintenance.restore(backup, tmp_path / "new.duckdb") == []
    assert _count(tmp_path / "new.duckdb") == 1
    assert _files(tmp_path / "new.duckdb.evidence") == _files(tmp_path / "live.duckdb.evidence")


def _backup_of(tmp_path: Path) -> Path:
    live, backup = tmp_path / "live.duckdb", tmp_path / "b.duckdb"
    _with_evidence(live)
    db = Database(live)
    maintenance.backup(SYSTEM, db, backup)
    db.close()
    return backup


def test_the_record_under_another_name_or_its_staged_copy_is_not_a_backup(
    tmp_path: Path,
) -> None:
    live = tmp_path / "live.duckdb"
    _backup_of(tmp_path)
    stored = _files(tmp_path / "live.duckdb.evidence")
    os.link(live, tmp_path / "hard.duckdb")
    with pytest.raises(InvalidInput, match="is the record itself"):
        maintenance.restore(tmp_path / "hard.duckdb", live)
    staged = tmp_path / "live.duckdb.restoring"
    shutil.copy(tmp_path / "b.duckdb", staged)
    with pytest.raises(InvalidInput, match="restore under way"):
        maintenance.restore(staged, live)
    assert staged.is_file() and _files(tmp_path / "live.duckdb.evidence") == stored


def test_another_programs_file_is_neither_replaced_nor_restored(tmp_path: Path) -> None:
    backup = _backup_of(tmp_path)
    theirs = tmp_path / "sales.duckdb"
    con = duckdb.connect(str(theirs))
    con.execute("CREATE TABLE sales (i INTEGER)")
    con.close()
    with pytest.raises(StorageError, match="not an Accredit record"):
        maintenance.restore(backup, theirs)
    with pytest.raises(StorageError, match="not an Accredit record"):
        maintenance.restore(theirs, tmp_path / "live.duckdb")
    con = duckdb.connect(str(theirs))
    assert con.execute("SELECT count(*) FROM sales").fetchall() == [(0,)]
    con.close()


def test_a_backup_of_a_newer_accredit_is_not_restored(tmp_path: Path) -> None:
    backup = _backup_of(tmp_path)
    con = duckdb.connect(str(backup))
    con.execute("INSERT INTO schema_migrations VALUES (99, 'from the future', now())")
    con.close()
    with pytest.raises(StorageError, match="newer Accredit"):
        maintenance.restore(backup, tmp_path / "live.duckdb")
    assert _count(tmp_path / "live.duckdb") == 1


def test_a_restore_into_a_new_folder_or_through_a_symlink(tmp_path: Path) -> None:
    backup = _backup_of(tmp_path)
    assert maintenance.restore(backup, tmp_path / "new" / "fresh.duckdb") == []
    assert _count(tmp_path / "new" / "fresh.duckdb") == 1
    link = tmp_path / "link.duckdb"
    link.symlink_to(tmp_path / "new" / "fresh.duckdb")
    assert maintenance.restore(backup, link) == []
    assert link.is_symlink() and _count(link) == 1
