"""Every change is written together with its audit entry, in the same transaction."""

from __future__ import annotations

from typing import Any

import duckdb

from engine.service import clock
from engine.service.principals import Principal
from engine.storage import audit


def record(
    cursor: duckdb.DuckDBPyConnection,
    principal: Principal,
    action: str,
    subject: tuple[str, str, str | None],
    payload: dict[str, Any] | None = None,
) -> None:
    """Append the audit entry for a change made in this transaction by `principal`.

    `subject` is (entity, entity id, organisation id or None).
    """
    entity, entity_id, org_id = subject
    audit.append(
        cursor,
        audit.AuditEntry(
            at=clock.now(),
            actor=principal.user_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            org_id=org_id,
            payload=payload or {},
        ),
    )
