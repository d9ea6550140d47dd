"""Opening a workbook to import, and, when its zip is whole but a part inside is not (as a
crashed save or a broken converter leaves it), which part: named as its user knows it, by the
sheet's name.

Only workbooks that `workbook_size` has let through are searched for the damage (bounded in
size), by expat, which refuses document type declarations here: a workbook has none.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from xml.etree.ElementTree import Element, ParseError, fromstring
from xml.parsers import expat

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from engine.loading.problems import Location, Problem
from engine.reports import workbook_layout as layout
from engine.reports import workbook_size

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
HOW_TO_FIX = (
    "The file was not saved whole: open it in Excel or LibreOffice and save it again, or "
    "download a new workbook and copy your answers into it."
)


class _NoDoctype(Exception):
    pass


def _refuse_doctype(*_: object) -> None:
    raise _NoDoctype


def _broken(data: bytes) -> str | None:
    """Where and why the part's XML is broken, or None when it is well formed."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_doctype
    try:
        parser.Parse(data, True)
    except _NoDoctype:
        return "it declares a document type, which a workbook never does"
    except expat.ExpatError as error:
        return str(error)
    return None


def _root(archive: zipfile.ZipFile, part: str) -> Element | None:
    try:
        data = archive.read(part)
    except KeyError:
        return None
    return None if _broken(data) else fromstring(data)  # noqa: S314 - checked first: no DTD


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part (xl/worksheets/sheet3.xml) with the name of its sheet."""
    book = _root(archive, "xl/workbook.xml")
    rels = _root(archive, "xl/_rels/workbook.xml.rels")
    if book is None or rels is None:
        return {}
    targets = {
        r.get("Id"): _part(str(r.get("Target", ""))) for r in rels.iter(f"{_RELS}Relationship")
    }
    return {
        targets[s.get(_REL_ID)]: str(s.get("name"))
        for s in book.iter(f"{_MAIN}sheet")
        if s.get(_REL_ID) in targets
    }


def _part(target: str) -> str:
    """A relationship's target as the path of the part in the zip."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join("xl", target))


def _what(part: str, names: dict[str, str]) -> str:
    if part in names:
        return f"sheet {names[part]!r} of the workbook"
    return f"the workbook's part {part}"


def damaged_part(raw: bytes, file: str) -> Problem:
    """The problem of a workbook openpyxl could not parse: which part, where, how to fix."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for item in archive.infolist():
            if not item.filename.endswith((".xml", ".rels")):
                continue
            found = _broken(archive.read(item))
            if found:
                what = _what(item.filename, _sheet_names(archive))
                message = f"{what} is damaged ({found[:200]})"
                return Problem("file-unreadable", message, Location(file=file), hint=HOW_TO_FIX)
    message = "the workbook's XML is damaged"
    return Problem("file-unreadable", message, Location(file=file), hint=HOW_TO_FIX)


def open_workbook(raw: bytes, file: str) -> tuple[Workbook, Workbook] | Problem:
    """The workbook's saved values and its cells as typed."""
    if len(raw) > layout.MAX_WORKBOOK_BYTES:
        message = f"the workbook has {len(raw)} bytes; at most {layout.MAX_WORKBOOK_BYTES}"
        return Problem("file-too-large", message, Location(file=file))
    try:
        too_large = workbook_size.too_large(raw)
        if too_large:
            message = f"{too_large}: delete what was added below the template's rows"
            return Problem("file-too-large", message, Location(file=file))
        values = load_workbook(io.BytesIO(raw), data_only=True)
        return values, load_workbook(io.BytesIO(raw), data_only=False)
    except ParseError:  # the zip is whole, a part inside it is not
        return damaged_part(raw, file)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        # AttributeError: openpyxl stumbles on some parts it cannot read (an empty chart sheet)
        message = f"not a readable .xlsx workbook ({type(error).__name__})"
        return Problem("file-unreadable", message, Location(file=file), hint=HOW_TO_FIX)
