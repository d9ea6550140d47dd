"""Reading one answer cell of the workbook: a value, or a problem located at its sheet!cell."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from engine.loading.problems import Location, Problem
from engine.reports import workbook_layout as layout

_RATING_TEXT = re.compile(r"^\s*(-?\d+)\s*(?:[-–—:].*)?$", re.DOTALL)


@dataclass(frozen=True)
class CellRef:
    file: str
    sheet: str
    ref: str

    def problem(self, code: str, message: str) -> Problem:
        return Problem(code, message, Location(file=self.file, field=f"{self.sheet}!{self.ref}"))


class CellProblem(Exception):
    """Raised by a cell reader; the caller turns it into a located Problem."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def read_rating(value: object) -> int | None:
    """A rating cell: empty, a whole number, or a drop-down choice such as '3 - Implemented'."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellProblem("wrong-type", "a rating is a number from the list, not true/false")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise CellProblem("invalid-value", f"a rating is a whole number, not {value}")
        return int(value)
    if isinstance(value, str):
        match = _RATING_TEXT.match(value)
        if match is None:
            raise CellProblem("invalid-value", f"{value[:40]!r} is not a rating from the list")
        return int(match.group(1))
    raise CellProblem(
        "wrong-type", f"a rating is a number from the list, not a {type(value).__name__}"
    )


def read_yes_no(value: object) -> bool:
    """The 'not applicable' cell: yes or no (empty is no)."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in layout.YES_WORDS:
            return True
        if word in layout.NO_WORDS:
            return False
    raise CellProblem("invalid-value", f"write yes or no, not {str(value)[:40]!r}")


def read_text(value: object) -> str | None:
    """A free-text cell: empty is no text; numbers typed into it are kept as text."""
    if value is None:
        return None
    text = _number_text(value) if isinstance(value, float) else str(value)
    if not text.strip():
        return None
    if len(text) > layout.MAX_TEXT:
        raise CellProblem(
            "invalid-value", f"the text has {len(text)} characters; at most {layout.MAX_TEXT}"
        )
    return text


def read_cell(
    cell: CellRef, value: object, reader: Callable[[object], object], problems: list[Problem]
) -> object:
    """Run one cell reader; a problem is recorded at the cell and None is returned."""
    try:
        return reader(value)
    except CellProblem as error:
        problems.append(cell.problem(error.code, error.message))
        return None
