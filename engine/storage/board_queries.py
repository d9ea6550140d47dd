"""The board's analytics as parameterised SQL. Group columns come from an allowlist.

Every query yields groups with an `organisations` count; figures of groups below the minimum
size are set to NULL inside SQL (and flagged `suppressed`), so they never leave the database.

Secondary suppression: the groups of one row of a table (say the regions of one standard) add
up to a total that the board sees elsewhere (the same standard over everyone). If the groups
hidden in a row held 1 to 4 organisations together, that total minus the shown groups would
give them away; so the smallest shown group of such a row is hidden too (one is enough: it has
5 or more). Countries are also summed per region (a region's figure is on the board too), so
for countries the row is cut by region (`MARGINS`).

Filters (parameters; one that is None or empty adds no condition at all): `$release` keeps
only the self-assessments pinned to that release, before each organisation's latest decision
is picked; `$regions` and `$organisation_types` keep only self-assessments made with such a
profile. Groups are counted, and so suppressed, after filtering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.storage.records import Cursor, Row, rows

DIMENSIONS: dict[str, str] = {
    "all": "'all'",
    "region": "p.region",
    "country": "p.country",
    "income_group": "p.income_group",
    "organisation_type": "p.organisation_type",
    "size": "p.size",
}
"""Profile fields the board may group by (identifiers cannot be query parameters)."""

MARGINS: dict[str, str] = {"country": "p.region"}
"""Dimension -> the coarser profile field that its groups add up to besides the overall
total (countries add up to regions); secondary suppression holds within each."""

_DECIDED_ON = "d.assessment_id IN (SELECT id FROM assessments WHERE release_version = $release)"
FILTER_CLAUSES: dict[str, tuple[tuple[str, str], ...]] = {
    "release": (("release", "a.release_version = $release"),),
    "decided_release": (("release", _DECIDED_ON),),
    "profile": (
        ("regions", "list_contains($regions, p.region)"),
        ("organisation_types", "list_contains($organisation_types, p.organisation_type)"),
    ),
}
"""placeholder -> (filter parameter, its condition): a condition is written into the query
only when its filter is set, so that an unset filter costs nothing."""

_LATEST = """
latest AS (
    SELECT d.org_id, d.assessment_id, d.engine_result_id, d.outcome, d.decided_at
    FROM decisions d
    WHERE d.decided_at < $until AND {decided_release}
    QUALIFY row_number() OVER (PARTITION BY d.org_id ORDER BY d.decided_at DESC) = 1
),
profiled AS (
    SELECT l.*, {dimension} AS grp, {margin} AS margin
    FROM latest l
    JOIN assessments a ON a.id = l.assessment_id
    JOIN organisation_profiles p ON p.org_id = a.org_id AND p.version = a.profile_version
    WHERE {profile}
)"""

_ADOPTION = """
WITH {latest}
SELECT s.standard_id, grp AS "group", margin, count(DISTINCT pr.org_id) AS organisations,
       avg(s.meets::INTEGER) AS share_meeting, avg(s.score) AS mean_score
FROM profiled pr JOIN standard_results s ON s.engine_result_id = pr.engine_result_id
GROUP BY ALL"""

_SCORE_BANDS = """
WITH {latest}
SELECT s.standard_id, least(floor(s.score * 4), 3)::INTEGER AS band,
       count(DISTINCT pr.org_id) AS organisations
FROM profiled pr JOIN standard_results s ON s.engine_result_id = pr.engine_result_id
WHERE s.score IS NOT NULL
GROUP BY ALL"""
"""The spread of standard scores: organisations per quarter band (0: below 25 %, 3: 75 % or
more), so that no single organisation's score is ever shown."""

