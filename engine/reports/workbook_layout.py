"""The layout of the offline self-assessment workbook, shared by the writer and the reader.

One sheet per applicable standard (named by its code), an instructions sheet, a hidden list
sheet for the drop-downs, and a very hidden metadata sheet: which organisation, release and
profile the workbook is for, and which requirement sits in which row of which sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_NAME = "accredit-self-assessment-workbook"
FORMAT_VERSION = 1

INSTRUCTIONS_SHEET = "Instructions"
LISTS_SHEET = "_lists"
META_SHEET = "_accredit"

HEADER_ROW = 3
FIRST_ROW = 4


@dataclass(frozen=True)
class Column:
    letter: str
    key: str
    title: str
    width: int
    answer: bool
    """Answer columns are unlocked and read back; the others are for reading only."""


COLUMNS: tuple[Column, ...] = (
    Column("A", "id", "Requirement", 12, answer=False),
    Column("B", "title", "Title", 34, answer=False),
    Column("C", "statement", "What must be true", 60, answer=False),
    Column("D", "critical", "Critical", 9, answer=False),
    Column("E", "rating", "Rating", 26, answer=True),
    Column("F", "not_applicable", "Not applicable", 14, answer=True),
    Column("G", "na_reason", "Reason it does not apply", 40, answer=True),
    Column("H", "comment", "Comment", 50, answer=True),
)
COLUMN: dict[str, str] = {c.key: c.letter for c in COLUMNS}

YES, NO = "yes", "no"
YES_WORDS = frozenset({"yes", "y", "true", "ja", "oui", "x"})
NO_WORDS = frozenset({"no", "n", "false", "nein", "non", ""})

META_KEYS: tuple[str, ...] = (
    "format",
    "format_version",
    "org_id",
    "org_name",
    "release",
    "profile",
    "language",
)
"""Rows 1.. of the metadata sheet: key in column A, value in column B."""

META_ROWS_START = len(META_KEYS) + 2
"""Where the requirement map starts: sheet in A, row in B, requirement id in C."""

MAX_WORKBOOK_BYTES = 5_000_000
MAX_UNPACKED_BYTES = 40_000_000
"""What the workbook's files may add up to unpacked: every answer cell at MAX_TEXT is about
12 MB for today's release; a zip bomb or a sheet filled far below the template is refused."""
MAX_CELLS = 100_000
"""Cells the sheets may hold together (a template has a few thousand): each costs openpyxl
about a kilobyte, so a small file of empty cells must not be read."""
MAX_ROWS = 5_000
"""The last row a sheet may use: a template has one row per requirement (76 in 2026.1)."""
MAX_TEXT = 20_000


def meta_row(key: str) -> int:
    return META_KEYS.index(key) + 1
