"""Administrators suspend, reinstate and withdraw certificates with a reason; the holder's
status changes at once, a reason is required, and nobody else reaches the register."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.navigation import CERTIFICATES
from engine.service import certificates
from engine.service.principals import SYSTEM, Principal
from engine.storage import Database
from tests.dashboard.conftest import SignIn, button, texts
from tests.dashboard.record import ORG_PASSWORD, STAFF

ADMIN = Principal("admin", "admin", None)


def _active(record: Database) -> str:
    """A certificate of the demo record, made current (the small record's may have expired)."""
    entries = certificates.certificate_register(ADMIN, record)
    assert entries, "the demo record holds certificates"
    number = entries[0].certificate.number
    with record.transaction() as cursor:
        cursor.execute(
            "UPDATE certificates SET expires_on = current_date + 365, suspended = false, "
            "withdrawn = false WHERE number = ?",
            [number],
        )
    assert _status(record, number) == "active"
    return number


def _status(record: Database, number: str) -> str:
    return certificates.get_certificate(SYSTEM, record, number).status


def _choose(at: AppTest, number: str) -> AppTest:
    return at.selectbox(key="certificate_change_number").select(number).run()


def test_the_register_lists_every_certificate(sign_in: SignIn, record: Database) -> None:
    at = sign_in("admin", STAFF["admin"], str(CERTIFICATES.path))
    table = at.dataframe[0].value
    with record.read() as cursor:
        total = cursor.execute("SELECT count(*) FROM certificates").fetchone()
    assert total is not None and len(table) == total[0] > 0
    assert f"{total[0]} of {total[0]} certificates" in texts(at)


def test_suspension_needs_a_reason_and_then_takes_effect(sign_in: SignIn, record: Database) -> None:
    number = _active(record)
    at = _choose(sign_in("admin", STAFF["admin"], str(CERTIFICATES.path)), number)
    button(at, "Change the status").click().run()
    assert "Give the reason for the change of status." in texts(at)
    assert _status(record, number) == "active"
    at.text_area(key="certificate_change_reason").input("Complaint under investigation")
    button(at, "Change the status").click().run()
    assert not at.exception
    assert _status(record, number) == "suspended"
    at = _choose(at, number)
    assert at.radio(key="certificate_change_step").options == ["Reinstate", "Withdraw"]


@pytest.mark.parametrize(
    ("user", "password"),
    [("board", STAFF["board"]), ("reviewer-1", STAFF["reviewer-1"]),
     ("org-0001-admin", ORG_PASSWORD)],
)  # fmt: skip
def test_only_administrators_reach_the_register(sign_in: SignIn, user: str, password: str) -> None:
    at = sign_in(user, password)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(str(CERTIFICATES.path))
