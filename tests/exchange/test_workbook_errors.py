"""A workbook with bad cells: every problem located by sheet!cell, and nothing imported."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from openpyxl import Workbook, load_workbook

from engine.models import Response
from engine.reports import workbook_layout as layout
from engine.reports import workbook_size
from engine.service import assessments, exchange
from engine.service.errors import AccessDenied
from tests.reports.worlds import Certified

TEN_BAD_CELLS: dict[tuple[str, str], object] = {
    ("SG", "E4"): "abc",  # not a rating
    ("SG", "F4"): "maybe",  # not yes or no
    ("SG", "E5"): 9,  # off the scale (0-3)
    ("SG", "F5"): "yes",  # rated and not applicable at once
    ("SG", "H5"): "x" * 20_001,  # comment too long
    ("SG", "E7"): 3,  # a row the template did not create
    ("CM", "E4"): 2.5,  # not a whole number
    ("CM", "F4"): 7,  # not yes or no
    ("CM", "E5"): True,  # true/false is not a rating
    ("CM", "G5"): "y" * 20_001,  # reason too long
}


def _edit(content: bytes, change: Callable[[Workbook], None]) -> bytes:
    book = load_workbook(io.BytesIO(content))
    change(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _set_cells(cells: dict[tuple[str, str], object]) -> Callable[[Workbook], None]:
    def change(book: Workbook) -> None:
        for (sheet, ref), value in cells.items():
            book[sheet][ref] = value

    return change


def _snapshot(certified: Certified, assessment_id: str) -> tuple[object, ...]:
    world = certified.world
    current = assessments.get_assessment(world.alpha_member, world.db, assessment_id)
    with world.db.read() as cursor:
        audit = cursor.execute("SELECT count(*) FROM audit_log").fetchall()[0][0]
        count = cursor.execute("SELECT count(*) FROM assessments").fetchall()[0][0]
    return current.responses, current.row_version, audit, count


@pytest.fixture
def draft(certified: Certified) -> str:
    world = certified.world
    started = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    answers: dict[str, Response | None] = {"SG-01": Response(rating=2), "CM-02": Response(rating=1)}
    assessments.save_responses(
        world.alpha_member, world.db, started.id, answers, started.row_version
    )
    return started.id


def _template(certified: Certified) -> bytes:
    world = certified.world
    return exchange.workbook_template(world.alpha_member, world.db, "alpha", "2026.1").content


def test_ten_bad_cells_give_ten_located_errors_and_change_nothing(
    certified: Certified, draft: str
) -> None:
    world = certified.world
    content = _edit(_template(certified), _set_cells(TEN_BAD_CELLS))
    before = _snapshot(certified, draft)
    outcome = exchange.import_self_assessment(world.alpha_member, world.db, "alpha.xlsx", content)
    errors = outcome.report.errors
    located = sorted(str(p.location.field) for p in errors)
    expected = sorted(f"{sheet}!{ref}" for sheet, ref in TEN_BAD_CELLS)
    assert located == expected, outcome.report.to_text()
    assert all(p.location.file == "alpha.xlsx" for p in errors)
    assert not outcome.imported and outcome.assessment_id is None
    assert _snapshot(certified, draft) == before
    text = outcome.report.to_text()
    assert "SG!E5" in text and "not on the scale" in text


def test_a_changed_requirement_id_is_located(certified: Certified, draft: str) -> None:
    world = certified.world
    content = _edit(_template(certified), _set_cells({("CM", "A5"): "CM-99"}))
    outcome = exchange.import_self_assessment(world.alpha_member, world.db, "a.xlsx", content)
    (problem,) = outcome.report.errors
    assert problem.location.field == "CM!A5"
    assert "CM-02" in problem.message


def test_a_deleted_sheet_is_reported(certified: Certified, draft: str) -> None:
    world = certified.world

    def drop(book: Workbook) -> None:
        del book["CM"]

    outcome = exchange.import_self_assessment(
        world.alpha_member, world.db, "a.xlsx", _edit(_template(certified), drop)
    )
    fields = {p.location.field for p in outcome.report.errors}
    assert fields == {"CM!A1"}


def test_files_that_are_not_our_workbooks(certified: Certified, draft: str) -> None:
    world = certified.world
    garbage = exchange.import_self_assessment(
        world.alpha_member, world.db, "a.xlsx", b"PK\x03\x04junk"
    )
    assert [p.code for p in garbage.report.errors] == ["file-unreadable"]
    buffer = io.BytesIO()
    Workbook().save(buffer)
    foreign = exchange.import_self_assessment(
        world.alpha_member, world.db, "a.xlsx", buffer.getvalue()
    )
    assert [p.code for p in foreign.report.errors] == ["unknown-kind"]
    other = exchange.import_self_assessment(world.alpha_member, world.db, "a.csv", b"x")
    assert [p.code for p in other.report.errors] == ["unknown-kind"]


def test_a_workbook_for_another_organisation_is_refused(certified: Certified, draft: str) -> None:
    world = certified.world
    content = _template(certified)
    refused = exchange.import_self_assessment(
        world.alpha_member, world.db, "a.xlsx", content, org_id="beta"
    )
    assert not refused.report.valid and "not 'beta'" in refused.report.to_text()
    with pytest.raises(AccessDenied, match="the file is for organisation 'alpha'; you act for"):
        exchange.import_self_assessment(world.beta_member, world.db, "a.xlsx", content)
    with pytest.raises(AccessDenied):
        exchange.import_self_assessment(world.reviewer, world.db, "a.xlsx", content)


def test_dry_run_checks_and_changes_nothing(certified: Certified, draft: str) -> None:
    world = certified.world
    content = _edit(_template(certified), _set_cells({("SG", "E5"): "3 - level 3"}))
    before = _snapshot(certified, draft)
    outcome = exchange.import_self_assessment(
        world.alpha_member, world.db, "a.xlsx", content, dry_run=True
    )
    assert outcome.report.valid and outcome.dry_run and not outcome.imported
    assert outcome.assessment_id == draft
    assert _snapshot(certified, draft) == before
    done = exchange.import_self_assessment(world.alpha_member, world.db, "a.xlsx", content)
    assert done.imported
    after = assessments.get_assessment(world.alpha_member, world.db, draft)
    assert after.responses["SG-02"].rating == 3
    assert after.responses["SG-01"].rating == 2


def test_a_formula_with_no_saved_result_is_located_not_dropped(
    certified: Certified, draft: str
) -> None:
    """A program that writes formulas without calculating them (openpyxl, scripts) saves no
    result: the answer would be empty. The cell is named, and nothing is imported."""
    world = certified.world
    formulas = {("SG", "E5"): "=1+2", ("CM", "H4"): '=CONCAT("see ", "policy")'}
    content = _edit(_template(certified), _set_cells(formulas))
    before = _snapshot(certified, draft)
    outcome = exchange.import_self_assessment(world.alpha_member, world.db, "a.xlsx", content)
    found = {(p.code, p.location.field) for p in outcome.report.errors}
    assert found == {("formula-without-value", "SG!E5"), ("formula-without-value", "CM!H4")}
    assert "=1+2" in outcome.report.to_text() and "save it" in outcome.report.to_text()
    assert not outcome.imported and _snapshot(certified, draft) == before


def test_a_formula_in_a_row_the_template_did_not_create_is_reported(
    certified: Certified, draft: str
) -> None:
    world = certified.world
    content = _edit(_template(certified), _set_cells({("SG", "E9"): "=2"}))
    outcome = exchange.import_self_assessment(world.alpha_member, world.db, "a.xlsx", content)
    assert {(p.code, p.location.field) for p in outcome.report.errors} == {
        ("unknown-reference", "SG!E9")
    }


def _with_saved_results(content: bytes, results: dict[str, str]) -> bytes:
    """The workbook as a spreadsheet program saves it: each formula's result beside it."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            for formula, result in results.items():
                data = data.replace(
                    f"<f>{formula}</f><v />".encode(), f"<f>{formula}</f><v>{result}</v>".encode()
                )
            target.writestr(item, data)
    return buffer.getvalue()


