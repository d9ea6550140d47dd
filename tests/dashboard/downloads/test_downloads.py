"""Downloads in the dashboard: reports, certificates and OSCAL for those allowed and nobody else."""

from __future__ import annotations

import json

import pytest

from dashboard.navigation import DECIDE, RESULTS, REVIEW, VERIFY, WORKSPACE, pages_for
from engine.service import certificates, demo_data, reports
from engine.service.principals import SYSTEM
from engine.storage import Database
from tests.dashboard.conftest import SignIn, principal_of, texts
from tests.dashboard.downloads.cast import (
    NOT_THEIRS,
    OSCAL_LABEL,
    REPORT_LABELS,
    RESULT_LABELS,
    STAFF_PASSWORD,
    WORKBOOK_LABEL,
    Cast,
    add_staff,
    downloaded,
    labels,
    rows_of,
    staff,
)
from tests.dashboard.record import STAFF


def test_the_organisation_downloads_its_report_results_and_certificate(
    sign_in: SignIn, cast: Cast, record: Database
) -> None:
    at = sign_in(*staff(cast.certified_org), str(RESULTS.path))
    at.selectbox(key="results_choice").select(cast.certified_assessment).run()
    assert labels(at) == set(RESULT_LABELS)
    name, pdf = downloaded(at, "Assessment report (PDF)")
    assert (name, pdf[:4]) == (f"report-{cast.certified_assessment}-en.pdf", b"%PDF")
    name, html = downloaded(at, "Assessment report (HTML)")
    assert html.startswith(b"<!DOCTYPE") and name.endswith("-en.html")
    name, oscal = downloaded(at, OSCAL_LABEL)
    assert json.loads(oscal)["assessment-results"] and name.endswith(".json")
    name, certificate = downloaded(at, "Certificate (PDF)")
    assert (name, certificate[:4]) == (f"certificate-{cast.certificate}.pdf", b"%PDF")
    assert reports.certificate_code(SYSTEM, record, cast.certificate) in texts(at)


@pytest.mark.parametrize("steps", [("withdraw",), ("suspend",)])
def test_a_withdrawn_or_suspended_certificate_is_not_offered(
    sign_in: SignIn, cast: Cast, record: Database, steps: tuple[str, ...]
) -> None:
    for step in steps:
        version = certificates.get_certificate(SYSTEM, record, cast.certificate).row_version
        certificates.change_certificate_status(
            SYSTEM, record, cast.certificate, step=step, reason="Upheld.", expected_version=version
        )
    at = sign_in(*staff(cast.certified_org), str(RESULTS.path))
    at.selectbox(key="results_choice").select(cast.certified_assessment).run()
    assert not at.exception
    assert labels(at) == set(RESULT_LABELS) - {"Certificate (PDF)"}
    status = "withdrawn" if "withdraw" in steps else "suspended"
    warnings = " ".join(w.value for w in at.warning)
    assert f"No certificate to download: certificate {cast.certificate} was {status} on" in warnings


def test_a_member_of_the_organisation_gets_the_same_downloads(
    sign_in: SignIn, cast: Cast, record: Database
) -> None:
    member = add_staff(record, cast.certified_org, "org_member")
    at = sign_in(member, STAFF_PASSWORD, str(RESULTS.path))
    at.selectbox(key="results_choice").select(cast.certified_assessment).run()
    assert labels(at) == set(RESULT_LABELS)
    name, pdf = downloaded(at, "Certificate (PDF)")
    assert (name, pdf[:4]) == (f"certificate-{cast.certificate}.pdf", b"%PDF")


def test_the_report_is_written_in_the_language_of_the_sidebar(sign_in: SignIn, cast: Cast) -> None:
    at = sign_in(*staff(cast.certified_org), str(RESULTS.path))
    at.selectbox(key="results_choice").select(cast.certified_assessment).run()
    at.selectbox(key="language").select("de").run()
    name, html = downloaded(at, "Assessment report (HTML)")
    assert name == f"report-{cast.certified_assessment}-de.html"
    assert b'lang="de"' in html


