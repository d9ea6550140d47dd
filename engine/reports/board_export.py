"""The board's suppressed aggregates as CSV or Parquet files, one file per table.

The rows given here are already suppressed (groups of fewer than 5 organisations removed by
the service); a manifest lists every file with its row count and the number of groups that
were withheld, so a reader knows the tables are incomplete by design.
"""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class ExportTable:
    name: str
    dimension: str
    rows: list[dict[str, Any]]
    suppressed_groups: int

    @property
    def file_stem(self) -> str:
        return self.name if self.dimension == "all" else f"{self.name}-by-{self.dimension}"

    def columns(self) -> list[str]:
        seen: dict[str, None] = {}
        for row in self.rows:
            seen.update(dict.fromkeys(row))
        return list(seen)


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def _write_csv(table: ExportTable, path: Path) -> None:
    columns = table.columns()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in table.rows:
            writer.writerow([_cell(row.get(c)) for c in columns])


def _write_parquet(table: ExportTable, path: Path) -> None:
    columns = table.columns()
    arrays = {c: [row.get(c) for row in table.rows] for c in columns}
    pq.write_table(pa.table(arrays) if columns else pa.table({}), path)


WRITERS: dict[str, tuple[str, Callable[[ExportTable, Path], None]]] = {
    "csv": (".csv", _write_csv),
    "parquet": (".parquet", _write_parquet),
}
FORMATS: tuple[str, ...] = tuple(WRITERS)


def write_board_export(
    tables: Sequence[ExportTable],
    out_dir: Path,
    file_format: str,
    generated: datetime.datetime,
    filters: dict[str, object] | None = None,
) -> list[Path]:
    """Write each table and the manifest into `out_dir`; the paths written."""
    suffix, writer = WRITERS[file_format]
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    entries: list[dict[str, object]] = []
    for table in tables:
        path = out_dir / f"{table.file_stem}{suffix}"
        writer(table, path)
        written.append(path)
        entries.append(
            {
                "file": path.name,
                "table": table.name,
                "grouped_by": table.dimension,
                "rows": len(table.rows),
                "suppressed_groups": table.suppressed_groups,
            }
        )
    manifest = {
        "generated": generated.isoformat(timespec="seconds"),
        "format": file_format,
        "filters": filters or {},
        "note": (
            "Groups of fewer than 5 organisations are withheld from every table, and so is "
            "the smallest group beside them where a total would otherwise give them away, "
            "and a quarter (or, under a release filter, a row) that differs from a shown one "
            "by 1 to 4 organisations."
        ),
        "tables": entries,
    }
    manifest_path = out_dir / MANIFEST
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return [*written, manifest_path]
