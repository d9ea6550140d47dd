"""Certificates: issued on an accredited or conditional decision, status derived on read.

An expired certificate is expired because its date has passed, without any job running;
suspension, reinstatement and withdrawal follow the certificate lifecycle table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engine.scoring.decision import add_months
from engine.service import clock
from engine.service.access import require
from engine.service.lifecycle import CertificateStatus, certificate_step
from engine.service.principals import Principal
from engine.service.reasons import check_reason
from engine.service.recording import record
from engine.service.targets import assessment_target, org_target, row_for
from engine.storage import Database, records

CERTIFIED_OUTCOMES = frozenset({"accredited", "conditionally_accredited"})

_STEP_FLAGS: dict[str, dict[str, bool]] = {
    "suspend": {"suspended": True},
    "reinstate": {"suspended": False},
    "withdraw": {"withdrawn": True},
}


@dataclass(frozen=True)
class Certificate:
    number: str
    org_id: str
    assessment_id: str
    outcome: str
    issued_on: date
    expires_on: date
    status: CertificateStatus
    status_reason: str | None
    row_version: int


def status_of(row: records.Row, today: date) -> CertificateStatus:
    """Derived on read, in this order: withdrawn, suspended, expired, active."""
    if row["withdrawn"]:
        return "withdrawn"
    if row["suspended"]:
        return "suspended"
    return "expired" if today > row["expires_on"] else "active"


_STATUS_STEPS: dict[str, str] = {
    "suspended": "certificate.suspend",
    "withdrawn": "certificate.withdraw",
}
"""The audited step that put a certificate in a status, to tell since when it has had it."""


def status_since(cursor: records.Cursor, number: str, status: str) -> date | None:
    """The day the certificate was last suspended or withdrawn (from the audit log), or None
    for the other statuses or when the log has no such step."""
    action = _STATUS_STEPS.get(status)
    if action is None:
        return None
    found = records.rows(
        cursor,
        "SELECT logged_at FROM audit_log WHERE entity = 'certificate' AND entity_id = ? "
        "AND action = ? ORDER BY seq DESC LIMIT 1",
        [number, action],
    )
    return found[0]["logged_at"].date() if found else None


def withheld_because(cursor: records.Cursor, row: records.Row) -> str | None:
    """Why the certificate may not be handed out as a document (it is suspended or withdrawn,
    since when), or None when it may be (active, or expired: the document then says so)."""
    status = status_of(row, clock.today())
    if status not in _STATUS_STEPS:
        return None
    since = status_since(cursor, row["number"], status)
    when = f" on {since.isoformat()}" if since else ""
    after = (
        "it can be downloaded again if it is reinstated"
        if status == "suspended"
        else "it is no longer valid, and a new accreditation needs a new self-assessment"
    )
    return f"certificate {row['number']} was {status}{when}: {after}"


def _certificate(row: records.Row) -> Certificate:
    return Certificate(
        number=row["number"],
        org_id=row["org_id"],
        assessment_id=row["assessment_id"],
        outcome=row["outcome"],
        issued_on=row["issued_on"],
        expires_on=row["expires_on"],
        status=status_of(row, clock.today()),
        status_reason=row["status_reason"],
        row_version=int(row["row_version"]),
    )


def issue_certificate(
    cursor: records.Cursor,
    principal: Principal,
    decision: records.Row,
    validity_months: int,
) -> str:
    """Inside the decision's transaction: number, issue date and expiry."""
    issued = clock.today()
    number = f"INDEX-{issued.year}-{records.count(cursor, 'certificates', {}) + 1:05d}"
    records.insert(
        cursor,
        "certificates",
        {
            "number": number,
            "org_id": decision["org_id"],
            "assessment_id": decision["assessment_id"],
            "decision_id": decision["id"],
            "outcome": decision["outcome"],
            "issued_on": issued,
            "expires_on": add_months(issued, validity_months),
        },
    )
    payload = {"outcome": decision["outcome"], "validity_months": validity_months}
    record(
        cursor, principal, "certificate.issue", ("certificate", number, decision["org_id"]), payload
    )
    return number


def get_certificate(principal: Principal, db: Database, number: str) -> Certificate:
    with db.read() as cursor:
        row = row_for(cursor, principal, "certificates", {"number": number}, "certificate.read")
        assessment = records.get(cursor, "assessments", {"id": row["assessment_id"]})
        require(principal, "certificate.read", assessment_target(cursor, principal, assessment))
        return _certificate(row)


def list_certificates(principal: Principal, db: Database, org_id: str) -> list[Certificate]:
    with db.read() as cursor:
        require(principal, "certificate.read", org_target(cursor, principal, org_id))
        rows = records.find(cursor, "certificates", {"org_id": org_id}, order_by="issued_on")
        return [_certificate(r) for r in rows]


@dataclass(frozen=True)
class RegisterEntry:
    """A line of the certificate register: the certificate, its holder and its release."""

    certificate: Certificate
    org_name: str
    release: str


_REGISTER_SQL = """
    SELECT c.*, o.name AS org_name, a.release_version
    FROM certificates c
    JOIN organisations o ON o.id = c.org_id
    JOIN assessments a ON a.id = c.assessment_id
    ORDER BY c.issued_on DESC, c.number DESC
"""


def certificate_register(principal: Principal, db: Database) -> list[RegisterEntry]:
    """Every certificate with its holder, newest first: for those who may suspend, reinstate
    or withdraw certificates (administrators)."""
    require(principal, "certificate.register")
    with db.read() as cursor:
        return [
            RegisterEntry(_certificate(row), row["org_name"], row["release_version"])
            for row in records.rows(cursor, _REGISTER_SQL)
        ]


def change_certificate_status(
    principal: Principal,
    db: Database,
    number: str,
    *,
    step: str,
    reason: str,
    expected_version: int,
) -> Certificate:
    """Suspend, reinstate or withdraw a certificate, with a reason."""
    require(principal, "certificate.change_status")
    check_reason(reason, "give the reason for the change of status")
    with db.transaction() as cursor:
        row = records.get(cursor, "certificates", {"number": number})
        new_status = certificate_step(status_of(row, clock.today()), step)
        changes = {**_STEP_FLAGS[step], "status_reason": reason}
        records.update_versioned(
            cursor, "certificates", {"number": number}, expected_version, changes
        )
        payload = {"step": step, "status": new_status, "reason": reason}
        record(
            cursor,
            principal,
            f"certificate.{step}",
            ("certificate", number, row["org_id"]),
            payload,
        )
        return _certificate(records.get(cursor, "certificates", {"number": number}))
