"""The board's aggregates (small groups suppressed, filters that combine, exports) and the
administrators' pages."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, session
from dashboard.navigation import ASSIGN, AUDIT, BOARD, RELEASES, USERS
from dashboard.ui import WITHHELD, WITHHELD_LEGEND
from engine.models.bundle import ReleaseBundle
from engine.service import analytics, documents, maintenance, releases, views_queue
from engine.service.analytics import BoardFilters
from engine.service.principals import SYSTEM, Principal
from engine.storage import Database
from tests.dashboard.conftest import APP, SignIn, button, principal_of, texts
from tests.dashboard.record import ORG_PASSWORD, STAFF, make_record

BOARD_PRINCIPAL = Principal("board", "board", None)
DECIDED = "Organisations with a decision"
EXPORT_LABELS = ["Download the board tables (CSV)", "Download the board tables (Parquet)"]


@pytest.fixture(scope="module")
def adoption_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 demo organisations (enough for groups of 5 and more) and a second, unused release."""
    path = make_record(tmp_path_factory.mktemp("adoption") / "adoption.duckdb", orgs=40)
    db, _ = maintenance.open_record(path)
    try:
        first = documents.library().bundle("2026.1")
        assert first is not None
        later = first.release.model_copy(update={"version": "2026.2"})
        releases.register_release(SYSTEM, db, ReleaseBundle(later, first.policy, first.standards))
    finally:
        db.checkpoint()
        db.close()
    return path


@pytest.fixture
def adoption(
    adoption_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Database, Callable[..., AppTest]]:
    """The record of 40 organisations, and a sign-in that opens the Adoption page."""
    path = tmp_path / "adoption.duckdb"
    shutil.copy(adoption_template, path)
    monkeypatch.setenv(session.DB_ENV, str(path))
    db = session.open_database(str(path.resolve()))

    def signed_in(user: str, password: str, open_board: bool = True) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        at.text_input(key="sign_in_user").input(user)
        at.text_input(key="sign_in_password").input(password)
        at.button[0].click().run()
        if open_board:
            at.switch_page(str(BOARD.path)).run()
        assert not at.exception, at.exception
        return at

    return db, signed_in


def _metric(at: AppTest, label: str) -> str:
    return str(next(m.value for m in at.metric if m.label == label))


def _expected_decided(db: Database, chosen: BoardFilters) -> str:
    rows = analytics.adoption(BOARD_PRINCIPAL, db, filters=chosen).rows
    return str(max(r["organisations"] for r in rows)) if rows else charts.SHORT


def _chart(at: AppTest, name: str) -> dict[str, Any]:
    """The plotly figure of a chart on the page (AppTest cannot draw it, but holds it)."""
    found = [c for c in at.get("plotly_chart") if c.proto.id.endswith(f"chart:{name}")]
    assert found, "no chart " + name
    figure: dict[str, Any] = json.loads(found[0].proto.spec)
    return figure


def _map_labels(at: AppTest) -> list[str]:
    return list(_chart(at, "countries")["data"][-1].get("hovertext") or [])