_ADOPTION_BY_QUARTER = """
WITH quarters AS (
    SELECT DISTINCT date_trunc('quarter', decided_at) + INTERVAL 3 MONTH AS quarter_end
    FROM decisions WHERE decided_at < $until
),
latest AS (
    SELECT q.quarter_end, d.org_id, d.engine_result_id, d.assessment_id
    FROM quarters q JOIN decisions d ON d.decided_at < q.quarter_end
    WHERE {decided_release}
    QUALIFY row_number() OVER (
        PARTITION BY q.quarter_end, d.org_id ORDER BY d.decided_at DESC) = 1
),
profiled AS (
    SELECT l.* FROM latest l
    JOIN assessments a ON a.id = l.assessment_id
    JOIN organisation_profiles p ON p.org_id = a.org_id AND p.version = a.profile_version
    WHERE {profile}
)
SELECT strftime(l.quarter_end - INTERVAL 1 DAY, '%Y') || '-Q'
       || quarter(l.quarter_end - INTERVAL 1 DAY) AS quarter,
       s.standard_id, count(DISTINCT l.org_id) AS organisations,
       avg(s.meets::INTEGER) AS share_meeting
FROM profiled l JOIN standard_results s ON s.engine_result_id = l.engine_result_id
GROUP BY ALL"""

_PIPELINE = """
WITH profiled AS (
    SELECT a.*, {dimension} AS grp, {margin} AS margin FROM assessments a
    JOIN organisation_profiles p ON p.org_id = a.org_id AND p.version = a.profile_version
    WHERE a.created_at < $until AND {release} AND {profile}
)
SELECT state, grp AS "group", margin, count(DISTINCT org_id) AS organisations,
       count(*) AS assessments
FROM profiled GROUP BY ALL"""

_CERTIFICATES = """
WITH profiled AS (
    SELECT c.*, {dimension} AS grp, {margin} AS margin,
        CASE WHEN c.withdrawn THEN 'withdrawn' WHEN c.suspended THEN 'suspended'
             WHEN $today > c.expires_on THEN 'expired' ELSE 'active' END AS status
    FROM certificates c
    JOIN assessments a ON a.id = c.assessment_id
    JOIN organisation_profiles p ON p.org_id = a.org_id AND p.version = a.profile_version
    WHERE c.issued_on <= $today AND {release} AND {profile}
)
SELECT status, grp AS "group", margin, count(DISTINCT org_id) AS organisations,
       count(*) AS certificates
FROM profiled GROUP BY ALL"""

_WEAKEST = """
WITH {latest},
picked AS (
    SELECT assessment_id, requirement_id, rating FROM responses
    WHERE assessment_id IN (SELECT assessment_id FROM profiled)
      AND NOT not_applicable AND rating IS NOT NULL
),
adjusted AS (
    SELECT assessment_id, requirement_id, adjusted_rating FROM review_verdicts
    WHERE verdict = 'adjust' AND assessment_id IN (SELECT assessment_id FROM profiled)
)
SELECT r.requirement_id, count(DISTINCT pr.org_id) AS organisations,
       avg(coalesce(v.adjusted_rating, r.rating)) AS mean_rating,
       avg((coalesce(v.adjusted_rating, r.rating) < $implemented_at)::INTEGER)
           AS share_below_implemented
FROM picked r
JOIN profiled pr ON pr.assessment_id = r.assessment_id
LEFT JOIN adjusted v ON v.assessment_id = r.assessment_id AND v.requirement_id = r.requirement_id
GROUP BY ALL"""
"""Prefiltering responses and verdicts by semi-join halves the time at 10M responses."""


@dataclass(frozen=True)
class BoardQuery:
    sql: str
    figures: tuple[str, ...]
    """The figure columns, hidden with the organisations count when a group is suppressed."""
    order: str
    row: tuple[str, ...]
    """The columns of one row of the table: its groups add up to a total (secondary
    suppression holds within each row)."""
    cell: str = "organisations"
    """What tells the groups of a row apart (which is hidden first among equals)."""
    grouped: bool = False
    """Groups by a profile field, with its margin (`MARGINS`) as a column of its own."""

    @property
    def partitions(self) -> list[tuple[str, ...]]:
        """Where secondary suppression holds, finest first: each margin, then the row."""
        return [(*self.row, "margin"), self.row] if self.grouped else [self.row]


