"""A PDF document with the shipped DejaVu Sans font, and a fallback font for every script it
lacks (`pdf_fonts`), loaded the first time the document's text needs it; text written right to
left or in a script whose letters join or reorder is shaped with HarfBuzz.

The fonts live in engine/reports/fonts (DejaVu: Bitstream Vera / DejaVu licence; Noto: SIL Open
Font Licence; Droid Sans Fallback: Apache licence; see the LICENSE files there). Documents carry
a fixed creation date so that the same data gives the same file.
"""

from __future__ import annotations

import datetime

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from engine.reports import pdf_fonts

FONT_DIR = pdf_fonts.FONT_DIR
FONT = "DejaVu"
FONT_FILES: dict[str, str] = {"": pdf_fonts.MAIN_FONT_FILE, "B": "DejaVuSans-Bold.ttf"}
INK = (26, 26, 26)
ACCENT = (31, 78, 121)


class Document(FPDF):
    """An FPDF that finds a font for each character of its text: every piece of text passes
    through `normalize_text` (cells, paragraphs, string widths) before it is measured or
    written, and the fallback fonts it needs are added to the document there, once."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.characters_seen: set[str] = set()
        self.fallback_fonts: set[pdf_fonts.FallbackFont] = set()

    def normalize_text(self, text: str) -> str:
        if not text.isascii():
            self._cover(text)
        return str(super().normalize_text(text))

    def _cover(self, text: str) -> None:
        new = set(text) - self.characters_seen
        if not new:
            return
        self.characters_seen |= new
        needed = {f for c in new if (f := pdf_fonts.fallback_for(c)) is not None}
        for font in sorted(needed - self.fallback_fonts):
            self.add_font(font.family, "", str(FONT_DIR / font.file_name))
        if needed - self.fallback_fonts:
            self.fallback_fonts |= needed
            order = [f.family for f in pdf_fonts.FALLBACK_FONTS if f in self.fallback_fonts]
            self.set_fallback_fonts(order, exact_match=False)
        if not self.text_shaping and any(pdf_fonts.needs_shaping(c) for c in new):
            self.set_text_shaping(True)


def new_pdf(title: str, created: datetime.date, orientation: str = "portrait") -> FPDF:
    pdf = Document(orientation)
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
