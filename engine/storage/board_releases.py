"""Who differs between a release's view and the view over every release: the SQL behind
suppression by release.

With the release filter, each organisation counts with its latest decision on that release
(or its assessments and certificates pinned to it); without it, with its latest decision of
all. The two views of a row differ by the organisations whose counted record differs: if
they are 1 to 4 (say the first to move to a new release), comparing the views would give
their records away. This query counts them per row and group, from what each view counts:
(keys, group, organisation, record), the rows each table's aggregate runs over (`MEMBERS`).

Comparing one release's view with every release's is not the only way in: with several
releases, the views of all of them laid beside every release's view can be added and
subtracted too (release A's plus release B's minus everyone's leaves the organisations counted
in both, with their records on A). Every view is a sum of two kinds of parts per release: those
counted with the same record as in every release's view (kept) and those counted with an
earlier record (moved on). `release_parts` counts both per row and group, for one release.
"""

from __future__ import annotations

from typing import Any

from engine.storage.board_queries import BAND, QUARTER_LABEL, QUERIES, render
from engine.storage.records import Cursor, Row, rows

_QUARTER = QUARTER_LABEL.format(end="l.quarter_end")
MEMBERS: dict[str, str] = {
    "adoption": 's.standard_id, grp AS "group", pr.org_id, pr.engine_result_id AS record',
    "score_bands": (
        f's.standard_id, {BAND} AS band, grp AS "group", pr.org_id, pr.engine_result_id AS record'
    ),
    "adoption_by_quarter": (
        f'{_QUARTER} AS quarter, s.standard_id, grp AS "group", l.org_id, '
        "l.engine_result_id AS record"
    ),
    "pipeline": 'state, grp AS "group", org_id, id AS record',
    "certificates": 'status, grp AS "group", org_id, number AS record',
    "weakest_requirements": (
        'r.requirement_id, pr.grp AS "group", pr.org_id, pr.assessment_id AS record'
    ),
}
"""Table -> what its final SELECT counts, one row per (keys, group, organisation, record)."""


def _members(name: str, dimension: str, params: dict[str, Any]) -> str:
    """SQL: the membership of a table: its query with the final SELECT's list replaced."""
    inner = render(QUERIES[name], dimension, params)
    head, tail = inner.rsplit("\nSELECT ", 1)
    source = tail[tail.index("\nFROM ") :].replace("GROUP BY ALL", "")
    return f"{head}\nSELECT DISTINCT {MEMBERS[name]}{source}"


def _compare(
    cursor: Cursor, name: str, dimension: str, params: dict[str, Any], parts: str, counts: str
) -> list[Row]:
    """Per row and group: `counts` over `parts`, SQL over the members of the release's view
    (`chosen`) and of every release's (`everyone`)."""
    chosen = _members(name, dimension, params)
    everyone = _members(name, dimension, {**params, "release": None})
    keys = ", ".join([*QUERIES[name].keys, '"group"'])
    sql = f"""
    WITH chosen AS ({chosen}), everyone AS ({everyone}), parts AS ({parts})
    SELECT {keys}, {counts} FROM parts GROUP BY ALL"""  # noqa: S608
    return rows(cursor, sql, {k: v for k, v in params.items() if f"${k}" in sql})


def release_parts(cursor: Cursor, name: str, dimension: str, params: dict[str, Any]) -> list[Row]:
    """Per row and group of a table, for the release of `params`, the organisations that its
    view counts: with the same record as every release's view (kept), with another (moved: an
    earlier record on this release); and those counted differently in the two views, or in one
    only (changed: moved, or counted in every release's view with a record this one lacks)."""
    parts = """
        (SELECT *, 'kept' AS part FROM (SELECT * FROM chosen INTERSECT SELECT * FROM everyone))
        UNION ALL
        (SELECT *, 'moved' AS part FROM (SELECT * FROM chosen EXCEPT SELECT * FROM everyone))
        UNION ALL
        (SELECT *, 'absent' AS part FROM (SELECT * FROM everyone EXCEPT SELECT * FROM chosen))"""
    counts = """count(DISTINCT org_id) FILTER (WHERE part = 'kept') AS kept,
        count(DISTINCT org_id) FILTER (WHERE part = 'moved') AS moved,
        count(DISTINCT org_id) FILTER (WHERE part <> 'kept') AS changed"""
    return _compare(cursor, name, dimension, params, parts, counts)


def releases_in_use(cursor: Cursor) -> list[str]:
    """Every release that a self-assessment is pinned to."""
    found = rows(cursor, "SELECT DISTINCT release_version FROM assessments ORDER BY 1", {})
    return [str(r["release_version"]) for r in found]