def _exports(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_the_board_sees_headline_figures_and_no_organisation(
    sign_in: SignIn, record: Database
) -> None:
    at = sign_in("board", STAFF["board"], str(BOARD.path))
    labels = {m.label for m in at.metric}
    assert {"Certified members", DECIDED, "Average adoption"} <= labels
    with record.read() as cursor:
        names = [r[0] for r in cursor.execute("SELECT name FROM organisations").fetchall()]
    shown = texts(at)
    assert not [n for n in names if n in shown]


def test_the_board_names_suppressed_groups(sign_in: SignIn) -> None:
    at = sign_in("board", STAFF["board"], str(BOARD.path))
    at.selectbox(key="board_dimension").select("size").run()
    assert WITHHELD in texts(at)


def test_the_filters_apply_one_field_at_a_time_and_every_figure_follows_them(
    adoption: tuple[Database, Callable[..., AppTest]],
) -> None:
    db, signed_in = adoption
    at = signed_in("board", STAFF["board"])
    regions, types = "board_regions", "board_organisation_types"
    release = "2026.1"
    steps: list[tuple[Callable[[AppTest], Any], BoardFilters]] = [
        (lambda a: None, BoardFilters()),
        (lambda a: a.multiselect(key=regions).select("europe"), BoardFilters(("europe",))),
        (
            lambda a: a.multiselect(key=regions).select("africa"),
            BoardFilters(("europe", "africa")),
        ),
        (
            lambda a: a.multiselect(key=regions).unselect("europe").unselect("africa"),
            BoardFilters(),
        ),
        (
            lambda a: a.selectbox(key="board_release").select(release),
            BoardFilters(release=release),
        ),
        (lambda a: a.selectbox(key="board_release").select("All releases"), BoardFilters()),
        (
            lambda a: a.multiselect(key=types).select("civil_society"),
            BoardFilters((), ("civil_society",)),
        ),
    ]
    seen = []
    for act, chosen in steps:
        act(at)
        at.run()
        assert not at.exception, at.exception
        seen.append(_metric(at, DECIDED))
        assert seen[-1] == _expected_decided(db, chosen), chosen
        if analytics.over_time(chosen):
            over_time = _chart(at, "over_time")["data"]
            quarters = analytics.adoption_by_quarter(BOARD_PRINCIPAL, db, filters=chosen).rows
            assert sum(len(trace.get("x", [])) for trace in over_time) == len(quarters)
        else:
            assert "Adoption over time is shown without filters" in texts(at)
        assert at.multiselect(key=types).disabled == bool(chosen.regions or chosen.release)
        assert at.selectbox(key="board_release").disabled == bool(
            chosen.regions or chosen.organisation_types
        )
    assert len(set(seen)) >= 3, seen  # the filters change what the page shows
    assert at.multiselect(key=regions).disabled  # a type is chosen
    assert "The map is not shown under an organisation-type or release filter" in texts(at)
    assert "Compared by organisation type, the field filtered on." in texts(at)
    at.multiselect(key=types).unselect("civil_society").run()
    at.selectbox(key="board_release").select("2026.2").run()  # nothing decided on it yet
    assert _metric(at, DECIDED) == charts.SHORT
    assert "No comparison by region or type under a release filter" in texts(at)


def test_the_map_shows_suppressed_countries_as_such(
    adoption: tuple[Database, Callable[..., AppTest]],
) -> None:
    db, signed_in = adoption
    at = signed_in("board", STAFF["board"])
    countries = analytics.certificate_status(BOARD_PRINCIPAL, db, "country")
    active = {r["group"] for r in countries.suppressed if r["status"] == "active"}
    assert active, "the record has countries with 1 to 4 certified members"
    labels = _map_labels(at)
    suppressed = {label.split("(")[1][:2] for label in labels if WITHHELD in label}
    assert suppressed == active
    assert not [label for label in labels if ": 0 " in label]
    legend = [t["name"] for t in _chart(at, "countries")["data"] if t.get("showlegend", True)]
    assert WITHHELD_LEGEND in legend
    at.multiselect(key="board_regions").select("oceania").run()
    assert all(("(AU)" in label or "(NZ)" in label) for label in _map_labels(at))


def test_every_chart_draws_suppressed_groups_as_such(
    adoption: tuple[Database, Callable[..., AppTest]],
) -> None:
    db, signed_in = adoption
    at = signed_in("board", STAFF["board"])
    bands = analytics.score_bands(BOARD_PRINCIPAL, db)
    assert bands.suppressed, "the record has score bands of 1 to 4 organisations"
    small = _chart(at, "scores")["data"][1]["text"]
    assert sum(bool(cell) for row in small for cell in row) == len(bands.suppressed)
    grouped = analytics.adoption(BOARD_PRINCIPAL, db, "region")
    cells = [c for row in _chart(at, "heatmap")["data"][1]["text"] for c in row if c]
    assert len(cells) >= grouped.suppressed_groups > 0
    states = {k["state"] for k in analytics.pipeline(BOARD_PRINCIPAL, db).suppressed}
    bars = _chart(at, "pipeline")["data"][0]
    labelled = {x for x, text in zip(bars["x"], bars["text"], strict=True) if text == charts.SHORT}
    assert len(labelled) == len(states)
    assert WITHHELD in texts(at)


def test_the_board_and_administrators_have_the_exports(
    adoption: tuple[Database, Callable[..., AppTest]],
) -> None:
    _, signed_in = adoption
    assert _exports(signed_in("board", STAFF["board"])) == EXPORT_LABELS
    assert _exports(signed_in("admin", STAFF["admin"])) == EXPORT_LABELS


@pytest.mark.parametrize("user", ["reviewer-1", "org-0001-admin"])
def test_nobody_else_reaches_the_board_page_or_its_exports(
    adoption: tuple[Database, Callable[..., AppTest]], user: str
) -> None:
    _, signed_in = adoption
    at = signed_in(user, STAFF.get(user, ORG_PASSWORD), open_board=False)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(str(BOARD.path))  # not among this person's pages
    assert "Adoption of the standards" not in texts(at)
    assert _exports(at) == []


def test_admin_adds_an_account_only_with_a_long_enough_password(sign_in: SignIn) -> None:
    at = sign_in("admin", STAFF["admin"], str(USERS.path))
    at.text_input(key="new_user_id").input("reviewer-9")
    at.selectbox(key="new_user_role").select("reviewer")
    at.text_input(key="new_user_password").input("short")
    button(at, "Add account").click().run()
    assert "at least 10 characters" in texts(at)
    assert at.text_input(key="new_user_id").value == "reviewer-9"
    at.text_input(key="new_user_password").input("a-long-enough-password")
    button(at, "Add account").click().run()
    assert "Account reviewer-9 added." in texts(at)


def test_admin_declares_a_conflict_of_interest(sign_in: SignIn) -> None:
    at = sign_in("admin", STAFF["admin"], str(USERS.path))
    at.text_input(key="conflict_org").input("org-0002")
    button(at, "Declare conflict").click().run()
    assert "give the reason" in texts(at)
    at.text_input(key="conflict_reason").input("Former board member")
    button(at, "Declare conflict").click().run()
    assert "Former board member" in at.dataframe[1].value.to_string()


def test_admin_assigns_a_reviewer(sign_in: SignIn) -> None:
    at = sign_in("admin", STAFF["admin"], str(ASSIGN.path))
    table = at.dataframe[0].value
    waiting = table[table["Reviewers"] == "none yet"]
    assert len(waiting), "the demo record has a submitted self-assessment without reviewer"
    chosen = waiting["Self-assessment"].iloc[0]
    at.selectbox(key="assign_assessment").select(chosen)
    button(at, "Assign").click().run()
    table = at.dataframe[0].value
    assert table[table["Self-assessment"] == chosen]["Reviewers"].iloc[0] != "none yet"


def test_admin_assigns_the_decider_never_a_reviewer(sign_in: SignIn, record: Database) -> None:
    at = sign_in("admin", STAFF["admin"], str(ASSIGN.path))
    queue = views_queue.assignment_queue(principal_of(at), record)
    item = next(a for a in queue if a.reviewers)
    chosen = item.item.assessment_id
    at.selectbox(key="decide_assessment").select(chosen)
    at.selectbox(key="assign_decider_id").select(item.reviewers[0])
    button(at, "Assign the decider").click().run()
    assert "the policy wants the decision taken by someone who did not review it" in texts(at)
    decider = item.eligible_deciders[0]
    at.selectbox(key="assign_decider_id").select(decider)
    button(at, "Assign the decider").click().run()
    table = at.dataframe[0].value
    assert table[table["Self-assessment"] == chosen]["Decider"].iloc[0] == decider


def test_admin_is_told_which_reviews_have_no_decider(sign_in: SignIn, record: Database) -> None:
    """As after migrating a record from before deciders were assigned (schema v3)."""
    at = sign_in("admin", STAFF["admin"], str(ASSIGN.path))
    assert not at.warning
    with record.transaction() as cursor:
        (chosen,) = cursor.execute(
            "SELECT min(a.id) FROM assessments a JOIN decider_assignments d "
            "ON d.assessment_id = a.id WHERE a.state = 'in_review'"
        ).fetchone()
        cursor.execute("DELETE FROM decider_assignments WHERE assessment_id = ?", [chosen])
    at.run()
    assert f"1 self-assessment(s) in review have no decider ({chosen})" in at.warning[0].value


def test_admin_sees_releases_and_verifies_the_audit_log(sign_in: SignIn) -> None:
    at = sign_in("admin", STAFF["admin"], str(RELEASES.path))
    assert "2026.1" in at.dataframe[0].value.to_string()
    at.switch_page(str(AUDIT.path)).run()
    button(at, "Verify the audit log").click().run()
    assert "The audit log is intact" in texts(at)
