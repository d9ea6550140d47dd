"""Reading a completed workbook back into a self-assessment, or every problem by sheet!cell.

Nothing is half-read: the result holds a document only when the whole workbook is correct.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from engine.loading.problems import Location, Problem, ValidationReport
from engine.models.assessment import OrganisationRef, Response, SelfAssessment
from engine.models.bundle import ReleaseBundle
from engine.models.profile import OrganisationProfile
from engine.reports import workbook_layout as layout
from engine.reports.import_result import ReleaseLookup, SelfAssessmentImport
from engine.reports.workbook_cells import (
    CellRef,
    read_cell,
    read_rating,
    read_text,
    read_yes_no,
)
from engine.reports.workbook_open import open_workbook
from engine.wording import quoted

ANSWER_KEYS = tuple(c.key for c in layout.COLUMNS if c.answer)


@dataclass
class _Reading:
    file: str
    book: Workbook
    """The values, as the spreadsheet program last saved them."""
    formulas: Workbook
    """The same cells as typed: a formula is its text (=...)."""
    problems: list[Problem] = field(default_factory=list)

    def at(self, sheet: str, ref: str) -> CellRef:
        return CellRef(self.file, sheet, ref)

    def value(self, sheet: str, ref: str) -> object:
        """A cell's value; a formula whose result was never saved (a file written by a
        program that does not calculate) is a problem at the cell, not an empty answer."""
        found = self.book[sheet][ref].value
        typed = self.formulas[sheet][ref].value
        if found is None and isinstance(typed, str) and typed.startswith("="):
            shown = typed if len(typed) <= 40 else typed[:37] + "..."
            message = (
                f"this cell holds the formula {shown} but no result of it was saved; type "
                "the value itself, or open the workbook in a spreadsheet program and save it"
            )
            self.problems.append(self.at(sheet, ref).problem("formula-without-value", message))
        return found


def _meta(reading: _Reading) -> dict[str, str] | None:
    if layout.META_SHEET not in reading.book.sheetnames or not isinstance(
        reading.book[layout.META_SHEET], Worksheet
    ):
        reading.problems.append(
            Problem(
                "unknown-kind",
                "this workbook was not written by `accredit template` (no metadata sheet)",
                Location(file=reading.file),
            )
        )
        return None
    sheet = reading.book[layout.META_SHEET]
    values = {key: sheet[f"B{layout.meta_row(key)}"].value for key in layout.META_KEYS}
    if values["format"] != layout.FORMAT_NAME or str(values["format_version"]) != str(
        layout.FORMAT_VERSION
    ):
        cell = reading.at(layout.META_SHEET, f"B{layout.meta_row('format')}")
        reading.problems.append(cell.problem("unknown-kind", "unknown workbook format or version"))
        return None
    return {k: "" if v is None else str(v) for k, v in values.items()}


def _too_long(reading: _Reading, sheet: Worksheet) -> bool:
    """A sheet used far below any template's rows: one problem, and it is not read."""
    if sheet.max_row <= layout.MAX_ROWS:
        return False
    message = (
        f"this sheet has rows down to {sheet.max_row}; a template has at most "
        f"{layout.MAX_ROWS}: delete the rows below the requirements"
    )
    reading.problems.append(
        reading.at(sheet.title, f"A{sheet.max_row}").problem("invalid-value", message)
    )
    return True


def _placements(reading: _Reading) -> list[tuple[str, int, str]]:
    sheet = reading.book[layout.META_SHEET]
    placed: list[tuple[str, int, str]] = []
    if _too_long(reading, sheet):
        return placed
    for row in range(layout.META_ROWS_START, sheet.max_row + 1):
        name, at, requirement_id = (sheet[f"{c}{row}"].value for c in "ABC")
        if not (isinstance(name, str) and isinstance(at, int) and isinstance(requirement_id, str)):
            continue
        if not layout.FIRST_ROW <= at <= layout.MAX_ROWS:
            reading.problems.append(
                reading.at(sheet.title, f"B{row}").problem(
                    "invalid-value", f"row {at} is not a row of the template; metadata is damaged"
                )
            )
            continue
        placed.append((name, at, requirement_id))
    return placed


def _row_response(
    reading: _Reading, sheet: Worksheet, row: int, scale: frozenset[int]
) -> Response | None:
    col = layout.COLUMN
    name = sheet.title

    before = len(reading.problems)
    answers = {key: reading.value(name, f"{col[key]}{row}") for key in ANSWER_KEYS}
    rating_cell = reading.at(name, f"{col['rating']}{row}")
    rating = read_cell(rating_cell, answers["rating"], read_rating, reading.problems)
    if isinstance(rating, int) and rating not in scale:
        allowed = ", ".join(map(str, sorted(scale)))
        reading.problems.append(
            rating_cell.problem("invalid-value", f"rating {rating} is not on the scale ({allowed})")
        )
    na_cell = reading.at(name, f"{col['not_applicable']}{row}")
    na = read_cell(na_cell, answers["not_applicable"], read_yes_no, reading.problems)
    reason = read_cell(
        reading.at(name, f"{col['na_reason']}{row}"),
        answers["na_reason"],
        read_text,
        reading.problems,
    )
    comment = read_cell(
        reading.at(name, f"{col['comment']}{row}"), answers["comment"], read_text, reading.problems
    )
    if na is True and rating is not None:
        reading.problems.append(
            na_cell.problem("invalid-value", "give a rating or mark it not applicable, not both")
        )
    if len(reading.problems) > before or (
        rating is None and not na and reason is None and comment is None
    ):
        return None
    return Response(
        rating=rating if isinstance(rating, int) else None,
        not_applicable=na is True,
        na_reason=reason if isinstance(reason, str) else None,
        comment=comment if isinstance(comment, str) else None,
    )


