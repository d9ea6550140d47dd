"""Evidence files in the dashboard: the reviewer opens them beside each answer, the organisation
gets its own back; the decider, the board and other organisations are never offered them."""

from __future__ import annotations

import pytest

from dashboard.navigation import DECIDE, REVIEW, WORKSPACE, pages_for
from engine.storage import Database
from tests.dashboard.conftest import SignIn, principal_of, texts
from tests.dashboard.downloads.cast import (
    EVIDENCE_FILE,
    EVIDENCE_LABEL,
    Cast,
    attach_file,
    downloaded,
    labels,
    rows_of,
    staff,
)
from tests.dashboard.record import STAFF

NAME, POLICY = EVIDENCE_FILE
LABEL = EVIDENCE_LABEL


def _downloads(db: Database) -> list[tuple[str, str]]:
    sql = "SELECT actor, entity_id FROM audit_log WHERE action = 'evidence.download' ORDER BY seq"
    return [(str(a), str(e)) for a, e in rows_of(db, sql)]


def test_the_reviewer_opens_the_file_beside_the_answer(
    sign_in: SignIn, cast: Cast, record: Database
) -> None:
    evidence_id = attach_file(record, cast.reviewed)
    at = sign_in(cast.reviewer, STAFF[cast.reviewer], str(REVIEW.path))
    at.selectbox(key="review_choice").select(cast.reviewed).run()
    assert not at.exception
    [offered] = [b.proto for b in at.get("download_button") if b.proto.label == LABEL]
    assert offered.help == f"{LABEL}: {NAME}, {len(POLICY)} bytes"  # on hover
    assert _downloads(record) == []  # drawing the button hands nothing out
    assert downloaded(at, LABEL) == ("policy.md", POLICY)
    assert _downloads(record) == [(cast.reviewer, evidence_id)]


def test_the_organisation_gets_its_own_file_back_while_editing(
    sign_in: SignIn, cast: Cast, record: Database
) -> None:
    user, password = staff(cast.draft_org)
    evidence_id = attach_file(record, cast.draft, "MVR-01")
    at = sign_in(user, password, str(WORKSPACE.path))
    assert not at.exception
    assert any(e.label.startswith("Evidence added (") for e in at.expander)
    assert downloaded(at, LABEL) == ("policy.md", POLICY)
    assert _downloads(record) == [(user, evidence_id)]


@pytest.mark.parametrize("who", ["decider", "board", "other organisation"])
def test_no_one_else_is_offered_the_file(
    sign_in: SignIn, cast: Cast, record: Database, who: str
) -> None:
    attach_file(record, cast.reviewed)
    people = {"decider": (cast.decider, STAFF[cast.decider]), "board": ("board", STAFF["board"])}
    at = sign_in(*people.get(who, staff(cast.other_org)))
    for page in [p for p in pages_for(principal_of(at).role) if p in (REVIEW, DECIDE, WORKSPACE)]:
        at.switch_page(str(page.path)).run()
        if page is DECIDE:
            at.selectbox(key="decision_choice").select(cast.reviewed).run()
        assert not at.exception
        assert LABEL not in labels(at), (who, page.title)
        assert "policy.md" not in texts(at)
    assert _downloads(record) == []


def test_the_organisation_removes_a_wrong_file(
    sign_in: SignIn, cast: Cast, record: Database
) -> None:
    user, password = staff(cast.draft_org)
    evidence_id = attach_file(record, cast.draft, "MVR-01")
    at = sign_in(user, password, str(WORKSPACE.path))
    at.button(key=f"evidence:remove:{evidence_id}").click().run()
    assert not at.exception
    assert f"Evidence '{LABEL}' removed from MVR-01." in texts(at)
    assert LABEL not in labels(at)
    sql = f"SELECT count(*) FROM evidence WHERE id = '{evidence_id}'"
    assert rows_of(record, sql) == [(0,)]
    removed = "SELECT actor FROM audit_log WHERE action = 'evidence.remove'"
    assert rows_of(record, removed) == [(user,)]
