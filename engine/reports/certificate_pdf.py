"""The certificate: organisation, scope, outcome, validity, number, verification code and QR."""

from __future__ import annotations

import io

import qrcode
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from qrcode.constants import ERROR_CORRECT_M

from engine.reports.data import CertificateFacts
from engine.reports.i18n import label
from engine.reports.pdf_base import ACCENT, FONT, INK, as_bytes, new_pdf

_QR_SIZE = 38.0
WARNING = (176, 0, 32)


def qr_png(payload: str) -> bytes:
    """The payload as a QR code (error correction M), PNG bytes."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=2)
    code.add_data(payload)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer)
    return buffer.getvalue()


def _centred(
    pdf: FPDF, text: str, size: float, style: str = "", colour: tuple[int, ...] = INK
) -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, size * 0.55, text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, pdf.w - 22, pdf.h - 22)


def _scope(pdf: FPDF, facts: CertificateFacts, language: str) -> None:
    pdf.ln(2)
    release = f"{label('scope', language)}: {label('release', language)} {facts.release_version}"
    _centred(pdf, release, 10, "B")
    lines = [f"{s.code}  {s.title_in(language)} ({s.version})" for s in facts.scope]
    _centred(pdf, "\n".join(lines), 8.5)


def _footer(
    pdf: FPDF,
    facts: CertificateFacts,
    code: str,
    qr_payload: str,
    language: str,
    verify_page: str | None,
) -> None:
    top = pdf.h - 20 - _QR_SIZE
    pdf.image(io.BytesIO(qr_png(qr_payload)), x=pdf.w - 22 - _QR_SIZE, y=top, w=_QR_SIZE)
    rows = (
        (label("issued_on", language), facts.issued_on.isoformat()),
        (label("valid_until", language), facts.expires_on.isoformat()),
        (label("certificate_number", language), facts.number),
        (label("verification_code", language), code),
    )
    pdf.set_xy(24, top + 2)
    for name, value in rows:
        pdf.set_x(24)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(52, 6.5, name, new_x=XPos.RIGHT, new_y=YPos.TOP)
        pdf.set_font(FONT, "", 10)
        pdf.cell(0, 6.5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_x(24)
    pdf.set_font(FONT, "", 7.5)
    page = f" ({verify_page})" if verify_page else ""
    hint = label("verify_hint", language).format(page=page, code=code)
    pdf.multi_cell(pdf.w - 24 - 26 - _QR_SIZE, 3.6, hint, align=Align.L)


def render_certificate(
    facts: CertificateFacts,
    code: str,
    language: str = "en",
    qr_payload: str | None = None,
    *,
    expired: bool = False,
    verify_page: str | None = None,
) -> bytes:
    """The certificate as a one-page landscape A4 PDF. The QR code carries `qr_payload`
    (by default the verification code itself; the link to its check when the public page is
    known); the footer names how to verify, at `verify_page` when it is known. An expired
    certificate says so under the title."""
    title = label("certificate_title", language)
    pdf = new_pdf(f"{title} {facts.number}", facts.issued_on, orientation="landscape")
    pdf.set_auto_page_break(auto=False)
    _frame(pdf)
    pdf.set_y(22)
    _centred(pdf, title, 24, "B", ACCENT)
    if expired:
        pdf.ln(1)
        notice = label("expired_notice", language).format(date=facts.expires_on.isoformat())
        _centred(pdf, notice, 13, "B", WARNING)
    pdf.ln(4)
    _centred(pdf, label("certifies", language), 12)
    pdf.ln(1)
    _centred(pdf, facts.org_name, 22, "B")
    pdf.ln(1)
    _centred(pdf, label("meets", language), 11)
    pdf.ln(1)
    _centred(pdf, label(facts.outcome, language), 18, "B", ACCENT)
    _scope(pdf, facts, language)
    _footer(pdf, facts, code, qr_payload or code, language, verify_page)
    return as_bytes(pdf)