def _unexpected_rows(reading: _Reading, sheet: Worksheet, known_rows: set[int]) -> None:
    """Answers typed into rows that the template did not create."""
    answer_columns = [c.letter for c in layout.COLUMNS if c.answer]
    typed = reading.formulas[sheet.title]  # a formula counts, saved result or not
    if _too_long(reading, sheet):
        return
    for row in range(layout.FIRST_ROW, sheet.max_row + 1):
        if row in known_rows:
            continue
        for letter in answer_columns:
            if typed[f"{letter}{row}"].value not in (None, ""):
                reading.problems.append(
                    reading.at(sheet.title, f"{letter}{row}").problem(
                        "unknown-reference", "this row is not a requirement of the template"
                    )
                )


def _requirement_sheet(reading: _Reading, name: str) -> Worksheet | None:
    """The sheet a metadata row names, if it is there and a sheet of cells (not a chart)."""
    if name not in reading.book.sheetnames:
        problem = reading.at(name, "A1").problem("missing-field", f"sheet {name!r} is missing")
    elif not isinstance(reading.book[name], Worksheet):
        message = f"sheet {name!r} is a chart, not a sheet of requirements: metadata is damaged"
        hint = "Download a new workbook and copy your answers into it."
        problem = Problem("invalid-value", message, Location(reading.file, field=name), hint=hint)
    else:
        found: Worksheet = reading.book[name]
        return found
    reading.problems.append(problem)
    return None


def _responses(reading: _Reading, bundle: ReleaseBundle) -> tuple[dict[str, Response], list[str]]:
    scale = frozenset(level.value for level in bundle.policy.rating_scale.levels)
    responses: dict[str, Response] = {}
    covered: list[str] = []
    rows_by_sheet: dict[str, set[int]] = {}
    for name, row, requirement_id in _placements(reading):
        if bundle.requirement(requirement_id) is None:
            reading.problems.append(
                reading.at(name, f"A{row}").problem(
                    "unknown-reference", f"release {bundle.version} has no {requirement_id}"
                )
            )
            continue
        sheet = _requirement_sheet(reading, name)
        if sheet is None:
            continue
        rows_by_sheet.setdefault(name, set()).add(row)
        found = sheet[f"A{row}"].value
        if found != requirement_id:
            message = f"expected requirement {requirement_id} here, found {quoted(found)}"
            reading.problems.append(reading.at(name, f"A{row}").problem("invalid-value", message))
            continue
        covered.append(requirement_id)
        response = _row_response(reading, sheet, row, scale)
        if response is not None:
            responses[requirement_id] = response
    for name, rows in rows_by_sheet.items():
        _unexpected_rows(reading, reading.book[name], rows)
    return responses, covered


_META_FIELDS = {"id": "org_id", "name": "org_name", "organisation": "org_id", "release": "release"}
"""The metadata cell (key of META_KEYS) that holds what a validation error is about."""


def _damaged(reading: _Reading, key: str, error: Exception) -> None:
    """'metadata is damaged' at the cell the error is about (else at `key`'s cell)."""
    said = str(error).splitlines()[0]
    if isinstance(error, ValidationError) and error.errors():
        first = error.errors()[0]
        key = _META_FIELDS.get(str(first["loc"][0]) if first["loc"] else "", key)
        said = first["msg"]
    cell = reading.at(layout.META_SHEET, f"B{layout.meta_row(key)}")
    reading.problems.append(cell.problem("invalid-value", f"metadata is damaged: {said[:200]}"))


def _document(
    reading: _Reading, meta: dict[str, str], responses: dict[str, Response]
) -> SelfAssessment | None:
    try:
        profile = OrganisationProfile.model_validate(json.loads(meta["profile"]))
    except (ValueError, RecursionError) as error:  # a ValidationError is a ValueError
        _damaged(reading, "profile", ValueError(str(error)))
        return None
    try:
        return SelfAssessment(
            kind="self_assessment",
            schema_version=1,
            organisation=OrganisationRef(id=meta["org_id"], name=meta["org_name"]),
            release=meta["release"],
            profile=profile,
            responses=responses,
        )
    except ValidationError as error:
        _damaged(reading, "org_id", error)
        return None


def read_workbook(raw: bytes, file: str, releases: ReleaseLookup) -> SelfAssessmentImport:
    """Read a workbook written by `build_workbook`; every problem located at its sheet!cell."""
    report = ValidationReport(files=[file])
    books = open_workbook(raw, file)
    if isinstance(books, Problem):
        report.problems.append(books)
        return SelfAssessmentImport(report)
    reading = _Reading(file, *books)
    meta = _meta(reading)
    bundle = releases(meta["release"]) if meta else None
    if meta and bundle is None:
        cell = reading.at(layout.META_SHEET, f"B{layout.meta_row('release')}")
        reading.problems.append(
            cell.problem("unknown-reference", f"unknown release {quoted(meta['release'])}")
        )
    if meta is None or bundle is None:
        report.problems.extend(reading.problems)
        return SelfAssessmentImport(report)
    responses, covered = _responses(reading, bundle)
    document = _document(reading, meta, responses)
    report.problems.extend(reading.problems)
    return SelfAssessmentImport(report, document if report.valid else None, tuple(covered))
