"""The board's aggregates (small groups suppressed) and the administrators' pages."""

from __future__ import annotations

from dashboard.navigation import ASSIGN, AUDIT, BOARD, RELEASES, USERS
from engine.storage import Database
from tests.dashboard.conftest import SignIn, button, texts
from tests.dashboard.record import STAFF


def test_the_board_sees_headline_figures_and_no_organisation(
    sign_in: SignIn, record: Database
) -> None:
    at = sign_in("board", STAFF["board"], str(BOARD.path))
    labels = {m.label for m in at.metric}
    assert {"Certified members", "Organisations with a decision"} <= labels
    with record.read() as cursor:
        names = [r[0] for r in cursor.execute("SELECT name FROM organisations").fetchall()]
    shown = texts(at)
    assert not [n for n in names if n in shown]


def test_the_board_names_suppressed_groups(sign_in: SignIn) -> None:
    at = sign_in("board", STAFF["board"], str(BOARD.path))
    at.selectbox(key="board_dimension").select("size").run()
    assert "fewer than 5 organisations" in texts(at)


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


def test_admin_sees_releases_and_verifies_the_audit_log(sign_in: SignIn) -> None:
    at = sign_in("admin", STAFF["admin"], str(RELEASES.path))
    assert "2026.1" in at.dataframe[0].value.to_string()
    at.switch_page(str(AUDIT.path)).run()
    button(at, "Verify the audit log").click().run()
    assert "The audit log is intact" in texts(at)
