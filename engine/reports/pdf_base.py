"""A PDF document with the shipped DejaVu Sans font (every en, de and fr character renders).

The fonts live in engine/reports/fonts (Bitstream Vera / DejaVu licence, permissive; see
LICENSE-DejaVu.txt there). Documents carry a fixed creation date so that the same data gives
the same file.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

FONT_DIR = Path(__file__).parent / "fonts"
FONT = "DejaVu"
FONT_FILES: dict[str, str] = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
INK = (26, 26, 26)
ACCENT = (31, 78, 121)


def new_pdf(title: str, created: datetime.date, orientation: str = "portrait") -> FPDF:
    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    for style, file_name in FONT_FILES.items():
        pdf.add_font(FONT, style, str(FONT_DIR / file_name))
    pdf.set_title(title)
    pdf.set_author("INDEX Accredit")
    pdf.set_creator("Accredit")
    moment = datetime.datetime(created.year, created.month, created.day, tzinfo=datetime.UTC)
    pdf.set_creation_date(moment)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(18, 18, 18)
    pdf.add_page()
    pdf.set_text_color(*INK)
    return pdf


def heading(pdf: FPDF, text: str, size: float = 13) -> None:
    pdf.ln(3)
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, size * 0.5, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.ln(1)


def paragraph(pdf: FPDF, text: str, size: float = 10, style: str = "") -> None:
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(0, size * 0.5, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def fact_line(pdf: FPDF, name: str, value: str, size: float = 10) -> None:
    """`name: value` with the name in bold."""
    pdf.set_font(FONT, "B", size)
    width = max(48.0, pdf.get_string_width(name) + 3)
    pdf.cell(width, size * 0.55, name, new_x=XPos.RIGHT, new_y=YPos.TOP)
    pdf.set_font(FONT, "", size)
    pdf.multi_cell(0, size * 0.55, value, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def as_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())
