"""Read models for administrators: declared conflicts of interest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from engine.service.access import require
from engine.service.principals import Principal
from engine.storage import Database, records

__all__ = ["Conflict", "list_conflicts"]


@dataclass(frozen=True)
class Conflict:
    user_id: str
    org_id: str
    reason: str
    declared_at: datetime


def list_conflicts(principal: Principal, db: Database) -> list[Conflict]:
    """Every declared conflict of interest, by person and organisation."""
    require(principal, "user.manage")
    with db.read() as cursor:
        found = records.find(cursor, "conflicts_of_interest", {}, order_by="user_id")
    return [Conflict(r["user_id"], r["org_id"], r["reason"], r["declared_at"]) for r in found]
