"""The report and certificate PDFs, rendered to PNG with poppler: pages, ink and text.

CI needs Debian's poppler-utils (pdftoppm, pdftotext, pdfinfo); without it these tests skip.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine.reports.certificate_pdf import render_certificate
from engine.reports.data import ScopeEntry
from engine.reports.pdf_report import render_pdf
from engine.service import reports
from tests.reports.samples import sample_certificate, sample_report
from tests.reports.worlds import Certified

pytestmark = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils (pdftoppm, pdftotext) is not installed: apt-get install poppler-utils",
)


def _pages(pdf: Path, out_dir: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(out_dir / "page")], check=True)
    return sorted(out_dir.glob("page-*.png"))


def _text(pdf: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    )
    return done.stdout


def _ink_share(png: Path) -> float:
    """Share of pixels that are not (nearly) white."""
    image = Image.open(png).convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:240])
    return dark / (image.width * image.height)


def _coloured_pixels(png: Path) -> int:
    """Pixels where the colour channels differ clearly: chart bars, not black text."""
    pixels = np.asarray(Image.open(png).convert("RGB"), dtype=np.int16)
    spread = pixels.max(axis=2) - pixels.min(axis=2)
    return int((spread > 60).sum())


def test_report_pdf_renders_with_chart_and_names(certified: Certified, tmp_path: Path) -> None:
    world = certified.world
    download = reports.assessment_report(
        world.alpha_member, world.db, certified.assessment_id, "pdf", "de"
    )
    pdf = tmp_path / download.file_name
    pdf.write_bytes(download.content)
    pages = _pages(pdf, tmp_path)
    assert 1 <= len(pages) <= 4
    assert all(_ink_share(p) > 0.01 for p in pages)
    assert _coloured_pixels(pages[0]) > 500  # the bars of the chart
    text = _text(pdf)
    assert "Alpha" in text
    assert certified.assessment_id in text
    assert "Werte je Standard" in text  # German labels
    assert "Case files seen for two of five sites only." not in text  # verdicts are not in it
    assert "Akkreditiert" in text


def test_certificate_pdf_renders_with_number_code_and_qr(
    certified: Certified, tmp_path: Path
) -> None:
    world = certified.world
    download = reports.certificate_document(world.alpha_admin, world.db, certified.number, "fr")
    pdf = tmp_path / download.file_name
    pdf.write_bytes(download.content)
    pages = _pages(pdf, tmp_path)
    assert len(pages) == 1
    assert _ink_share(pages[0]) > 0.02
    image = Image.open(pages[0])
    assert image.width > image.height  # landscape
    text = _text(pdf)
    code = reports.certificate_code(world.alpha_admin, world.db, certified.number)
    assert "Alpha" in text
    assert certified.number in text
    assert code in text
    assert "Certificat d'accréditation" in text
    assert "Standard SG" in text  # the scope


def test_pdf_text_keeps_every_accented_character(tmp_path: Path) -> None:
    name = "Aussteiger-Hilfe Süd e.V. – Œuvre « Sortir » à Genève, Straße"
    report = tmp_path / "report.pdf"
    report.write_bytes(render_pdf(sample_report(name), "fr"))
    certificate = tmp_path / "certificate.pdf"
    certificate.write_bytes(
        render_certificate(sample_certificate(name), "ABCD-EFGH-JKMN-PQRS", "de")
    )
    for pdf in (report, certificate):
        assert name in " ".join(_text(pdf).split())


def test_the_certificate_names_the_standards_in_its_language(tmp_path: Path) -> None:
    titles = (
        ("en", "Safeguarding"),
        ("de", "Schutz von Kindern"),
        ("fr", "Protection des enfants"),
    )
    scope = (ScopeEntry("safeguarding", "SG", "1.0.0", "Safeguarding", titles),)
    for language, expected in (("fr", "Protection des enfants"), ("de", "Schutz von Kindern")):
        pdf = tmp_path / f"certificate-{language}.pdf"
        pdf.write_bytes(render_certificate(sample_certificate(scope=scope), "CODE", language))
        text = " ".join(_text(pdf).split())
        assert f"SG {expected} (1.0.0)" in text
        assert "Safeguarding" not in text
