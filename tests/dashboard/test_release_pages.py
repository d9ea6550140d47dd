"""The pages where standards evolve, on the fixture releases (the shipped library holds only
2026.1): the administrators' release preview and an organisation's "What changed"."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from dashboard import session
from dashboard.navigation import CHANGES, RELEASE_PREVIEW, RELEASES, PageSpec
from engine.locations import LIBRARY_ENV
from engine.service import assessments, clock, organisations, releases, renewal, users
from engine.service.principals import SYSTEM, Principal
from engine.storage import Database
from tests.dashboard.conftest import APP, button, texts
from tests.evolution.world import (
    ALL_THREE,
    LIBRARY,
    ORGS,
    bundle,
    decided_world,
    make_world,
    profile,
)
from tests.service.fingerprint import fingerprint
from tests.service.test_views_changes import _library_with_a_bad_bump, tampered_library

PASSWORD = "evolving-password-2026"
ACCOUNTS: dict[str, tuple[str, str | None]] = {
    "preview-admin": ("admin", None),
    "preview-board": ("board", None),
    "preview-reviewer": ("reviewer", None),
    "eu-1-admin": ("org_admin", "eu-1"),
    "eu-2-admin": ("org_admin", "eu-2"),
    "fresh-admin": ("org_admin", "fresh"),
}
"""Accounts with a password: user id -> (role, organisation)."""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight organisations certified on 2026.1 (2026.2 in effect, 2027.1 to come), and one
    organisation without a certificate."""
    path = tmp_path_factory.mktemp("evolving") / "template.duckdb"
    world = decided_world(path)
    try:
        organisations.create_organisation(SYSTEM, world.db, "fresh", "FRESH", profile("europe"))
        _add_accounts(world.db)
    finally:
        world.db.checkpoint()
        world.db.close()
    return path


def _add_accounts(db: Database) -> None:
    for user_id, (role, org_id) in ACCOUNTS.items():
        if org_id is None or org_id in {o.id for o in organisations.list_organisations(SYSTEM, db)}:
            users.create_user(
                SYSTEM,
                db,
                user_id,
                display_name=user_id,
                role=role,  # type: ignore[arg-type]
                org_id=org_id,
                password=PASSWORD,
            )


