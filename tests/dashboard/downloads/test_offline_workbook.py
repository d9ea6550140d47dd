"""Working offline from the dashboard: the workbook upload, every problem by sheet and cell, all or
nothing."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from dashboard.navigation import WORKSPACE
from engine.service import assessments, exchange
from engine.service.principals import SYSTEM
from engine.storage import Database
from tests.dashboard.conftest import SignIn, button, principal_of, texts
from tests.dashboard.downloads.cast import WORKBOOK_LABEL, Cast, downloaded, staff


def _workspace(sign_in: SignIn, cast: Cast) -> tuple[AppTest, bytes]:
    at = sign_in(*staff(cast.draft_org), str(WORKSPACE.path))
    name, content = downloaded(at, WORKBOOK_LABEL)
    assert name.startswith(f"self-assessment-{cast.draft_org}-") and name.endswith(".xlsx")
    assert content[:2] == b"PK"
    return at, content


def _edited(content: bytes, cells: dict[tuple[str, str], object]) -> bytes:
    book = load_workbook(io.BytesIO(content))
    for (sheet, ref), value in cells.items():
        book[sheet][ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _standard_sheets(content: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(content))
    return [s for s in book.sheetnames if not s.startswith("_") and s != "Instructions"]


def _upload(at: AppTest, cast: Cast, name: str, content: bytes) -> AppTest:
    at.file_uploader(key=f"offline:{cast.draft}:file").upload(name, content)
    imported: AppTest = button(at, "Import answers").click().run()
    return imported


def _saved(at: AppTest, record: Database, cast: Cast) -> tuple[object, int]:
    found = assessments.get_assessment(principal_of(at), record, cast.draft)
    return found.responses, found.row_version


def test_bad_cells_are_shown_by_sheet_and_cell_and_nothing_changes(
    sign_in: SignIn, cast: Cast, record: Database
) -> None:
    at, content = _workspace(sign_in, cast)
    first, second = _standard_sheets(content)[:2]
    bad = {(first, "E4"): "abc", (first, "F5"): "maybe", (second, "E4"): 9}
    before = _saved(at, record, cast)
    at = _upload(at, cast, "filled.xlsx", _edited(content, bad))
    assert "Nothing was imported: 3 problem(s) in filled.xlsx" in texts(at)
    table = at.dataframe[0].value
    assert {(r.Sheet, r.Cell) for r in table.itertuples()} == set(bad)
    assert _saved(at, record, cast) == before


def test_a_good_workbook_is_imported_and_the_form_shows_it(
    sign_in: SignIn, cast: Cast, record: Database
) -> None:
    at, content = _workspace(sign_in, cast)
    first = _standard_sheets(content)[0]
    requirement = str(load_workbook(io.BytesIO(content))[first]["A4"].value)
    filled = _edited(content, {(first, "E4"): 3, (first, "F4"): "no"})
    at = _upload(at, cast, "filled.xlsx", filled)
    assert f"answer(s) imported from filled.xlsx into {cast.draft}" in texts(at)
    responses, _ = _saved(at, record, cast)
    assert responses[requirement].rating == 3  # type: ignore[index]
    assert at.radio(key=f"answer:{cast.draft}:{requirement}:rating").value == 3


def test_a_broken_yaml_file_is_located_and_nothing_changes(
    sign_in: SignIn, cast: Cast, record: Database
) -> None:
    at, _ = _workspace(sign_in, cast)
    before = _saved(at, record, cast)
    at = _upload(at, cast, "answers.yaml", b"kind: self_assessment\nresponses: [\n")
    assert "Nothing was imported" in texts(at)
    assert len(at.dataframe[0].value) >= 1
    assert _saved(at, record, cast) == before


def test_a_workbook_of_another_organisation_is_refused(
    sign_in: SignIn, cast: Cast, record: Database
) -> None:
    other = sign_in(*staff(cast.other_org))
    release = assessments.get_assessment(SYSTEM, record, cast.draft).release_version
    foreign = exchange.workbook_template(principal_of(other), record, cast.other_org, release)
    at, _ = _workspace(sign_in, cast)
    before = _saved(at, record, cast)
    at = _upload(at, cast, foreign.file_name, foreign.content)
    assert "Nothing was imported" in texts(at)
    assert cast.other_org in at.dataframe[0].value.to_string()
    assert _saved(at, record, cast) == before