def test_a_formula_with_a_saved_result_gives_that_result(certified: Certified, draft: str) -> None:
    """Excel and LibreOffice save each formula's result: it is the answer, as on screen."""
    world = certified.world
    typed = _edit(_template(certified), _set_cells({("SG", "E5"): "=1+2"}))
    content = _with_saved_results(typed, {"1+2": "3"})
    outcome = exchange.import_self_assessment(world.alpha_member, world.db, "a.xlsx", content)
    assert outcome.imported, outcome.report.to_text()
    after = assessments.get_assessment(world.alpha_member, world.db, draft)
    assert after.responses["SG-02"].rating == 3


@pytest.mark.parametrize("row", [0, -5, 1_000_000_000, 3])
def test_a_damaged_row_number_in_the_metadata_is_located(
    certified: Certified, draft: str, row: int
) -> None:
    world = certified.world
    cell = f"B{layout.META_ROWS_START}"
    content = _edit(_template(certified), _set_cells({(layout.META_SHEET, cell): row}))
    outcome = exchange.import_self_assessment(world.alpha_member, world.db, "a.xlsx", content)
    assert not outcome.imported
    assert f"{layout.META_SHEET}!{cell}" in {p.location.field for p in outcome.report.errors}


@pytest.mark.parametrize(("key", "value"), [("org_id", None), ("org_name", None), ("profile", "{")])
def test_damaged_metadata_is_located_at_its_own_cell(
    certified: Certified, draft: str, key: str, value: object
) -> None:
    world = certified.world
    cell = f"B{layout.meta_row(key)}"
    content = _edit(_template(certified), _set_cells({(layout.META_SHEET, cell): value}))
    outcome = exchange.import_self_assessment(world.alpha_member, world.db, "a.xlsx", content)
    (problem,) = outcome.report.errors
    assert problem.location.field == f"{layout.META_SHEET}!{cell}"
    assert "metadata is damaged" in problem.message