@pytest.fixture(scope="module")
def single_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Only release 2026.1 registered: eu-1 certified on it, nothing newer."""
    path = tmp_path_factory.mktemp("single") / "template.duckdb"
    world = make_world(path, orgs={"eu-1": ORGS["eu-1"]}, bundles=(bundle("2026.1"),))
    try:
        world.decided("eu-1", ALL_THREE)
        _add_accounts(world.db)
    finally:
        world.db.checkpoint()
        world.db.close()
    return path


def _open(template: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    """A private copy of a record, opened as the dashboard opens it."""
    path = folder / "record.duckdb"
    shutil.copy(template, path)
    monkeypatch.setenv(session.DB_ENV, str(path))
    monkeypatch.setenv(LIBRARY_ENV, str(LIBRARY))
    return session.open_database(str(path.resolve()))


@pytest.fixture
def record(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    return _open(template, tmp_path, monkeypatch)


def _sign_in(user: str, page: PageSpec | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.text_input(key="sign_in_user").input(user)
    at.text_input(key="sign_in_password").input(PASSWORD)
    at.button[0].click().run()
    assert "principal" in at.session_state, [e.value for e in at.error]
    if page is not None:
        at.switch_page(str(page.path)).run()
    assert not at.exception, at.exception
    return at


def _tables(at: AppTest) -> str:
    return "\n".join(d.value.to_string() for d in at.dataframe)


# --- administrators: release preview ------------------------------------------------------


def test_the_preview_shows_the_diff_bumps_and_notes(record: Database) -> None:
    at = _sign_in("preview-admin", RELEASE_PREVIEW)
    assert at.selectbox(key="preview_current").value == "2026.2"  # the release in effect
    assert at.selectbox(key="preview_candidate").value == "2027.1"
    shown, tables = texts(at), _tables(at)
    assert "Changes from 2026.2 to 2027.1" in shown
    assert "MAJOR (assessments need a migration)" in shown
    assert "criticality made critical (False → True) [MAJOR]" in tables
    assert "weight changed (1 → 2) [MAJOR]" in tables
    assert "SG-02" in tables and "Removed" in tables
    assert "OW-01" in tables and "Added" in tables
    assert "Every new version number moves as far as its changes need." in shown
    assert "# Release notes: 2026.2 → 2027.1" in shown
    assert "rating scale changed [MAJOR]" in shown


def test_a_minor_candidate_shows_minor_bumps(record: Database) -> None:
    at = _sign_in("preview-admin", RELEASE_PREVIEW)
    at.selectbox(key="preview_current").select("2026.1").run()
    at.selectbox(key="preview_candidate").select("2026.2").run()
    assert "Version bump the release needs: **MINOR (added or widened)**" in texts(at)
    assert "scope/context widened [MINOR]" in _tables(at)


def test_a_bump_problem_is_shown_as_an_error(
    record: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LIBRARY_ENV, str(_library_with_a_bad_bump(tmp_path / "library")))
    at = _sign_in("preview-admin", RELEASE_PREVIEW)
    at.selectbox(key="preview_current").select("2026.1").run()
    at.selectbox(key="preview_candidate").select("2026.9").run()
    errors = [e.value for e in at.error]
    assert any("need a minor version bump" in e and "(version-bump)" in e for e in errors)
    assert "The standard itself: purpose reworded [PATCH]" in texts(at)


def test_a_file_changed_after_publication_is_reported(
    record: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LIBRARY_ENV, str(tampered_library(tmp_path / "library")))
    at = _sign_in("preview-admin", RELEASE_PREVIEW)
    assert "The library reports problems in the files of the candidate release:" in texts(at)
    assert any("(hash-mismatch)" in e.value for e in at.error)


def test_the_impact_is_shown_with_small_groups_suppressed(record: Database) -> None:
    before = fingerprint(record)
    at = _sign_in("preview-admin", RELEASE_PREVIEW)
    assert "Outcome would change" not in texts(at)  # only on request
    button(at, "Estimate the impact").click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Organisations with a decision"] == "8"
    regions = at.dataframe[-1].value.set_index("Region")
    assert regions.loc["Africa", "Organisations"] == "withheld"  # 2 organisations
    assert regions.loc["Africa", "Outcome would change"] == "withheld"
    assert regions.loc["Europe", "Organisations"] == "withheld"  # 8 - Europe's 6 = Africa's
    standards = at.dataframe[-2].value
    assert set(standards["Organisations"]) == {"8"}
    assert "withheld: fewer than 5 organisations, or it would" in texts(at)
    button(at, "Estimate the policy what-if").click().run()
    assert not at.exception
    assert fingerprint(record) == before  # nothing is changed by this page


def test_the_policy_what_if_uses_the_same_suppression(record: Database) -> None:
    at = _sign_in("preview-admin", RELEASE_PREVIEW)
    at.selectbox(key="what_if_policy").select("1.0.0").run()
    button(at, "Estimate the policy what-if").click().run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Organisations with a decision": "8", "Outcome would change": "0"}
    regions = at.dataframe[-1].value.set_index("Region")
    assert regions.loc["Africa", "Organisations"] == "withheld"


def test_the_releases_page_shows_windows_and_the_release_in_effect(record: Database) -> None:
    at = _sign_in("preview-admin", RELEASES)
    table = at.dataframe[0].value.set_index("Release")
    assert table.loc["2026.2", "In effect now"] == "yes"
    assert table.loc["2027.1", "From"] == "01 Jan 2027"
    button(at, "Close 2026.2").click().run()
    table = at.dataframe[0].value.set_index("Release")
    assert table.loc["2026.2", "New self-assessments"] == "closed"
    assert table.loc["2026.1", "In effect now"] == "yes"


def test_moving_organisations_is_previewed_then_confirmed(record: Database) -> None:
    before = fingerprint(record)
    at = _sign_in("preview-admin", RELEASES)
    assert at.selectbox(key="migrate_release").value == "2026.2"
    button(at, "Preview the move").click().run()
    moves = at.dataframe[1].value.set_index("Organisation")
    assert len(moves) == len(ORGS)
    assert moves.loc["eu-1", "New draft"] == "eu-1-002"
    assert fingerprint(record) == before  # a preview writes nothing
    assert button(at, "Move the organisations").disabled
    at.checkbox(key="migrate_confirm").check().run()
    button(at, "Move the organisations").click().run()
    assert f"{len(ORGS)} organisation(s) moved to release 2026.2" in texts(at)
    member = Principal("eu-1-admin", "org_admin", "eu-1")
    drafts = assessments.list_assessments(member, record, "eu-1")
    assert [(a.release_version, a.state) for a in drafts][-1] == ("2026.2", "draft")


# --- organisations: what changed ----------------------------------------------------------


def test_an_organisation_sees_what_changed_for_its_profile(record: Database) -> None:
    at = _sign_in("eu-1-admin", CHANGES)
    shown, tables = texts(at), _tables(at)
    assert "Certificate **INDEX-2026-00001**" in shown
    assert "is valid against release 2026.1 until" in shown
    assert "Release 2026.1 → release 2026.2" in shown
    assert "SG-04" in tables and "A new requirement to answer" in tables
    assert "Your answer will need re-confirmation" in tables
    at.selectbox(key="changes_release").select("2027.1").run()
    tables = _tables(at)
    assert "Your answer will be archived" in tables and "SC-01" in tables
    assert "The rating scale changed" in texts(at)


def test_an_organisation_never_sees_another_organisations_changes(record: Database) -> None:
    at = _sign_in("eu-1-admin", CHANGES)
    at.query_params["org"] = "eu-2"
    at.query_params["org_id"] = "eu-2"
    at.switch_page(str(CHANGES.path)).run()
    shown = texts(at)
    assert "INDEX-2026-00001" in shown
    assert "INDEX-2026-00002" not in shown and "EU-2" not in shown
    other = _sign_in("eu-2-admin", CHANGES)
    assert "INDEX-2026-00002" in texts(other)
    assert "INDEX-2026-00001" not in texts(other)


def test_no_certificate_yet_is_said_plainly(record: Database) -> None:
    at = _sign_in("fresh-admin", CHANGES)
    assert "has no certificate yet" in texts(at)
    assert not at.dataframe


def test_nothing_changed_is_said_plainly(
    single_release: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _open(single_release, tmp_path, monkeypatch)
    at = _sign_in("eu-1-admin", CHANGES)
    shown = texts(at)
    assert "is valid against release 2026.1 until" in shown
    assert "Nothing changed: release 2026.1" in shown
    assert not at.dataframe


@pytest.mark.parametrize(
    ("user", "page"),
    [
        ("eu-1-admin", RELEASE_PREVIEW),
        ("preview-board", RELEASE_PREVIEW),
        ("preview-reviewer", RELEASE_PREVIEW),
        ("preview-admin", CHANGES),
        ("preview-board", CHANGES),
        ("preview-reviewer", CHANGES),
    ],
)
def test_other_roles_cannot_open_the_pages(record: Database, user: str, page: PageSpec) -> None:
    at = _sign_in(user)
    default_title = [t.value for t in at.title]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(str(page.path))
    at._page_hash = calc_hash(page.url_path)  # as a browser asking for the page's URL
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == default_title
    assert page.title not in default_title


def test_a_release_whose_files_were_edited_after_publication_cannot_be_published(
    single_release: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _open(single_release, tmp_path, monkeypatch)
    monkeypatch.setenv(LIBRARY_ENV, str(tampered_library(tmp_path / "library")))
    at = _sign_in("preview-admin", RELEASES)
    at.selectbox(key="publish_release").select("2027.1").run()
    shown = "\n".join(e.value for e in at.error)
    assert "release 2027.1 cannot be used" in shown and "hash-mismatch" in shown
    assert not [b for b in at.button if b.key == "publish"]
    at.selectbox(key="publish_release").select("2026.2").run()  # untouched: offered
    assert not at.error and button(at, "Publish") is not None
    assert "2027.1" not in {r.version for r in releases.list_releases(db)}


def test_a_renewal_onto_a_release_without_some_requirements_shows_their_earlier_answers(
    record: Database,
) -> None:
    eu1 = Principal("eu-1-admin", "org_admin", "eu-1")
    decided = assessments.list_assessments(eu1, record, "eu-1")[-1]
    with clock.frozen_at(datetime(2027, 2, 1)):  # 2027.1 in effect: SG-02, staff care gone
        renewal.renew_assessment(eu1, record, decided.id, "2027.1")
    at = _sign_in("eu-1-admin")
    expander = [e for e in at.expander if "no longer has" in e.label]
    assert expander, [e.label for e in at.expander]
    assert "release 2027.1 no longer has" in expander[0].label
    shown = _tables(at)
    assert "SG-02" in shown and "Kept for your records" in texts(at)
