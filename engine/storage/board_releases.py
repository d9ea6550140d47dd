"""Who differs between a release's view and the view over every release: the SQL behind
suppression by release.

With the release filter, each organisation counts with its latest decision on that release
(or its assessments and certificates pinned to it); without it, with its latest decision of
all. The two views of a row differ by the organisations whose counted record differs: if
they are 1 to 4 (say the first to move to a new release), comparing the views would give
their records away. This query counts them per row and group, from what each view counts:
(keys, group, organisation, record), the rows each table's aggregate runs over (`MEMBERS`).
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


def release_changes(cursor: Cursor, name: str, dimension: str, params: dict[str, Any]) -> list[Row]:
    """Per row and group of a table: the organisations counted with a different record (or
    only) in one of the two views, the release's (`params`) and every release's."""
    chosen = _members(name, dimension, params)
    everyone = _members(name, dimension, {**params, "release": None})
    keys = ", ".join([*QUERIES[name].keys, '"group"'])
    sql = f"""
    WITH chosen AS ({chosen}), everyone AS ({everyone}),
    changed AS (
        (SELECT * FROM chosen EXCEPT SELECT * FROM everyone)
        UNION ALL (SELECT * FROM everyone EXCEPT SELECT * FROM chosen)
    )
    SELECT {keys}, count(DISTINCT org_id) AS organisations FROM changed GROUP BY ALL"""  # noqa: S608
    return rows(cursor, sql, {k: v for k, v in params.items() if f"${k}" in sql})
