"""The assessment report as PDF: the same sections as the HTML page, with the chart as bars."""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF
from fpdf.fonts import FontFace

from engine.reports import sections
from engine.reports.chart import bars, rgb
from engine.reports.data import ReportData
from engine.reports.i18n import label
from engine.reports.pdf_base import FONT, as_bytes, fact_line, heading, new_pdf, paragraph

_ROW_HEIGHT = 7.0
_CODE_WIDTH = 16.0
_BAR_LENGTH = 120.0


def _chart(pdf: FPDF, data: ReportData, language: str) -> None:
    pdf.set_font(FONT, "", 9)
    for bar in bars(data.result, language):
        if pdf.will_page_break(_ROW_HEIGHT):
            pdf.add_page()
        x, y = pdf.l_margin, pdf.get_y()
        pdf.set_xy(x, y)
        pdf.cell(_CODE_WIDTH, _ROW_HEIGHT - 1, bar.code)
        pdf.set_fill_color(238, 238, 238)
        pdf.rect(x + _CODE_WIDTH, y + 1, _BAR_LENGTH, _ROW_HEIGHT - 3, style="F")
        pdf.set_fill_color(*rgb(bar.colour))
        length = max((bar.score or 0.0) * _BAR_LENGTH, 0.01)
        pdf.rect(x + _CODE_WIDTH, y + 1, length, _ROW_HEIGHT - 3, style="F")
        pdf.set_xy(x + _CODE_WIDTH + _BAR_LENGTH + 3, y)
        pdf.cell(0, _ROW_HEIGHT - 1, bar.caption)
        pdf.set_xy(x, y + _ROW_HEIGHT)
    pdf.ln(2)


def _table(
    pdf: FPDF, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: tuple[int, ...]
) -> None:
    pdf.set_font(FONT, "", 8.5)
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        col_widths=widths,
        headings_style=FontFace(emphasis="BOLD", fill_color=(238, 243, 248)),
        line_height=4.6,
        text_align="LEFT",
        first_row_as_headings=True,
    ) as table:
        head = table.row()
        for title in headers:
            head.cell(title)
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)


def _decision(pdf: FPDF, data: ReportData, language: str) -> None:
    heading(pdf, label("decision", language))
    for fact in sections.decision_facts(data, language):
        fact_line(pdf, fact.name, fact.value)
    heading(pdf, label("reasons", language), size=11)
    paragraph(pdf, "\n".join(sections.reason_lines(data, language)), size=8.5)
    heading(pdf, label("rationale", language), size=11)
    paragraph(pdf, sections.rationale_text(data, language))
    actions = sections.action_lines(data, language)
    if actions:
        heading(pdf, sections.actions_heading(data, language), size=11)
        paragraph(pdf, "\n".join(f"• {a}" for a in actions), size=9)


def render_pdf(data: ReportData, language: str) -> bytes:
    """The report in `language` as PDF bytes (A4)."""
    title = f"{label('report_title', language)}: {data.org_name}"
    pdf = new_pdf(title, data.result.as_of)
    heading(pdf, title, size=16)
    for fact in sections.header_facts(data, language):
        fact_line(pdf, fact.name, fact.value)
    heading(pdf, label("scores_per_standard", language))
    _chart(pdf, data, language)
    standard_headers = [
        "",
        label("standard", language),
        label("score", language),
        label("progress", language),
    ]
    _table(pdf, standard_headers, sections.standard_rows(data, language), (10, 90, 25, 20))
    heading(pdf, label("findings", language))
    findings = sections.finding_rows(data, language)
    if findings:
        headers = [label("severity", language), "Code", label("where", language), ""]
        _table(pdf, headers, findings, (24, 14, 20, 96))
    else:
        paragraph(pdf, label("no_findings", language))
    _decision(pdf, data, language)
    return as_bytes(pdf)
