"""Board exports: CSV and Parquet of suppressed aggregates, nothing about one organisation."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from engine.loading import load_library
from engine.service import analytics, demo_data, exchange, organisations, users
from engine.service.analytics import BoardFilters
from engine.service.errors import InvalidInput
from engine.service.principals import SYSTEM, Principal
from engine.storage import Database, open_database

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    library, report = load_library()
    bundle = library.bundle("2026.1")
    if bundle is None or not report.valid:
        pytest.skip("the 2026.1 release of the library is not available")
    db = open_database(str(tmp_path_factory.mktemp("board") / "record.duckdb"))
    demo_data.generate(db, bundle, 8, 3)
    yield db
    db.close()


def _role(db: Database, role: str) -> Principal:
    return next(u.principal for u in users.list_users(SYSTEM, db) if u.role == role)


def _org_words(db: Database) -> set[str]:
    found = organisations.list_organisations(SYSTEM, db)
    return {o.id for o in found} | {o.name for o in found}


def test_csv_export_holds_only_groups_of_five_or_more(record: Database, tmp_path: Path) -> None:
    written = exchange.board_export(_role(record, "board"), record, "csv", tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert {e["file"] for e in manifest["tables"]} | {"manifest.json"} == {p.name for p in written}
    assert sum(e["suppressed_groups"] for e in manifest["tables"]) > 0
    rows_seen = 0
    for entry in manifest["tables"]:
        with (tmp_path / entry["file"]).open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == entry["rows"]
        rows_seen += len(rows)
        for row in rows:
            assert int(row["organisations"]) >= 5
    assert rows_seen > 0
    everything = " ".join(p.read_text(encoding="utf-8") for p in written)
    leaked = {w for w in _org_words(record) if w in everything}
    assert not leaked


def test_parquet_export_matches_the_csv(record: Database, tmp_path: Path) -> None:
    board = _role(record, "board")
    exchange.board_export(board, record, "csv", tmp_path / "csv")
    exchange.board_export(_role(record, "admin"), record, "parquet", tmp_path / "parquet")
    table = pq.read_table(tmp_path / "parquet" / "adoption.parquet")
    with (tmp_path / "csv" / "adoption.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert table.num_rows == len(rows) > 0
    assert table.column_names == list(rows[0])
    assert min(table.column("organisations").to_pylist()) >= 5
    standards = table.column("standard_id").to_pylist()
    assert standards == [r["standard_id"] for r in rows]


def test_the_zip_download_holds_every_file(record: Database) -> None:
    download = exchange.board_export_zip(_role(record, "board"), record, "parquet")
    assert download.media_type == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        names = archive.namelist()
    assert "manifest.json" in names and "adoption.parquet" in names


def test_an_export_follows_the_boards_filters(record: Database, tmp_path: Path) -> None:
    board = _role(record, "board")
    regions = sorted({o.profile.region for o in organisations.list_organisations(SYSTEM, record)})
    chosen = BoardFilters(regions=(regions[0],))
    exchange.board_export(board, record, "csv", tmp_path / "all")
    exchange.board_export(board, record, "csv", tmp_path / "some", chosen)
    manifest = json.loads((tmp_path / "some" / "manifest.json").read_text())
    assert manifest["filters"] == {
        "regions": [regions[0]],
        "organisation_types": [],
        "release": None,
    }
    assert "adoption_by_quarter.csv" not in {e["file"] for e in manifest["tables"]}
    for dimension in ("all", "region"):
        expected = analytics.adoption(board, record, dimension, filters=chosen)
        stem = "adoption" if dimension == "all" else f"adoption-by-{dimension}"
        with (tmp_path / "some" / f"{stem}.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == len(expected.rows)
        entry = next(e for e in manifest["tables"] if e["file"] == f"{stem}.csv")
        assert entry["suppressed_groups"] == expected.suppressed_groups
    with (tmp_path / "all" / "adoption.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) > 0


def test_an_unknown_filter_value_is_refused_and_nothing_written(
    record: Database, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput):
        exchange.board_export(
            _role(record, "board"),
            record,
            "csv",
            tmp_path / "out",
            BoardFilters(regions=("atlantis",)),
        )
    assert not (tmp_path / "out").exists()


def test_an_export_into_an_earlier_one_replaces_it_whole(record: Database, tmp_path: Path) -> None:
    """No table of the earlier export is left beside the new manifest, whose filters it
    would seem to follow."""
    board, out = _role(record, "board"), tmp_path / "board"
    exchange.board_export(board, record, "csv", out)
    exchange.board_export(board, record, "csv", out, BoardFilters(regions=("europe",)))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["file"] for entry in manifest["tables"]}
    assert {p.name for p in out.iterdir()} == listed | {"manifest.json"}
    assert not any(name.endswith("-by-income_group.csv") for name in listed)
    assert [p.name for p in tmp_path.iterdir()] == ["board"]  # nothing staged is left


@pytest.mark.parametrize("foreign", ["notes.txt", "manifest.json"])
def test_a_folder_holding_other_files_is_refused_and_left_alone(
    record: Database, tmp_path: Path, foreign: str
) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / foreign).write_text("{not an export", encoding="utf-8")
    (out / "budget.csv").write_text("1,2\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="not an earlier board export"):
        exchange.board_export(_role(record, "board"), record, "csv", out)
    assert sorted(p.name for p in out.iterdir()) == sorted([foreign, "budget.csv"])


def test_a_crafted_manifest_never_makes_the_export_delete_anything_else(
    record: Database, tmp_path: Path
) -> None:
    """A manifest that lists a folder, a path outside or a symlink is not an earlier export:
    the folder is refused and everything in it stays."""
    out = tmp_path / "x1"
    (out / "data").mkdir(parents=True)
    (out / "data" / "thesis.txt").write_text("precious", encoding="utf-8")
    (tmp_path / "elsewhere.csv").write_text("mine", encoding="utf-8")
    (out / "linked.csv").symlink_to(tmp_path / "elsewhere.csv")
    listed = ["data", "../elsewhere.csv", "linked.csv"]
    manifest = {"tables": [{"file": name} for name in listed]}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(InvalidInput, match="not an earlier board export"):
        exchange.board_export(_role(record, "board"), record, "csv", out)
    assert (out / "data" / "thesis.txt").read_text(encoding="utf-8") == "precious"
    assert (tmp_path / "elsewhere.csv").read_text(encoding="utf-8") == "mine"
    assert (out / "linked.csv").is_symlink()
