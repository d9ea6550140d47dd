"""The board's view: aggregates only, every group of fewer than 5 organisations suppressed.

The figures are computed in SQL (engine.storage.board_queries); suppressed groups come back
without figures: their figures never leave the database, only their number and their keys
(which group was suppressed: "KE, withheld") are reported. A group of 5 or more is suppressed
too where the groups suppressed beside it would otherwise add up to 1-4 organisations, which
the total over everyone minus the shown groups would give away (secondary suppression).

Every query takes the same filters (BoardFilters): regions or organisation types (of the
profile the self-assessment was made with; one of the two at a time) and a release (only
self-assessments pinned to it). The release combines with either (AND).

A profile filter must not let the board work out a small group by difference (Europe and
Oceania minus Europe is Oceania). So a filtered table shows only what the table compared by
that field shows anyway: compared by the field itself (or by country under a region filter),
it is that table cut to the chosen values; over everyone, a row is shown only if none of the
chosen values' groups is suppressed in that table. Tables compared by another field are
refused under a profile filter (they would cross two fields).

Over time, adoption by quarter shows no two quarters of a standard that differ by 1 to 4
organisations decided in between (engine.service.board_time). Under a release filter, no row
differs from the same row over every release by 1 to 4 organisations (say the first ones to
move to a new release): such rows are withheld (engine.storage.board_releases).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from engine.models.profile import PROFILE_VOCABULARY
from engine.service import clock
from engine.service.access import require
from engine.service.board_views import (
    EVERYTHING,
    MIN_GROUP,
    BoardFilters,
    by_release,
    check_view,
    comparable,
    filtered_rows,
    over_time,
    over_time_rows,
)
from engine.service.errors import InvalidInput
from engine.service.principals import Principal
from engine.service.releases import list_releases, release_bundle
from engine.storage import Database
from engine.storage.board_queries import DIMENSIONS, QUERIES

__all__ = [
    "BOARD_QUERIES",
    "EVERYTHING",
    "MIN_GROUP",
    "BoardFilters",
    "BoardTable",
    "adoption",
    "adoption_by_quarter",
    "certificate_status",
    "comparable",
    "over_time",
    "pipeline",
    "score_bands",
    "weakest_requirements",
]

FILTER_VOCABULARY: dict[str, tuple[str, ...]] = {
    "regions": PROFILE_VOCABULARY["region"],
    "organisation_types": PROFILE_VOCABULARY["organisation_type"],
}
"""The values each list filter accepts (the release filter accepts a registered release)."""


@dataclass(frozen=True)
class BoardTable:
    name: str
    dimension: str
    rows: list[dict[str, Any]]
    suppressed_groups: int
    suppressed: list[dict[str, Any]] = field(default_factory=list)
    """The keys of the suppressed groups (e.g. status and country), never their figures."""


def _check_filters(db: Database, filters: BoardFilters) -> dict[str, Any]:
    """The filters as query parameters; a value outside the vocabulary is refused."""
    for name, allowed in FILTER_VOCABULARY.items():
        unknown = sorted(set(getattr(filters, name)) - set(allowed))
        if unknown:
            raise InvalidInput(f"{', '.join(unknown)}: choose from {', '.join(allowed)}", name)
    if sum(map(bool, (filters.regions, filters.organisation_types, filters.release))) > 1:
        raise InvalidInput(
            "filter by region, by organisation type or by release, one at a time: together "
            "they could single out an organisation",
            "organisation_types" if filters.organisation_types else "release",
        )
    if filters.release is not None and filters.release not in {
        r.version for r in list_releases(db)
    }:
        raise InvalidInput(f"no release {filters.release!r}", "release")
    return {
        "release": filters.release,
        "regions": list(filters.regions),
        "organisation_types": list(filters.organisation_types),
    }


PUBLIC_GROUP = frozenset({"adoption", "pipeline", "certificates"})
"""The tables that can be compared by a profile field (the others are over everyone)."""


def _run(
    principal: Principal,
    db: Database,
    name: str,
    dimension: str,
    params: dict[str, Any],
    filters: BoardFilters = EVERYTHING,
) -> BoardTable:
    require(principal, "analytics.read")
    if dimension not in DIMENSIONS:
        raise InvalidInput(f"group by one of {', '.join(DIMENSIONS)}", "dimension")
    if name not in QUERIES:
        raise InvalidInput(f"no board query {name!r}", "name")
    chosen = _check_filters(db, filters)
    check_view(name, dimension, filters)
    with db.read() as cursor:
        given = {**params, **chosen}
        withheld = by_release(cursor, name, dimension, given)
        found = filtered_rows(cursor, name, dimension, given, filters, withheld)
        if name == "adoption_by_quarter":
            found = over_time_rows(cursor, found, given, filters, withheld)
    internal = ("margin",) if name in PUBLIC_GROUP else ("margin", "group")
    shown = [_without(r, "suppressed", *internal) for r in found if not r["suppressed"]]
    figures = (*QUERIES[name].figures, "organisations", "suppressed", *internal)
    hidden = [_without(r, *figures) for r in found if r["suppressed"]]
    return BoardTable(name, dimension, shown, len(hidden), hidden)


def _without(row: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in names}


def _until() -> datetime:
    return clock.now() + timedelta(microseconds=1)


def adoption(
    principal: Principal, db: Database, dimension: str = "all", filters: BoardFilters = EVERYTHING
) -> BoardTable:
    """Per standard: share of organisations whose latest decided assessment meets it (today:
    the board gets no other moment, which would be a time axis without the over-time check)."""
    return _run(principal, db, "adoption", dimension, {"until": _until()}, filters)


def score_bands(
    principal: Principal, db: Database, filters: BoardFilters = EVERYTHING
) -> BoardTable:
    """Per standard: organisations whose latest decided score falls in each quarter band
    (band 0: below 25 %, ... band 3: 75 % or more; band -1: no score, none of the standard's
    requirements applies)."""
    return _run(principal, db, "score_bands", "all", {"until": _until()}, filters)


def adoption_by_quarter(
    principal: Principal, db: Database, filters: BoardFilters = EVERYTHING
) -> BoardTable:
    """Per quarter and standard: the share meeting it among the latest decisions by then."""
    return _run(principal, db, "adoption_by_quarter", "all", {"until": _until()}, filters)


def pipeline(
    principal: Principal, db: Database, dimension: str = "all", filters: BoardFilters = EVERYTHING
) -> BoardTable:
    """Self-assessments per lifecycle state."""
    return _run(principal, db, "pipeline", dimension, {"until": _until()}, filters)


def certificate_status(
    principal: Principal, db: Database, dimension: str = "all", filters: BoardFilters = EVERYTHING
) -> BoardTable:
    """Certificates (and the organisations holding them) per status: active, expired..."""
    return _run(principal, db, "certificates", dimension, {"today": clock.today()}, filters)


def weakest_requirements(
    principal: Principal, db: Database, limit: int = 10, filters: BoardFilters = EVERYTHING
) -> BoardTable:
    """Requirements most often rated below 'implemented' in the latest decided assessments."""
    params = {"until": _until(), "implemented_at": _implemented_at(db, filters.release)}
    table = _run(principal, db, "weakest_requirements", "all", params, filters)
    return BoardTable(
        table.name,
        table.dimension,
        table.rows[: max(limit, 0)],
        table.suppressed_groups,
        table.suppressed,
    )


def _implemented_at(db: Database, release: str | None) -> int:
    """The 'implemented' rating of the chosen release's policy (else the newest release's)."""
    known = [r.version for r in list_releases(db)]
    chosen = release if release in known else (known[-1] if known else None)
    if chosen is None:
        return 0
    return release_bundle(db, chosen).policy.rating_scale.implemented_at


BOARD_QUERIES = {
    "adoption": adoption,
    "adoption_by_quarter": adoption_by_quarter,
    "score_bands": score_bands,
    "pipeline": pipeline,
    "certificate_status": certificate_status,
    "weakest_requirements": weakest_requirements,
}
