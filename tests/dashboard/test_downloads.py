"""Downloads in the dashboard: reports, certificates, OSCAL and workbooks for those allowed and
nobody else; the public certificate check; the offline workbook upload, all or nothing."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorage
from streamlit.testing.v1 import AppTest, app_test

from dashboard.navigation import DECIDE, RESULTS, REVIEW, VERIFY, WORKSPACE, pages_for
from engine.service import (
    assessments,
    certificates,
    clock,
    decisions,
    exchange,
    reports,
    users,
)
from engine.service.principals import SYSTEM, Role
from engine.storage import Database
from tests.dashboard.conftest import APP, SignIn, button, principal_of, texts
from tests.dashboard.record import STAFF

STAFF_PASSWORD = "downloads-staff-2026"
REPORT_LABELS = ("Assessment report (PDF)", "Assessment report (HTML)")
OSCAL_LABEL = "Assessment results (OSCAL JSON)"
RESULT_LABELS = (*REPORT_LABELS, OSCAL_LABEL, "Certificate (PDF)")
WORKBOOK_LABEL = "Workbook with your current answers (.xlsx)"
EDITABLE = ("draft", "changes_requested")


@dataclass(frozen=True)
class Cast:
    """Who and what the download tests use, found in the demo record (not assumed)."""

    certificate: str
    certified_org: str
    certified_assessment: str
    draft: str
    draft_org: str
    reviewed: str
    reviewer: str
    decider: str
    other_org: str


def _rows(db: Database, sql: str) -> list[tuple[Any, ...]]:
    with db.read() as cursor:
        return cursor.execute(sql).fetchall()


def cast_of(db: Database) -> Cast:
    number, certified_org, certified = _rows(
        db, "SELECT number, org_id, assessment_id FROM certificates ORDER BY number LIMIT 1"
    )[0]
    latest: dict[str, tuple[str, str]] = {
        org: (aid, state)
        for aid, org, state in _rows(
            db, "SELECT id, org_id, state FROM assessments ORDER BY created_at, id"
        )
    }
    draft_org, (draft, _) = next((o, a) for o, a in sorted(latest.items()) if a[1] in EDITABLE)
    reviewed, reviewer = _rows(
        db,
        "SELECT a.id, r.reviewer_id FROM assessments a JOIN review_assignments r "
        "ON r.assessment_id = a.id WHERE a.state = 'in_review' ORDER BY a.id LIMIT 1",
    )[0]
    assigned = {
        r
        for (r,) in _rows(
            db, f"SELECT reviewer_id FROM review_assignments WHERE assessment_id = '{reviewed}'"
        )
    }
    decider = next(u for u in sorted(STAFF) if u.startswith("reviewer-") and u not in assigned)
    decided = {o for o, (_, state) in latest.items() if state == "decided"}
    other_org = sorted(decided - {certified_org})[0]
    return Cast(
        number, certified_org, certified, draft, draft_org, reviewed, reviewer, decider, other_org
    )


def add_staff(db: Database, org_id: str, role: Role = "org_admin") -> str:
    """An account of the organisation with a known password (demo accounts may have none)."""
    user_id = f"{org_id}-downloads" + ("-member" if role == "org_member" else "")
    users.create_user(
        SYSTEM,
        db,
        user_id,
        display_name=f"{org_id} downloads",
        role=role,
        org_id=org_id,
        password=STAFF_PASSWORD,
    )
    return user_id


def issue_current_certificate(db: Database, assessment_id: str, decider_id: str) -> str:
    """Accredit a self-assessment in review (an independent decider does): a certificate that
    is current today. Its number."""
    decider = users.authenticate(db, decider_id, STAFF[decider_id])
    version = assessments.get_assessment(SYSTEM, db, assessment_id).row_version
    taken = decisions.decide(
        decider, db, assessment_id, version, outcome="accredited", rationale="Seen on site."
    )
    assert taken.certificate_number is not None
    return taken.certificate_number


@pytest.fixture
def cast(record: Database) -> Cast:
    found = cast_of(record)
    for org_id in {found.certified_org, found.draft_org, found.other_org}:
        add_staff(record, org_id)
    return found


def staff(org_id: str) -> tuple[str, str]:
    return f"{org_id}-downloads", STAFF_PASSWORD


class _KeptMediaFiles(MediaFileManager):
    """AppTest makes a media file manager per run and drops it; this one stays reachable."""

    latest: MediaFileManager | None = None

    def __init__(self, storage: MediaFileStorage) -> None:
        super().__init__(storage)
        _KeptMediaFiles.latest = self


@pytest.fixture(autouse=True)
def _keep_media_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_test, "MediaFileManager", _KeptMediaFiles)


def downloaded(at: AppTest, label: str) -> tuple[str, bytes]:
    """Press a download button as the browser does: the file name and the bytes it gets."""
    found = [b for b in at.get("download_button") if b.proto.label == label]
    assert found, f"no download {label!r}: {[b.proto.label for b in at.get('download_button')]}"
    proto = found[0].proto
    manager = _KeptMediaFiles.latest
    assert manager is not None
    url = manager.execute_deferred(proto.deferred_file_id)
    stored = manager.read_file(Path(url).name)
    assert stored is not None
    return stored.filename or "", stored.content


def labels(at: AppTest) -> set[str]:
    return {b.proto.label for b in at.get("download_button")}


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
        return int(_rows(record, sql)[0][0])

    before = count()
    at = sign_in(*staff(cast.certified_org), str(RESULTS.path))
    at.run()
    assert count() == before
    downloaded(at, "Assessment report (PDF)")
    assert count() == before + 1


def test_the_assigned_reviewer_downloads_the_report(sign_in: SignIn, cast: Cast) -> None:
    at = sign_in(cast.reviewer, STAFF[cast.reviewer], str(REVIEW.path))
    at.selectbox(key="review_choice").select(cast.reviewed).run()
    assert labels(at) == set(REPORT_LABELS)
    name, pdf = downloaded(at, "Assessment report (PDF)")
    assert (name, pdf[:4]) == (f"report-{cast.reviewed}-en.pdf", b"%PDF")


@pytest.mark.parametrize("who", ["decider", "admin"])
def test_a_decider_who_did_not_review_gets_no_report(sign_in: SignIn, cast: Cast, who: str) -> None:
    user = cast.decider if who == "decider" else "admin"
    at = sign_in(user, STAFF[user], str(DECIDE.path))
    at.selectbox(key="decision_choice").select(cast.reviewed).run()
    assert "Take the decision" in [b.label for b in at.button]
    assert not labels(at)


NOT_THEIRS: dict[str, set[str]] = {
    "board": {*RESULT_LABELS, WORKBOOK_LABEL},
    "admin": {*REPORT_LABELS, OSCAL_LABEL, WORKBOOK_LABEL},
    "decider": {*RESULT_LABELS, WORKBOOK_LABEL},
    "other organisation": set(),
}
"""Downloads each may never be offered (administrators manage certificates, not reports)."""


@pytest.mark.parametrize("user", list(NOT_THEIRS))
def test_no_one_else_gets_a_download_of_it_on_any_page(
    sign_in: SignIn, cast: Cast, user: str
) -> None:
    people = {
        "decider": (cast.decider, STAFF[cast.decider]),
        "other organisation": staff(cast.other_org),
    }
    at = sign_in(*people.get(user, (user, STAFF.get(user, ""))))
    offering = (RESULTS, REVIEW, DECIDE, WORKSPACE, VERIFY)
    for page in [p for p in pages_for(principal_of(at).role) if p in offering]:
        at.switch_page(str(page.path)).run()
        assert not at.exception
        offered = labels(at)
        assert not offered & NOT_THEIRS[user], (user, page.title, offered)
        for label in offered & {*RESULT_LABELS, WORKBOOK_LABEL}:
            assert cast.other_org in downloaded(at, label)[0], (user, page.title, label)
        if user != "admin":
            shown = texts(at)
            assert cast.certificate not in shown, (user, page.title)
            assert cast.certified_org not in shown, (user, page.title)


def test_another_organisation_downloads_only_its_own(sign_in: SignIn, cast: Cast) -> None:
    at = sign_in(*staff(cast.other_org), str(RESULTS.path))
    assert set(REPORT_LABELS) <= labels(at)
    name, _ = downloaded(at, "Assessment report (PDF)")
    assert name.startswith(f"report-{cast.other_org}-")


# --- the public certificate check ---------------------------------------------------------


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


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        ("suspend", "Genuine, but this certificate is suspended at present."),
        ("withdraw", "Genuine, but this certificate has been withdrawn."),
    ],
)
def test_a_suspended_or_withdrawn_certificate_says_so(
    record: Database, cast: Cast, step: str, expected: str
) -> None:
    found = certificates.get_certificate(SYSTEM, record, cast.certificate)
    with clock.frozen_at(datetime.combine(found.issued_on, time(12))):
        certificates.change_certificate_status(
            SYSTEM,
            record,
            cast.certificate,
            step=step,
            reason="audit",
            expected_version=found.row_version,
        )
    assert verdict(_verify({"code": _code(record, cast)})) == expected


@pytest.mark.parametrize("query", ["<script>", "x" * 5000, "INDEX-2025-00001", ""])
def test_nonsense_in_the_link_is_not_genuine(record: Database, query: str) -> None:
    at = _verify({"code": query})
    assert verdict(at).startswith("Not genuine") or (query == "" and not verdict(at))
    assert len(at.text_input(key="verify_code").value or "") <= 40


def test_signed_in_people_can_verify_too(sign_in: SignIn, record: Database, cast: Cast) -> None:
    at = sign_in("board", STAFF["board"], str(VERIFY.path))
    at.text_input(key="verify_code").input(_code(record, cast))
    button(at, "Verify").click().run()
    assert verdict(at) == EXPECTED[_status(record, cast)]


# --- working offline ----------------------------------------------------------------------


def _workspace(sign_in: SignIn, cast: Cast) -> tuple[AppTest, bytes]:
    at = sign_in(*staff(cast.draft_org), str(WORKSPACE.path))
    name, content = downloaded(at, WORKBOOK_LABEL)
    assert name.startswith(f"self-assessment-{cast.draft_org}-") and name.endswith(".xlsx")
    assert content[:2] == b"PK"
    return at, content


def _edited(content: bytes, cells: dict[tuple[str, str], object]) -> bytes:
    book = load_workbook(io.BytesIO(content))
    for (sheet, ref), value in cells.items():
        book[sheet][ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _standard_sheets(content: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(content))
    return [s for s in book.sheetnames if not s.startswith("_") and s != "Instructions"]


def _upload(at: AppTest, cast: Cast, name: str, content: bytes) -> AppTest:
    at.file_uploader(key=f"offline:{cast.draft}:file").upload(name, content)
    imported: AppTest = button(at, "Import answers").click().run()
    return imported


def _saved(at: AppTest, record: Database, cast: Cast) -> tuple[object, int]:
    found = assessments.get_assessment(principal_of(at), record, cast.draft)
    return found.responses, found.row_version


def test_bad_cells_are_shown_by_sheet_and_cell_and_nothing_changes(
    sign_in: SignIn, cast: Cast, record: Database
) -> None:
    at, content = _workspace(sign_in, cast)
    first, second = _standard_sheets(content)[:2]
    bad = {(first, "E4"): "abc", (first, "F5"): "maybe", (second, "E4"): 9}
    before = _saved(at, record, cast)
    at = _upload(at, cast, "filled.xlsx", _edited(content, bad))
    assert "Nothing was imported: 3 problem(s) in filled.xlsx" in texts(at)
    table = at.dataframe[0].value
    assert {(r.Sheet, r.Cell) for r in table.itertuples()} == set(bad)
    assert _saved(at, record, cast) == before


def test_a_good_workbook_is_imported_and_the_form_shows_it(
    sign_in: SignIn, cast: Cast, record: Database
) -> None:
    at, content = _workspace(sign_in, cast)
    first = _standard_sheets(content)[0]
    requirement = str(load_workbook(io.BytesIO(content))[first]["A4"].value)
    filled = _edited(content, {(first, "E4"): 3, (first, "F4"): "no"})
    at = _upload(at, cast, "filled.xlsx", filled)
    assert f"answer(s) imported from filled.xlsx into {cast.draft}" in texts(at)
    responses, _ = _saved(at, record, cast)
    assert responses[requirement].rating == 3  # type: ignore[index]
    assert at.radio(key=f"answer:{cast.draft}:{requirement}:rating").value == 3


def test_a_broken_yaml_file_is_located_and_nothing_changes(
    sign_in: SignIn, cast: Cast, record: Database
) -> None:
    at, _ = _workspace(sign_in, cast)
    before = _saved(at, record, cast)
    at = _upload(at, cast, "answers.yaml", b"kind: self_assessment\nresponses: [\n")
    assert "Nothing was imported" in texts(at)
    assert len(at.dataframe[0].value) >= 1
    assert _saved(at, record, cast) == before


def test_a_workbook_of_another_organisation_is_refused(
    sign_in: SignIn, cast: Cast, record: Database
) -> None:
    other = sign_in(*staff(cast.other_org))
    release = assessments.get_assessment(SYSTEM, record, cast.draft).release_version
    foreign = exchange.workbook_template(principal_of(other), record, cast.other_org, release)
    at, _ = _workspace(sign_in, cast)
    before = _saved(at, record, cast)
    at = _upload(at, cast, foreign.file_name, foreign.content)
    assert "Nothing was imported" in texts(at)
    assert cast.other_org in at.dataframe[0].value.to_string()
    assert _saved(at, record, cast) == before