_BY_GROUP = '"group"'
QUERIES: dict[str, BoardQuery] = {
    "adoption": BoardQuery(
        _ADOPTION,
        ("share_meeting", "mean_score"),
        'standard_id, "group"',
        ("standard_id",),
        _BY_GROUP,
        grouped=True,
    ),
    "score_bands": BoardQuery(_SCORE_BANDS, (), "standard_id, band", ("standard_id",), "band"),
    "adoption_by_quarter": BoardQuery(
        _ADOPTION_BY_QUARTER, ("share_meeting",), "quarter, standard_id", ("quarter", "standard_id")
    ),
    "pipeline": BoardQuery(
        _PIPELINE, ("assessments",), 'state, "group"', ("state",), _BY_GROUP, grouped=True
    ),
    "certificates": BoardQuery(
        _CERTIFICATES,
        ("certificates",),
        'status, "group"',
        ("status",),
        _BY_GROUP,
        grouped=True,
    ),
    "weakest_requirements": BoardQuery(
        _WEAKEST,
        ("mean_rating", "share_below_implemented"),
        "share_below_implemented DESC NULLS LAST, requirement_id",
        ("requirement_id",),
    ),
}


def _conditions(params: dict[str, Any], clauses: tuple[tuple[str, str], ...]) -> str:
    """The conditions of the filters that are set (None or empty: not set), AND-ed."""
    return " AND ".join(sql for name, sql in clauses if params.get(name)) or "TRUE"


def _secondary(step: int, partition: tuple[str, ...], cell: str) -> str:
    """SQL: step `step` of suppression: within each `partition`, if the hidden groups hold 1
    to $min_group - 1 organisations together, the smallest shown group is hidden too."""
    over = ", ".join(partition)
    hidden_there = f"sum(CASE WHEN hidden THEN organisations ELSE 0 END) OVER (PARTITION BY {over})"
    smallest = f"row_number() OVER (PARTITION BY {over}, hidden ORDER BY organisations, {cell})"
    return f"""
    s{step} AS (
        SELECT * EXCLUDE (hidden), hidden OR (NOT hidden AND {smallest} = 1
            AND {hidden_there} BETWEEN 1 AND $min_group - 1) AS hidden
        FROM s{step - 1}
    )"""  # noqa: S608 - fixed text and allowlisted names


def _suppressing(inner: str, query: BoardQuery) -> str:
    """SQL: the groups of `inner` with `suppressed` (primary: fewer than $min_group
    organisations; then secondary, partition by partition) and the figures of suppressed
    groups set to NULL."""
    steps = [_secondary(n, p, query.cell) for n, p in enumerate(query.partitions, start=1)]
    hidden = (*query.figures, "organisations")
    masked = ", ".join(f"CASE WHEN hidden THEN NULL ELSE {f} END AS {f}" for f in hidden)
    helpers = ", ".join([*hidden, "hidden"] + ["margin"] * query.grouped)
    return f"""
    WITH g AS ({inner}),
    s0 AS (SELECT *, organisations < $min_group AS hidden FROM g),{",".join(steps)}
    SELECT * EXCLUDE ({helpers}), {masked}, hidden AS suppressed
    FROM s{len(steps)} ORDER BY {query.order}"""  # noqa: S608 - fixed text and allowlisted names


def board_query(
    cursor: Cursor, name: str, dimension: str, min_group: int, params: dict[str, Any]
) -> list[Row]:
    """Run a board query; suppressed groups come back with suppressed = true and no figures."""
    query = QUERIES[name]
    parts = {name: _conditions(params, c) for name, c in FILTER_CLAUSES.items()}
    parts["dimension"] = DIMENSIONS[dimension]
    parts["margin"] = MARGINS.get(dimension, "'all'")
    inner = query.sql.format(latest=_LATEST.format(**parts), **parts)
    outer = _suppressing(inner, query)
    used = {k: v for k, v in {**params, "min_group": min_group}.items() if f"${k}" in outer}
    return rows(cursor, outer, used)
