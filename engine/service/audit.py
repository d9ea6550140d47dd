"""Reading and verifying the audit log (administrators only)."""

from __future__ import annotations

from engine.service.access import require
from engine.service.principals import Principal
from engine.storage import Database, records
from engine.storage.audit import AuditProblem, verify


def verify_audit(principal: Principal, db: Database) -> list[AuditProblem]:
    """Every break in the hash chain; an empty list means the log is intact."""
    require(principal, "audit.verify")
    return verify(db)


def recent_entries(principal: Principal, db: Database, limit: int = 100) -> list[records.Row]:
    require(principal, "audit.verify")
    with db.read() as cursor:
        return records.rows(
            cursor,
            "SELECT seq, logged_at, actor, action, entity, entity_id, org_id, payload_json "
            "FROM audit_log ORDER BY seq DESC LIMIT ?",
            [max(1, min(limit, 10_000))],
        )
