"""How a certificate is checked: the QR code holds the link to the public check when the
dashboard's address is configured, else the code; the certificate names the page and the
command; a certificate number given instead of the code is named as such."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from engine.cli import main
from engine.reports import certificate_pdf
from engine.service import reports
from engine.service.errors import InvalidInput
from tests.reports.worlds import Certified

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


@pytest.fixture
def scanned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What each QR code drawn holds (what a phone reads when it scans it)."""
    payloads: list[str] = []
    drawn = certificate_pdf.qr_png

    def keep(payload: str) -> bytes:
        payloads.append(payload)
        return drawn(payload)

    monkeypatch.setattr(certificate_pdf, "qr_png", keep)
    return payloads


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True)
    return " ".join(done.stdout.split())


def _document(certified: Certified) -> tuple[bytes, str]:
    world = certified.world
    made = reports.certificate_document(world.alpha_admin, world.db, certified.number)
    return made.content, reports.certificate_code(world.alpha_admin, world.db, certified.number)


@needs_poppler
def test_without_a_public_address_the_qr_code_holds_the_code(
    certified: Certified, scanned: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(reports.PUBLIC_URL_ENV, raising=False)
    content, code = _document(certified)
    assert scanned == [code]
    text = _text(content, tmp_path)
    assert 'INDEX\'s page "Verify a certificate".' in text
    assert f"accredit verify-certificate {code}" in text


@needs_poppler
def test_with_a_public_address_the_qr_code_holds_the_link_to_the_check(
    certified: Certified, scanned: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(reports.PUBLIC_URL_ENV, "https://accredit.example.org/")
    content, code = _document(certified)
    assert scanned == [f"https://accredit.example.org/verify?code={code}"]
    assert '"Verify a certificate" (https://accredit.example.org/verify).' in _text(
        content, tmp_path
    )


@pytest.mark.parametrize("address", ["accredit.example.org", "ftp://x.org", "https://x.org/?a=1"])
def test_a_public_address_that_is_not_one_is_refused(
    certified: Certified, monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    monkeypatch.setenv(reports.PUBLIC_URL_ENV, address)
    with pytest.raises(InvalidInput, match=r"ACCREDIT_PUBLIC_URL is .*public address"):
        _document(certified)


@pytest.mark.parametrize("given", ["INDEX-2026-00001", " index-2025-00010 "])
def test_a_certificate_number_is_not_a_verification_code(certified: Certified, given: str) -> None:
    with pytest.raises(InvalidInput, match="is a certificate number, not a verification code"):
        reports.verify_certificate(certified.world.db, given)


def test_the_cli_says_that_a_certificate_number_is_not_a_code(
    certified: Certified, capsys: pytest.CaptureFixture[str]
) -> None:
    db = Path(certified.world.db.path)
    certified.world.db.close()
    code = main(["verify-certificate", certified.number, "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert f"{certified.number} is a certificate number, not a verification code" in err
