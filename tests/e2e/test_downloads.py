"""Downloads in a real browser against `streamlit run` on a DuckDB file: the organisation and
its reviewer each get files whose first bytes are right; another organisation and the board get
no such button and cannot reach the pages by URL; the public page verifies a real code.

Its own server (not the session one): the record gets accounts with known passwords and a
certificate that is current today before the server owns the file."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import BrowserContext, FilePayload, Locator, Page, expect

from dashboard.navigation import pages_for
from engine.service import assessments, deciders, maintenance, reports, reviews, users
from engine.service.principals import SYSTEM
from tests.dashboard.downloads.cast import (
    EVIDENCE_FILE,
    EVIDENCE_LABEL,
    NOT_THEIRS,
    OSCAL_LABEL,
    REPORT_LABELS,
    WORKBOOK_LABEL,
    Cast,
    add_staff,
    attach_file,
    cast_of,
    issue_current_certificate,
    staff,
)
from tests.dashboard.record import STAFF, make_record
from tests.e2e.harness import Server, open_page, screenshot, serving, settle, sign_in

pytestmark = pytest.mark.e2e
FIRST_BYTES: dict[str, bytes] = {
    ".pdf": b"%PDF",
    ".html": b"<!DOCTYPE",
    ".xlsx": b"PK",
    ".json": b"{",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class World:
    server: Server
    cast: Cast
    current: str
    """A certificate that is current today (issued by the fixture)."""
    code: str
    """Its verification code."""


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    path = make_record(tmp_path_factory.mktemp("downloads") / "record.duckdb", orgs=6)
    db, _ = maintenance.open_record(path)
    try:
        cast = cast_of(db)
        for org_id in {cast.certified_org, cast.draft_org, cast.other_org}:
            add_staff(db, org_id)
        number = _accredit_a_submitted_one(db, cast)
        attach_file(db, cast.reviewed)
        code = reports.certificate_code(SYSTEM, db, number)
    finally:
        db.checkpoint()
        db.close()
    with serving(path) as server:
        yield World(server, cast, number, code)


def _accredit_a_submitted_one(db: maintenance.Database, cast: Cast) -> str:
    """Another self-assessment (not the one the reviewer test opens) is reviewed and
    accredited: a certificate that is current today."""
    with db.read() as cursor:
        sql = "SELECT id FROM assessments WHERE state = 'submitted' ORDER BY id LIMIT 1"
        (submitted,) = cursor.execute(sql).fetchall()[0]
    reviews.assign_reviewer(SYSTEM, db, submitted, cast.decider)
    deciders.assign_decider(SYSTEM, db, submitted, cast.reviewer)
    reviewer = users.authenticate(db, cast.decider, STAFF[cast.decider])
    version = assessments.get_assessment(SYSTEM, db, submitted).row_version
    reviews.start_review(reviewer, db, submitted, version)
    first = next(iter(assessments.get_assessment(SYSTEM, db, submitted).responses))
    reviews.record_verdict(reviewer, db, submitted, first, "agree", expected_version=version + 1)
    return issue_current_certificate(db, submitted, cast.reviewer)


Person = Callable[[str, str], Page]


@pytest.fixture
def person(new_context: Callable[[], BrowserContext], world: World) -> Person:
    def signed_in(user: str, password: str) -> Page:
        page = new_context().new_page()
        sign_in(page, world.server.url, user, password)
        return page

    return signed_in


def download(page: Page, scope: Page | Locator, label: str) -> tuple[str, bytes]:
    """Press a download button; the suggested file name and the file's bytes."""
    with page.expect_download(timeout=60_000) as info:
        scope.get_by_role("button", name=label, exact=True).click()
    saved = info.value
    return saved.suggested_filename, Path(saved.path()).read_bytes()


def assert_right_file(name: str, content: bytes) -> None:
    suffix = Path(name).suffix
    assert content.startswith(FIRST_BYTES[suffix]), (name, content[:20])


def choose_containing(page: Page, label: str, text: str) -> None:
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option").filter(has_text=text).first.click()
    settle(page)


def download_buttons(page: Page) -> Locator:
    return page.get_by_test_id("stDownloadButton")


def assert_not_offered(page: Page, labels: set[str]) -> None:
    for label in sorted(labels):
        expect(page.get_by_role("button", name=label, exact=True)).to_have_count(0)


def test_the_organisation_downloads_reports_results_and_its_certificate(
    person: Person, world: World
) -> None:
    cast = world.cast
    page = person(*staff(cast.certified_org))
    open_page(page, "Results and certificate")
    choose_containing(page, "Self-assessment", cast.certified_assessment)
    expect(page.get_by_text("verification code")).to_be_visible()
    screenshot(page, "org-results-downloads")
    for label in (*REPORT_LABELS, OSCAL_LABEL, "Certificate (PDF)"):
        name, content = download(page, page, label)
        assert_right_file(name, content)
        assert cast.certified_assessment in name or cast.certificate in name
    _, oscal = download(page, page, OSCAL_LABEL)
    assert "assessment-results" in json.loads(oscal)


