"""The board's view: aggregates only, every group of fewer than 5 organisations suppressed.

The figures are computed in SQL (engine.storage.board_queries); suppressed groups come back
without figures and are dropped here, so only their number is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from engine.service import clock
from engine.service.access import require
from engine.service.errors import InvalidInput
from engine.service.principals import Principal
from engine.service.releases import list_releases, release_bundle
from engine.storage import Database
from engine.storage.board_queries import DIMENSIONS, QUERIES, board_query

MIN_GROUP = 5
"""Groups of fewer organisations than this are never shown (DESIGN.md section 6)."""


@dataclass(frozen=True)
class BoardTable:
    name: str
    dimension: str
    rows: list[dict[str, Any]]
    suppressed_groups: int


def _run(
    principal: Principal, db: Database, name: str, dimension: str, params: dict[str, Any]
) -> BoardTable:
    require(principal, "analytics.read")
    if dimension not in DIMENSIONS:
        raise InvalidInput(f"group by one of {', '.join(DIMENSIONS)}", "dimension")
    if name not in QUERIES:
        raise InvalidInput(f"no board query {name!r}", "name")
    with db.read() as cursor:
        found = board_query(cursor, name, dimension, MIN_GROUP, params)
    shown = [
        {k: v for k, v in r.items() if k != "suppressed"} for r in found if not r["suppressed"]
    ]
    return BoardTable(name, dimension, shown, len(found) - len(shown))


def _until(as_of: datetime | None) -> datetime:
    return as_of or clock.now() + timedelta(microseconds=1)


def adoption(
    principal: Principal, db: Database, dimension: str = "all", as_of: datetime | None = None
) -> BoardTable:
    """Per standard: share of organisations whose latest decided assessment meets it."""
    return _run(principal, db, "adoption", dimension, {"until": _until(as_of)})


def adoption_by_quarter(principal: Principal, db: Database) -> BoardTable:
    return _run(principal, db, "adoption_by_quarter", "all", {"until": _until(None)})


def pipeline(principal: Principal, db: Database, dimension: str = "all") -> BoardTable:
    """Self-assessments per lifecycle state."""
    return _run(principal, db, "pipeline", dimension, {"until": _until(None)})


def certificate_status(principal: Principal, db: Database, dimension: str = "all") -> BoardTable:
    return _run(principal, db, "certificates", dimension, {"today": clock.today()})


def weakest_requirements(principal: Principal, db: Database, limit: int = 10) -> BoardTable:
    """Requirements most often rated below 'implemented' in the latest decided assessments."""
    table = _run(
        principal,
        db,
        "weakest_requirements",
        "all",
        {"until": _until(None), "implemented_at": _implemented_at(db)},
    )
    return BoardTable(
        table.name, table.dimension, table.rows[: max(limit, 0)], table.suppressed_groups
    )


def _implemented_at(db: Database) -> int:
    known = list_releases(db)
    if not known:
        return 0
    return release_bundle(db, known[-1].version).policy.rating_scale.implemented_at


BOARD_QUERIES = {
    "adoption": adoption,
    "adoption_by_quarter": adoption_by_quarter,
    "pipeline": pipeline,
    "certificate_status": certificate_status,
    "weakest_requirements": weakest_requirements,
}
