"""A new demo record, made whole or not at all: the demo data is written beside the record's
path and moved in when complete, so an interrupted run (Ctrl+C) leaves no half-filled record
that a later `accredit demo` would take for a finished one."""

from __future__ import annotations

import shutil
from pathlib import Path

from engine.models.bundle import ReleaseBundle
from engine.service.demo_data import DemoSummary, generate
from engine.storage import Database, open_database


def _leftovers(path: Path) -> tuple[Path, ...]:
    return (path, path.with_name(path.name + ".wal"), Database.evidence_root_of(path))


def _remove(path: Path) -> None:
    for leftover in _leftovers(path):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        elif leftover.exists():
            leftover.unlink()


def generate_new(path: Path, bundle: ReleaseBundle, orgs: int, seed: int) -> DemoSummary:
    """A new record at `path` (which must not exist) holding `orgs` demo organisations."""
    if path.exists():
        raise FileExistsError(f"{path} exists already")
    staged = path.with_name(f".{path.name}.making")
    _remove(staged)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = open_database(str(staged))
        try:
            summary = generate(db, bundle, orgs, seed)
        finally:
            db.close()
        evidence = Database.evidence_root_of(staged)
        if evidence.exists():
            evidence.rename(Database.evidence_root_of(path))
        staged.replace(path)
    finally:
        _remove(staged)
    return summary
