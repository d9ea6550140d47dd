"""Who changed between two quarters: the SQL behind suppression over time.

The board's adoption by quarter shows, per quarter and standard, the organisations' latest
decisions by the end of that quarter. Two quarters of one standard differ by the
organisations that were decided in between: if 1 to 4 organisations were, comparing the two
would give their results away. This query says, per standard and pair of quarters, how many
organisations (that the table counts under the same filters) touch it in one quarter and next
in another, so that the service can count, for any two quarters, the organisations decided
in between (engine.service.board_time).

An organisation "touches" a standard in the quarter of a decision when the new decision or
the one it replaces has a result for that standard (and a profile that the filters keep):
it joins, leaves or changes that standard's row.
"""

from __future__ import annotations

from typing import Any

from engine.storage.board_queries import QUARTER_END, QUARTER_LABEL, filter_parts
from engine.storage.records import Cursor, Row, rows

_CHANGES = f"""
WITH quarters AS (
    SELECT DISTINCT {QUARTER_END.format(at="decided_at")} AS quarter_end
    FROM decisions WHERE decided_at < $until
),
kept AS (
    SELECT d.org_id, d.decided_at, d.engine_result_id, d.assessment_id,
        lag(d.engine_result_id) OVER w AS previous_result,
        lag(d.assessment_id) OVER w AS previous_assessment
    FROM decisions d
    WHERE d.decided_at < $until AND {{decided_release}}
    WINDOW w AS (PARTITION BY d.org_id ORDER BY d.decided_at)
),
sides AS (
    SELECT org_id, decided_at, engine_result_id AS result_id, assessment_id FROM kept
    UNION ALL
    SELECT org_id, decided_at, previous_result, previous_assessment FROM kept
    WHERE previous_result IS NOT NULL
),
touches AS (
    SELECT DISTINCT x.org_id, s.standard_id,
        {QUARTER_END.format(at="x.decided_at")} AS quarter_end
    FROM sides x
    JOIN standard_results s ON s.engine_result_id = x.result_id
    JOIN assessments a ON a.id = x.assessment_id
    JOIN organisation_profiles p ON p.org_id = a.org_id AND p.version = a.profile_version
    WHERE {{profile}}
),
steps AS (
    SELECT standard_id, quarter_end,
        lag(quarter_end) OVER (PARTITION BY org_id, standard_id ORDER BY quarter_end) AS after
    FROM touches
),
counted AS (
    SELECT after, quarter_end, standard_id, count(*) AS organisations FROM steps GROUP BY ALL
)
SELECT CASE WHEN after IS NOT NULL THEN {QUARTER_LABEL.format(end="after")} END AS since,
    {QUARTER_LABEL.format(end="quarter_end")} AS next, standard_id, organisations
FROM counted ORDER BY since NULLS FIRST, next, standard_id"""  # noqa: S608 - fixed text; filters from an allowlist


def quarter_changes(cursor: Cursor, params: dict[str, Any]) -> list[Row]:
    """Per standard, quarter `since` and later quarter `next`: how many organisations touch
    that standard in `since` and next in `next` (`since` None: `next` is their first)."""
    sql = _CHANGES.format(**filter_parts(params))
    return rows(cursor, sql, {k: v for k, v in params.items() if f"${k}" in sql})
