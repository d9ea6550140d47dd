"""Writing the offline self-assessment workbook (openpyxl).

Only the requirements that apply to the organisation's profile are listed; answers already
given are filled in, so a workbook can be exported, completed offline and imported again.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from engine.models.assessment import Response
from engine.models.bundle import ReleaseBundle
from engine.models.profile import OrganisationProfile
from engine.models.standard import Requirement, Standard
from engine.reports import workbook_layout as layout
from engine.reports.workbook_text import INSTRUCTIONS
from engine.rules.applicability import applicability

_HEADER_FILL = PatternFill("solid", fgColor="EEF3F8")
_ANSWER_FILL = PatternFill("solid", fgColor="FFFBE6")
_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class WorkbookRequest:
    org_id: str
    org_name: str
    bundle: ReleaseBundle
    profile: OrganisationProfile
    language: str = "en"
    responses: Mapping[str, Response] | None = None


def clean_text(text: str) -> str:
    """Text as a cell can hold it: control characters that XML forbids are removed."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def _put_text(sheet: Worksheet, ref: str, text: str | None) -> None:
    """Write text as text: a leading '=' stays a string, never becomes a formula."""
    cell = sheet[ref]
    if text is None:
        return
    cell.value = clean_text(text)
    cell.data_type = "s"


def rating_choice(value: int, request: WorkbookRequest) -> str:
    level = next(lv for lv in request.bundle.policy.rating_scale.levels if lv.value == value)
    return f"{value} - {level.label.get(request.language)}"


def _lists_sheet(book: Workbook, request: WorkbookRequest) -> int:
    sheet = book.create_sheet(layout.LISTS_SHEET)
    levels = request.bundle.policy.rating_scale.levels
    for row, level in enumerate(levels, start=1):
        _put_text(sheet, f"A{row}", rating_choice(level.value, request))
    sheet["B1"], sheet["B2"] = layout.YES, layout.NO
    sheet.sheet_state = "hidden"
    return len(levels)


def _validations(sheet: Worksheet, levels: int, last_row: int) -> None:
    ratings = DataValidation(
        type="list", formula1=f"{layout.LISTS_SHEET}!$A$1:$A${levels}", allow_blank=True
    )
    ratings.error, ratings.errorTitle = "Choose a rating from the list.", "Rating"
    yes_no = DataValidation(
        type="list", formula1=f"{layout.LISTS_SHEET}!$B$1:$B$2", allow_blank=True
    )
    for validation, key in ((ratings, "rating"), (yes_no, "not_applicable")):
        validation.showErrorMessage = True
        column = layout.COLUMN[key]
        validation.add(f"{column}{layout.FIRST_ROW}:{column}{last_row}")
        sheet.add_data_validation(validation)


def _answer_cells(
    sheet: Worksheet, row: int, response: Response | None, request: WorkbookRequest
) -> None:
    col = layout.COLUMN
    if response is None:
        return
    if response.rating is not None:
        _put_text(sheet, f"{col['rating']}{row}", rating_choice(response.rating, request))
    if response.not_applicable:
        sheet[f"{col['not_applicable']}{row}"] = layout.YES
    _put_text(sheet, f"{col['na_reason']}{row}", response.na_reason)
    _put_text(sheet, f"{col['comment']}{row}", response.comment)


def _requirement_row(
    sheet: Worksheet, row: int, requirement: Requirement, request: WorkbookRequest
) -> None:
    language = request.language
    _put_text(sheet, f"A{row}", requirement.id)
    _put_text(sheet, f"B{row}", requirement.title.get(language))
    _put_text(sheet, f"C{row}", requirement.statement.get(language))
    sheet[f"D{row}"] = layout.YES if requirement.critical else layout.NO
    responses = request.responses or {}
    _answer_cells(sheet, row, responses.get(requirement.id), request)
    for column in layout.COLUMNS:
        cell = sheet[f"{column.letter}{row}"]
        cell.alignment = _WRAP
        if column.answer:
            cell.protection = Protection(locked=False)
            cell.fill = _ANSWER_FILL


def _standard_sheet(
    book: Workbook, standard: Standard, ids: list[str], request: WorkbookRequest, levels: int
) -> list[tuple[str, int, str]]:
    sheet = book.create_sheet(standard.code)
    _put_text(sheet, "A1", f"{standard.code} {standard.title.get(request.language)}")
    sheet["A1"].font = Font(bold=True, size=14)
    _put_text(sheet, "A2", standard.purpose.get(request.language))
    for column in layout.COLUMNS:
        cell = sheet[f"{column.letter}{layout.HEADER_ROW}"]
        cell.value, cell.font, cell.fill = column.title, Font(bold=True), _HEADER_FILL
        sheet.column_dimensions[column.letter].width = column.width
    placed: list[tuple[str, int, str]] = []
    for row, requirement_id in enumerate(ids, start=layout.FIRST_ROW):
        requirement = standard.requirement(requirement_id)
        assert requirement is not None  # ids come from this standard
        _requirement_row(sheet, row, requirement, request)
        placed.append((standard.code, row, requirement_id))
    _validations(sheet, levels, layout.FIRST_ROW + len(ids) - 1)
    sheet.freeze_panes = f"A{layout.FIRST_ROW}"
    sheet.protection.sheet = True  # guards the ids and texts; answer cells are unlocked
    return placed


def _meta_sheet(
    book: Workbook, request: WorkbookRequest, placed: list[tuple[str, int, str]]
) -> None:
    sheet = book.create_sheet(layout.META_SHEET)
    values = {
        "format": layout.FORMAT_NAME,
        "format_version": str(layout.FORMAT_VERSION),
        "org_id": request.org_id,
        "org_name": request.org_name,
        "release": request.bundle.version,
        "profile": request.profile.model_dump_json(),
        "language": request.language,
    }
    for key, value in values.items():
        row = layout.meta_row(key)
        _put_text(sheet, f"A{row}", key)
        _put_text(sheet, f"B{row}", value)
    for offset, (sheet_name, row, requirement_id) in enumerate(placed):
        at = layout.META_ROWS_START + offset
        _put_text(sheet, f"A{at}", sheet_name)
        sheet[f"B{at}"] = row
        _put_text(sheet, f"C{at}", requirement_id)
    sheet.sheet_state = "veryHidden"


def _instructions(book: Workbook, request: WorkbookRequest) -> None:
    sheet = book.active
    assert sheet is not None
    sheet.title = layout.INSTRUCTIONS_SHEET
    sheet.column_dimensions["A"].width = 110
    lines = [
        f"{request.org_name} ({request.org_id}), release {request.bundle.version}",
        *INSTRUCTIONS,
        "",
        *(
            rating_choice(lv.value, request) + ": " + lv.descriptor.get(request.language)
            for lv in request.bundle.policy.rating_scale.levels
        ),
    ]
    for row, line in enumerate(lines, start=1):
        _put_text(sheet, f"A{row}", line)
        sheet[f"A{row}"].alignment = _WRAP
    sheet["A1"].font = Font(bold=True, size=14)


def build_workbook(request: WorkbookRequest) -> bytes:
    """The workbook as .xlsx bytes."""
    applies = applicability(request.bundle, request.profile)
    applicable = set(applies.applicable_requirement_ids())
    book = Workbook()
    _instructions(book, request)
    levels = _lists_sheet(book, request)
    placed: list[tuple[str, int, str]] = []
    for standard in request.bundle.standards:
        ids = [r.id for r in standard.requirements if r.id in applicable]
        if ids:
            placed.extend(_standard_sheet(book, standard, ids, request, levels))
    _meta_sheet(book, request, placed)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
