"""Whether a workbook is too large to read, found before openpyxl builds it: openpyxl keeps
every cell of every sheet in memory (about a kilobyte each), so a small file of empty cells
would take gigabytes. The unpacked bytes are counted as they are read, so zip headers that
understate the sizes do not help."""

from __future__ import annotations

import io
import re
import zipfile

from engine.reports import workbook_layout as layout

_CELL = re.compile(rb"<c[\s>/]")
"""A cell element of a sheet's XML (<c r=...>, <c/>)."""
_CHUNK = 1 << 20


def too_large(raw: bytes) -> str | None:
    """What makes the workbook too large (its unpacked bytes or its cells), else None."""
    unpacked = cells = 0
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for item in archive.infolist():
            sheet = item.filename.startswith("xl/worksheets/")
            with archive.open(item) as stream:
                tail = b""
                while chunk := stream.read(_CHUNK):
                    unpacked += len(chunk)
                    if unpacked > layout.MAX_UNPACKED_BYTES:
                        limit = layout.MAX_UNPACKED_BYTES // 1_000_000
                        return f"the workbook unpacks to more than {limit} MB"
                    if sheet:  # a cell split across two chunks is counted once
                        cells += len(_CELL.findall(tail + chunk))
                        tail = chunk[-2:]
    if cells > layout.MAX_CELLS:
        return f"the workbook holds {cells:,} cells; a template has a few thousand"
    return None
