"""Names in every script that INDEX's members write render in the PDFs, from shipped fonts.

Read back with poppler's pdftotext: a character without a glyph in the document's fonts would
be missing from the text (and the PDF library warns of it).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from engine.reports import pdf_fonts
from engine.reports.certificate_pdf import render_certificate
from engine.reports.pdf_report import render_pdf
from tests.reports.samples import sample_certificate, sample_report

SAMPLES: dict[str, str] = {
    "fallback-cjk": "東京出口支援センター 서울지원센터 北京",
    "fallback-devanagari": "दिल्ली",
    "fallback-bengali": "ঢাকা",
    "fallback-gurmukhi": "ਪੰਜਾਬ",
    "fallback-gujarati": "ગુજરાત",
    "fallback-tamil": "தமிழ்",
    "fallback-telugu": "తెలుగు",
    "fallback-kannada": "ಕನ್ನಡ",
    "fallback-malayalam": "കേരളം",
    "fallback-sinhala": "කොළඹ",
    "fallback-thai": "กรุงเทพ",
    "fallback-khmer": "ភ្នំពេញ",
    "fallback-myanmar": "ရန်ကုန်",
    "fallback-ethiopic": "አዲስ አበባ",
}
"""A place name in the script of each fallback font."""
IN_DEJAVU = "Zürich Αθήνα Москва مركز الخروج ירושלים თბილისი ວຽງຈັນ"
NAME = " ".join(["Exit", *SAMPLES.values(), IN_DEJAVU])

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="poppler-utils (pdftotext) is not installed: apt-get install poppler-utils",
)


def _letters(text: str) -> Counter[str]:
    """The letters of a text, in any order: pdftotext adds spaces and direction marks around
    scripts, and reads the letters of a shaped cluster in the order they are drawn (Khmer,
    Burmese), which need not be the order they are written in."""
    return Counter(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True)
    return done.stdout.decode("utf-8")


def test_every_fallback_font_has_a_sample_and_writes_it() -> None:
    assert set(SAMPLES) == {f.family for f in pdf_fonts.FALLBACK_FONTS}
    for font in pdf_fonts.FALLBACK_FONTS:
        letters = [c for c in SAMPLES[font.family] if not c.isspace()]
        assert {pdf_fonts.fallback_for(c) for c in letters if c.isalpha()} == {font}, font


def test_every_shipped_font_file_is_used() -> None:
    shipped = {p.name for p in pdf_fonts.FONT_DIR.glob("*.ttf")}
    used = {f.file_name for f in pdf_fonts.FALLBACK_FONTS}
    assert shipped == used | {pdf_fonts.MAIN_FONT_FILE, "DejaVuSans-Bold.ttf"}


def test_dejavu_writes_latin_greek_cyrillic_arabic_hebrew_georgian_and_lao() -> None:
    assert {pdf_fonts.fallback_for(c) for c in IN_DEJAVU} == {None}


@needs_poppler
def test_a_certificate_and_a_report_write_every_script(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        certificate = render_certificate(sample_certificate(NAME), "ABCD-EFGH-JKMN-PQRS", "en")
        report = render_pdf(sample_report(NAME), "en")
    assert not [r for r in caplog.records if "missing" in r.getMessage()]
    for pdf in (certificate, report):
        text = _letters(_text(pdf, tmp_path))
        for sample in [*SAMPLES.values(), IN_DEJAVU]:
            for word in sample.split():
                assert _letters(word) <= text, word


def test_a_document_in_latin_letters_loads_no_fallback_font() -> None:
    pdf = render_certificate(sample_certificate("Aussteiger-Hilfe Süd e.V."), "CODE", "de")
    assert b"Noto" not in pdf
    assert b"Droid" not in pdf


def test_a_document_embeds_only_the_fallback_fonts_its_text_needs() -> None:
    pdf = render_certificate(sample_certificate("Centre de sortie กรุงเทพ"), "CODE", "fr")
    assert b"NotoSansThai" in pdf
    assert b"Droid" not in pdf
    assert b"NotoSansDevanagari" not in pdf


def test_the_same_name_gives_the_same_file() -> None:
    facts = sample_certificate("東京出口支援センター دلهی दिल्ली")
    assert render_certificate(facts, "CODE", "en") == render_certificate(facts, "CODE", "en")
