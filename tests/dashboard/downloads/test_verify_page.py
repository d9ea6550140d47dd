"""The public certificate check: genuine, current, suspended or withdrawn, and nothing else."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.navigation import VERIFY
from engine.reports import verification
from engine.service import certificates, clock, reports
from engine.service.principals import SYSTEM
from engine.storage import Database, records
from tests.dashboard.conftest import APP, SignIn, button, texts
from tests.dashboard.downloads.cast import Cast, issue_current_certificate
from tests.dashboard.record import STAFF


def _verify(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(str(VERIFY.path)).run()
    assert not at.exception
    return at


def _code(record: Database, cast: Cast) -> str:
    return reports.certificate_code(SYSTEM, record, cast.certificate)


def verdict(at: AppTest) -> str:
    shown = [*at.success, *at.warning, *at.error]
    return " ".join(str(e.value) for e in shown)


EXPECTED = {
    "active": "Genuine. This certificate is current.",
    "expired": "Genuine, but this certificate has expired.",
}


def _status(record: Database, cast: Cast) -> str:
    return certificates.get_certificate(SYSTEM, record, cast.certificate).status


def test_signed_out_the_code_from_a_link_is_checked(record: Database, cast: Cast) -> None:
    code = _code(record, cast)
    at = _verify({"code": code})
    assert at.text_input(key="verify_code").value == code
    assert verdict(at) == EXPECTED[_status(record, cast)]
    shown = texts(at)
    assert cast.certificate not in shown and cast.certified_org not in shown


def test_a_typed_code_a_tampered_code_and_an_unknown_code(record: Database, cast: Cast) -> None:
    code = _code(record, cast)
    at = _verify()
    assert not verdict(at)
    at.text_input(key="verify_code").input(code.lower().replace("-", " "))
    button(at, "Verify").click().run()
    assert verdict(at) == EXPECTED[_status(record, cast)]
    tampered = code[:-1] + ("0" if code[-1] != "0" else "1")
    at.text_input(key="verify_code").input(tampered)
    button(at, "Verify").click().run()
    assert verdict(at).startswith("Not genuine")
    at.text_input(key="verify_code").input("AAAA-AAAA-AAAA-AAAA")
    button(at, "Verify").click().run()
    assert verdict(at).startswith("Not genuine")


def test_a_current_certificate_is_genuine_and_current(record: Database, cast: Cast) -> None:
    number = issue_current_certificate(record, cast.reviewed, cast.decider)
    code = reports.certificate_code(SYSTEM, record, number)
    at = _verify({"code": code})
    assert verdict(at) == "Genuine. This certificate is current."
    assert number not in texts(at)


def _change(record: Database, number: str, step: str) -> None:
    """Suspend or withdraw the certificate on the day it was issued (while it was current)."""
    found = certificates.get_certificate(SYSTEM, record, number)
    with clock.frozen_at(datetime.combine(found.issued_on, time(12))):
        certificates.change_certificate_status(
            SYSTEM, record, number, step=step, reason="audit", expected_version=found.row_version
        )


def test_a_withdrawn_certificate_says_so(record: Database, cast: Cast) -> None:
    _change(record, cast.certificate, "withdraw")
    expected = "Genuine, but this certificate has been withdrawn."
    assert verdict(_verify({"code": _code(record, cast)})) == expected


def test_a_suspended_current_certificate_is_suspended_at_present(
    record: Database, cast: Cast
) -> None:
    number = issue_current_certificate(record, cast.reviewed, cast.decider)
    _change(record, number, "suspend")
    code = reports.certificate_code(SYSTEM, record, number)
    expected = "Genuine, but this certificate is suspended at present."
    assert verdict(_verify({"code": code})) == expected


def test_a_suspended_certificate_that_has_expired_too_says_both(
    record: Database, cast: Cast
) -> None:
    _change(record, cast.certificate, "suspend")
    lapsed = date(2025, 3, 1)
    with record.transaction() as cursor:
        records.update(cursor, "certificates", {"number": cast.certificate}, {"expires_on": lapsed})
    expected = "Genuine, but this certificate is suspended, and it expired on 01 March 2025."
    assert verdict(_verify({"code": _code(record, cast)})) == expected


def test_a_certificate_number_is_named_as_such(record: Database) -> None:
    at = _verify({"code": "INDEX-2025-00001"})
    assert "INDEX-2025-00001 is a certificate number, not a verification code" in verdict(at)
    assert not at.success


@pytest.mark.parametrize("query", ["<script>", "x" * 5000, ""])
def test_nonsense_in_the_link_is_not_genuine(record: Database, query: str) -> None:
    at = _verify({"code": query})
    assert verdict(at).startswith("Not genuine") or (query == "" and not verdict(at))
    assert len(at.text_input(key="verify_code").value or "") <= 40


def test_signed_in_people_can_verify_too(sign_in: SignIn, record: Database, cast: Cast) -> None:
    at = sign_in("board", STAFF["board"], str(VERIFY.path))
    at.text_input(key="verify_code").input(_code(record, cast))
    button(at, "Verify").click().run()
    assert verdict(at) == EXPECTED[_status(record, cast)]


def test_the_link_on_certificates_opens_this_page() -> None:
    """The QR code's link (with ACCREDIT_PUBLIC_URL set) names this page's path and title."""
    assert VERIFY.url_path == reports.VERIFY_PAGE
    assert VERIFY.title == "Verify a certificate"  # as the certificate names it


def test_a_missing_or_foreign_key_is_not_explained_to_the_public(
    record: Database, cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    """The visitor learns that checking is unavailable, not where the server keeps its key."""
    code = _code(record, cast)
    key = verification.secret_file(record.path)
    for trouble in ("missing", "foreign"):
        if trouble == "missing":
            key.rename(key.with_suffix(".away"))
        else:
            key.write_text("cd" * 32, "ascii")
        at = _verify({"code": code})
        assert verdict(at).startswith("Certificates cannot be checked here at the moment")
        assert str(record.path.parent) not in texts(at) and ".secret" not in texts(at)
        assert str(key) in capsys.readouterr().err  # the administrator's log says where
