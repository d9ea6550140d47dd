"""A new demo record, made whole or not at all: the demo data is written beside the record's
path and moved in when complete, so an interrupted run (Ctrl+C) leaves no half-filled record
that a later `accredit demo` would take for a finished one."""

from __future__ import annotations

from pathlib import Path

from engine.models.bundle import ReleaseBundle
from engine.service.demo_data import DemoSummary, generate
from engine.storage import Database, open_database
from engine.storage.database import remove_paths


def generate_new(path: Path, bundle: ReleaseBundle, orgs: int, seed: int) -> DemoSummary:
    """A new record at `path` (which must not exist) holding `orgs` demo organisations."""
    if path.exists():
        raise FileExistsError(f"{path} exists already")
    staged = path.with_name(f".{path.name}.making")
    remove_paths(*Database.files_of(staged))
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
        remove_paths(*Database.files_of(staged))
    return summary
