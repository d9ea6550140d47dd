"""Backups and their evidence files: a backup whose files are missing is not restored over a
record (that would drop every stored file), and a backup that cannot be written whole leaves
nothing behind and is not audited."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.service import assessments, evidence, maintenance
from engine.service.errors import InvalidInput
from engine.service.principals import SYSTEM
from engine.storage import Database
from tests.service.conftest import World, make_world

CONTENT = b"%PDF-1.4 safeguarding policy"


def _with_file(path: Path) -> tuple[World, str]:
    world = make_world(path)
    draft = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    added = evidence.add_file(
        world.alpha_member,
        world.db,
        draft.id,
        "SG-01",
        title="Policy",
        filename="p.pdf",
        content=CONTENT,
    )
    return world, added.id


def _backups(path: Path) -> int:
    db = Database(path)
    with db.read() as cursor:
        found = cursor.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'record.backup'"
        ).fetchall()
    db.close()
    return int(found[0][0])


def test_a_backup_without_its_evidence_folder_is_not_restored(tmp_path: Path) -> None:
    live = tmp_path / "live.duckdb"
    world, evidence_id = _with_file(live)
    backup = maintenance.backup(SYSTEM, world.db, tmp_path / "b.duckdb")
    world.db.close()
    copied = tmp_path / "copied.duckdb"
    shutil.copy2(backup, copied)  # the file alone, as someone might copy it by hand
    with pytest.raises(InvalidInput) as refused:
        maintenance.restore(copied, live)
    assert "is incomplete: 1 of its 1 evidence files are not in" in refused.value.message
    assert "db backup" in refused.value.message
    db = Database(live)
    try:
        kept = evidence.download(world.alpha_member, db, evidence_id)
    finally:
        db.close()
    assert kept.content == CONTENT  # the record and its files are as they were
    assert maintenance.restore(backup, live) == []  # the whole backup restores


def test_a_backup_onto_an_existing_evidence_folder_writes_nothing(tmp_path: Path) -> None:
    world, _ = _with_file(tmp_path / "live.duckdb")
    target = tmp_path / "b.duckdb"
    Path(f"{target}.evidence").mkdir()
    with pytest.raises(InvalidInput) as refused:
        maintenance.backup(SYSTEM, world.db, target)
    assert "exists already; choose a new file name" in refused.value.message
    assert not target.exists()
    assert not Path(f"{target}.secret").exists()
    world.db.close()
    assert _backups(tmp_path / "live.duckdb") == 0


def test_a_backup_is_audited_once_it_is_written(tmp_path: Path) -> None:
    world, _ = _with_file(tmp_path / "live.duckdb")
    maintenance.backup(SYSTEM, world.db, tmp_path / "b.duckdb")
    world.db.close()
    assert _backups(tmp_path / "live.duckdb") == 1
