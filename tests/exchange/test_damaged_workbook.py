"""A workbook damaged inside a whole zip (a crashed save, a broken converter) or pointing at a
chart sheet: one located, clear problem, exit 1, and nothing changed; never 'a bug'."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference

from engine.cli import main
from engine.reports import workbook_layout as layout
from engine.service import exchange
from tests.exchange.test_workbook_errors import _edit
from tests.reports.worlds import Certified


def _template(certified: Certified) -> bytes:
    world = certified.world
    return exchange.workbook_template(world.alpha_member, world.db, "alpha", "2026.1").content


def _cut_sheet(content: bytes, part: str = "xl/worksheets/sheet3.xml") -> bytes:
    """The workbook with one sheet's XML ending half-way."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item.filename, data[: len(data) // 2] if item.filename == part else data)
    return out.getvalue()


def _chart_in_the_metadata(book: Workbook) -> None:
    first = book.sheetnames[2]
    chart = BarChart()
    chart.add_data(Reference(book[first], min_col=5, min_row=4, max_row=6))
    book.create_chartsheet("My chart").add_chart(chart)
    book[layout.META_SHEET][f"A{layout.META_ROWS_START}"] = "My chart"


def _empty_chart_sheet(book: Workbook) -> None:
    book.create_chartsheet("Empty chart")


def _changes(certified: Certified) -> object:
    with certified.world.db.read() as cursor:
        return cursor.execute("SELECT count(*) FROM audit_log").fetchall()


def _import(certified: Certified, content: bytes) -> tuple[exchange.ImportOutcome, object]:
    world = certified.world
    outcome = exchange.import_self_assessment(world.alpha_member, world.db, "alpha.xlsx", content)
    return outcome, _changes(certified)


def test_a_sheet_cut_off_names_the_sheet_and_how_to_fix_it(certified: Certified) -> None:
    content = _template(certified)
    name = load_workbook(io.BytesIO(content)).sheetnames[2]
    before = _changes(certified)
    outcome, after = _import(certified, _cut_sheet(content))
    assert after == before and not outcome.imported
    [problem] = outcome.report.errors
    assert problem.location.file == "alpha.xlsx"
    assert f"sheet {name!r} of the workbook is damaged" in problem.message
    assert "save it again" in problem.hint_text


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (_chart_in_the_metadata, "sheet 'My chart' is a chart, not a sheet of requirements"),
        (_empty_chart_sheet, "not a readable .xlsx workbook"),
    ],
)
def test_a_chart_sheet_is_a_clear_problem(
    certified: Certified, change: Callable[[Workbook], None], said: str
) -> None:
    outcome, _ = _import(certified, _edit(_template(certified), change))
    assert not outcome.imported
    assert any(said in p.message for p in outcome.report.errors)


def test_the_command_line_says_so_in_one_line_and_exits_1(
    certified: Certified, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "alpha.xlsx"
    broken.write_bytes(_cut_sheet(_template(certified)))
    db = certified.world.db.path
    certified.world.db.close()
    code = main(["import", str(broken), "--as", "alpha-member", "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 1 and "of the workbook is damaged" in err and "bug" not in err
