"""A certificate's document follows its status: a suspended or withdrawn certificate is not
handed out as a clean PDF, an expired one says that it expired."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest

from engine.cli import main
from engine.service import certificates, clock, reports
from engine.service.errors import CertificateWithheld
from tests.reports.worlds import Certified, change_status

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="poppler-utils (pdftotext) is not installed: apt-get install poppler-utils",
)


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True)
    return " ".join(done.stdout.split())


@pytest.mark.parametrize(
    ("steps", "status"),
    [
        (("withdraw",), "withdrawn"),
        (("suspend",), "suspended"),
        (("suspend", "withdraw"), "withdrawn"),
    ],
)
def test_a_suspended_or_withdrawn_certificate_is_not_handed_out(
    certified: Certified, steps: tuple[str, ...], status: str
) -> None:
    world = certified.world
    for step in steps:
        change_status(certified, step)
    with pytest.raises(CertificateWithheld) as refused:
        reports.certificate_document(world.alpha_admin, world.db, certified.number)
    today = clock.today().isoformat()
    assert f"certificate {certified.number} was {status} on {today}" in refused.value.message
    withheld = reports.certificate_withheld(world.alpha_admin, world.db, certified.number)
    assert withheld == refused.value.message


def test_an_active_certificate_is_not_withheld(certified: Certified) -> None:
    world = certified.world
    assert reports.certificate_withheld(world.alpha_admin, world.db, certified.number) is None


def test_a_reinstated_certificate_is_handed_out_again(certified: Certified) -> None:
    world = certified.world
    change_status(certified, "suspend")
    change_status(certified, "reinstate")
    download = reports.certificate_document(world.alpha_admin, world.db, certified.number)
    assert download.content.startswith(b"%PDF")


@needs_poppler
def test_an_expired_certificate_says_that_it_expired(certified: Certified, tmp_path: Path) -> None:
    world = certified.world
    current = reports.certificate_document(world.alpha_admin, world.db, certified.number)
    assert "EXPIRED" not in _text(current.content, tmp_path)
    expires = certificates.get_certificate(world.admin, world.db, certified.number).expires_on
    with clock.frozen_at(datetime.datetime(expires.year + 1, 1, 1)):
        expired = reports.certificate_document(world.alpha_admin, world.db, certified.number)
        german = reports.certificate_document(world.alpha_admin, world.db, certified.number, "de")
    text = _text(expired.content, tmp_path)
    assert f"EXPIRED on {expires.isoformat()}: this certificate is no longer valid." in text
    assert f"ABGELAUFEN am {expires.isoformat()}" in _text(german.content, tmp_path)


def test_the_cli_refuses_a_withdrawn_certificate_in_one_line(
    certified: Certified, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change_status(certified, "withdraw")
    db = Path(certified.world.db.path)
    certified.world.db.close()
    out = tmp_path / "certificate.pdf"
    argv = ["certificate", certified.number, "--out", str(out), "--as", "alpha-admin"]
    code = main([*argv, "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 1
    assert not out.exists()
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"certificate.withheld: certificate {certified.number} was withdrawn on" in err
