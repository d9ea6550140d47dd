"""`accredit validate` must answer a hostile file within 2 s, interpreter start included: the
command table may not import the PDF, workbook, Arrow or dashboard libraries (seconds each);
the commands that need them import them when they run."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("fpdf", "openpyxl", "pyarrow", "qrcode", "pandas", "plotly", "streamlit", "PIL")
PROBE = (
    "import sys, engine.cli\n"
    "engine.cli.build_parser(engine.cli.command_table())\n"
    f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
)


def test_the_command_table_imports_no_heavy_library() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "", f"imported at start: {done.stdout.strip()}"