def test_a_sheet_used_far_below_the_template_is_refused_at_once(
    certified: Certified, draft: str
) -> None:
    """One value in the last row of the sheet: the rows in between are not read one by one."""
    world = certified.world
    content = _edit(_template(certified), _set_cells({("SG", "H1048576"): "x"}))
    outcome = exchange.import_self_assessment(world.alpha_member, world.db, "a.xlsx", content)
    (problem,) = outcome.report.errors
    assert problem.location.field == "SG!A1048576"
    assert "delete the rows below" in problem.message


def test_a_workbook_that_unpacks_too_large_is_refused(
    certified: Certified, draft: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = certified.world
    monkeypatch.setattr(layout, "MAX_UNPACKED_BYTES", 5_000)
    outcome = exchange.import_self_assessment(
        world.alpha_member, world.db, "a.xlsx", _template(certified)
    )
    assert [p.code for p in outcome.report.errors] == ["file-too-large"]
    assert "unpacks to" in outcome.report.errors[0].message


def test_a_workbook_of_too_many_cells_is_refused_before_it_is_built(
    certified: Certified, draft: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 91 KB file of empty cells took 5 GB in openpyxl: cells are counted in the XML first."""
    world = certified.world
    assert workbook_size.too_large(_template(certified)) is None
    monkeypatch.setattr(layout, "MAX_CELLS", 10)
    outcome = exchange.import_self_assessment(
        world.alpha_member, world.db, "a.xlsx", _template(certified)
    )
    (problem,) = outcome.report.errors
    assert problem.code == "file-too-large" and "cells; a template has" in problem.message