def test_a_download_is_recorded_only_when_pressed(
    sign_in: SignIn, cast: Cast, record: Database
) -> None:
    def count() -> int:
        sql = "SELECT count(*) FROM audit_log WHERE action = 'report.download'"
        return int(rows_of(record, sql)[0][0])

    before = count()
    at = sign_in(*staff(cast.certified_org), str(RESULTS.path))
    at.run()
    assert count() == before
    downloaded(at, "Assessment report (PDF)")
    assert count() == before + 1


def test_the_assigned_reviewer_downloads_the_report(sign_in: SignIn, cast: Cast) -> None:
    at = sign_in(cast.reviewer, STAFF[cast.reviewer], str(REVIEW.path))
    at.selectbox(key="review_choice").select(cast.reviewed).run()
    documents = {title for title, _, uploaded in demo_data.EVIDENCE if uploaded}
    assert set(REPORT_LABELS) <= labels(at) <= set(REPORT_LABELS) | documents  # and evidence
    name, pdf = downloaded(at, "Assessment report (PDF)")
    assert (name, pdf[:4]) == (f"report-{cast.reviewed}-en.pdf", b"%PDF")


@pytest.mark.parametrize("who", ["decider", "admin"])
def test_a_decider_who_did_not_review_gets_no_report(sign_in: SignIn, cast: Cast, who: str) -> None:
    user = cast.decider if who == "decider" else "admin"
    at = sign_in(user, STAFF[user], str(DECIDE.path))
    at.selectbox(key="decision_choice").select(cast.reviewed).run()
    assert "Take the decision" in [b.label for b in at.button]
    assert not labels(at)


@pytest.mark.parametrize("user", list(NOT_THEIRS))
def test_no_one_else_gets_a_download_of_it_on_any_page(
    sign_in: SignIn, cast: Cast, user: str, record: Database
) -> None:
    people = {
        "decider": (cast.decider, STAFF[cast.decider]),
        "other organisation": staff(cast.other_org),
    }
    numbers = f"SELECT number FROM certificates WHERE org_id = '{cast.other_org}'"
    theirs = {cast.other_org, *(number for (number,) in rows_of(record, numbers))}
    at = sign_in(*people.get(user, (user, STAFF.get(user, ""))))
    offering = (RESULTS, REVIEW, DECIDE, WORKSPACE, VERIFY)
    for page in [p for p in pages_for(principal_of(at).role) if p in offering]:
        at.switch_page(str(page.path)).run()
        assert not at.exception
        offered = labels(at)
        assert not offered & NOT_THEIRS[user], (user, page.title, offered)
        for label in offered & {*RESULT_LABELS, WORKBOOK_LABEL}:
            name, _ = downloaded(at, label)
            assert any(own in name for own in theirs), (user, page.title, label, name)
        if user != "admin":
            shown = texts(at)
            assert cast.certificate not in shown, (user, page.title)
            assert cast.certified_org not in shown, (user, page.title)


def test_another_organisation_downloads_only_its_own(sign_in: SignIn, cast: Cast) -> None:
    at = sign_in(*staff(cast.other_org), str(RESULTS.path))
    assert set(REPORT_LABELS) <= labels(at)
    name, _ = downloaded(at, "Assessment report (PDF)")
    assert name.startswith(f"report-{cast.other_org}-")


def test_a_deferred_download_is_refused_once_the_session_has_timed_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pressing a download button does not rerun the page (so its session check does not
    run): the button checks the session's time-outs as they stood when it was drawn."""
    from datetime import UTC, datetime, timedelta

    from dashboard import downloads, session

    now = datetime.now(UTC)
    monkeypatch.setattr(session, "expires_at", lambda: now + timedelta(minutes=5))
    assert downloads.deferred(lambda: b"report")() == b"report"
    monkeypatch.setattr(session, "expires_at", lambda: now - timedelta(seconds=1))
    with pytest.raises(PermissionError, match="session has ended"):
        downloads.deferred(lambda: b"report")()
    monkeypatch.setattr(session, "expires_at", lambda: None)  # signed out
    with pytest.raises(PermissionError):
        downloads.deferred(lambda: b"report")()
