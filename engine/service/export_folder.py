"""Where a board export goes: a new or empty folder, or one holding an earlier export, which
the new one replaces whole (no table of an earlier export is left beside a new manifest)."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from engine.reports.board_export import MANIFEST
from engine.service.errors import InvalidInput
from engine.wording import first_few


def _earlier_export(folder: Path) -> set[str]:
    """The files of an earlier export in `folder` (its manifest and the tables it lists)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        listed = {str(entry["file"]) for entry in manifest["tables"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    tables = {name for name in listed if _TABLE_FILE.fullmatch(name)}
    present = {name for name in tables | {MANIFEST} if _plain_file(folder / name)}
    return present if MANIFEST in present else set()


_TABLE_FILE = re.compile(r"[a-z0-9_-]+\.(csv|parquet)")
"""The name of a table file an export writes (never a path, a folder or anything else)."""


def _plain_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def check_folder(folder: Path) -> set[str]:
    """The files an export into `folder` replaces; InvalidInput if it holds anything else."""
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder} is a file; give a folder for the export", "out")
    if not folder.exists():
        return set()
    present = {p.name for p in folder.iterdir()}
    foreign = sorted(present - _earlier_export(folder))
    if foreign:
        raise InvalidInput(
            f"{folder} holds files that are not an earlier board export "
            f"({first_few(foreign, 3)}); choose a "
            "new or empty folder",
            "out",
        )
    return present


def write_whole(folder: Path, write: Callable[[Path], list[Path]]) -> list[Path]:
    """Write an export with `write` beside `folder`, then move it in: a failed write leaves
    the folder as it was, and the files of an earlier export that the new one lacks go."""
    earlier = check_folder(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=f".{folder.name}.") as staging:
        written = write(Path(staging))
        folder.mkdir(exist_ok=True)
        moved = []
        for path in written:
            os.replace(path, folder / path.name)
            moved.append(folder / path.name)
    for name in earlier - {p.name for p in moved}:
        if _plain_file(folder / name):  # checked again: only the earlier export's own files
            (folder / name).unlink()
    return moved