def test_the_organisation_works_offline(person: Person, world: World) -> None:
    cast = world.cast
    page = person(*staff(cast.draft_org))
    page.get_by_text("Work offline").click()
    name, content = download(page, page, WORKBOOK_LABEL)
    assert_right_file(name, content)
    book = load_workbook(io.BytesIO(content))
    sheet = next(s for s in book.sheetnames if not s.startswith("_") and s != "Instructions")
    book[sheet]["E4"] = "abc"
    broken = io.BytesIO()
    book.save(broken)
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Filled workbook, YAML or")
    payload: FilePayload = {"name": "filled.xlsx", "mimeType": XLSX, "buffer": broken.getvalue()}
    uploader.locator("input[type='file']").set_input_files(files=[payload])
    settle(page)
    page.get_by_role("button", name="Import answers", exact=True).click()
    settle(page)
    expect(page.get_by_text("Nothing was imported: 1 problem(s) in filled.xlsx")).to_be_visible()
    screenshot(page, "org-work-offline")


def test_the_reviewer_downloads_the_report(person: Person, world: World) -> None:
    cast = world.cast
    page = person(cast.reviewer, STAFF[cast.reviewer])
    open_page(page, "Review")
    choose_containing(page, "Self-assessment", cast.reviewed)
    expect(page.get_by_role("button", name=REPORT_LABELS[0])).to_be_visible()
    screenshot(page, "reviewer-report-download")
    for label in REPORT_LABELS:
        name, content = download(page, page, label)
        assert_right_file(name, content)
        assert cast.reviewed in name


def test_the_reviewer_opens_an_evidence_file_beside_the_answer(
    person: Person, world: World
) -> None:
    cast = world.cast
    page = person(cast.reviewer, STAFF[cast.reviewer])
    open_page(page, "Review")
    choose_containing(page, "Self-assessment", cast.reviewed)
    expect(page.get_by_role("button", name=EVIDENCE_LABEL)).to_be_visible()
    screenshot(page, "reviewer-evidence-download")
    assert download(page, page, EVIDENCE_LABEL) == EVIDENCE_FILE


def test_the_decider_who_did_not_review_gets_no_report(person: Person, world: World) -> None:
    cast = world.cast
    page = person(cast.decider, STAFF[cast.decider])
    open_page(page, "Decisions")
    choose_containing(page, "Decide on", cast.reviewed)
    expect(page.get_by_role("button", name="Take the decision")).to_be_visible()
    expect(download_buttons(page)).to_have_count(0)
    expect(page.get_by_text("The assessment report, in")).to_have_count(0)
    screenshot(page, "decider-no-report")


def _nothing_of(page: Page, cast: Cast) -> None:
    expect(page.get_by_text(cast.certificate)).to_have_count(0)
    expect(page.get_by_text(cast.certified_assessment)).to_have_count(0)


@pytest.mark.parametrize("who", ["other organisation", "board"])
def test_others_get_no_button_and_cannot_reach_the_pages_by_url(
    person: Person, world: World, who: str, new_context: Callable[[], BrowserContext]
) -> None:
    cast = world.cast
    user, password = staff(cast.other_org) if who != "board" else ("board", STAFF["board"])
    page = person(user, password)
    for spec in pages_for("board" if who == "board" else "org_admin"):
        open_page(page, spec.title)
        _nothing_of(page, cast)
        assert_not_offered(page, NOT_THEIRS[who])
    role = "board" if who == "board" else "org_admin"
    own = {spec.url_path for spec in pages_for(role)}
    for path in ("results", "review"):  # a new URL keeps the sign-in (its cookie), not more
        page.goto(f"{world.server.url}/{path}")
        settle(page)
        expect(page.get_by_text(f"Signed in as {user}")).to_be_visible()
        if path not in own:
            expect(page.get_by_role("dialog", name="Page not found")).to_be_visible()
        _nothing_of(page, cast)
        assert_not_offered(page, NOT_THEIRS[who])
    stranger = new_context().new_page()  # signed out: the sign-in page, nothing else
    for path in ("results", "review"):
        stranger.goto(f"{world.server.url}/{path}")
        settle(stranger)
        expect(stranger.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
        _nothing_of(stranger, cast)
        expect(download_buttons(stranger)).to_have_count(0)


def test_the_public_page_verifies_a_real_code(
    new_context: Callable[[], BrowserContext], world: World
) -> None:
    page = new_context().new_page()
    page.goto(f"{world.server.url}/verify?code={world.code}")
    settle(page)
    expect(page.get_by_text("Genuine. This certificate is current.")).to_be_visible()
    expect(page.get_by_text(world.current)).to_have_count(0)
    screenshot(page, "public-verify")
    tampered = world.code[:-1] + ("0" if world.code[-1] != "0" else "1")
    field = page.get_by_role("textbox", name="Verification code")
    field.fill(tampered)
    page.get_by_role("button", name="Verify", exact=True).click()
    settle(page)
    expect(page.get_by_text("Not genuine.", exact=False)).to_be_visible()
    expect(page.get_by_text("Genuine. This certificate is current.")).to_have_count(0)
