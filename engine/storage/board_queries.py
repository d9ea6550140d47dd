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

BAND = "CASE WHEN s.score IS NULL THEN -1 ELSE least(floor(s.score * 4), 3)::INTEGER END"
"""The score band of a standard result (LEAST would skip a NULL score, hence the CASE)."""
_SCORE_BANDS = f"""
WITH {{latest}}
SELECT s.standard_id, {BAND} AS band,
       grp AS "group", margin, count(DISTINCT pr.org_id) AS organisations
FROM profiled pr JOIN standard_results s ON s.engine_result_id = pr.engine_result_id
GROUP BY ALL"""  # noqa: S608 - fixed text
"""The spread of standard scores: organisations per quarter band (0: below 25 %, 3: 75 % or
more; -1: no score, all of it not applicable), so that no single organisation's score is
ever shown. The bands of a standard add up to its organisations in adoption."""

QUARTER_END = "date_trunc('quarter', {at}) + INTERVAL 3 MONTH"
"""SQL: the first moment after the quarter of `at` (quarters are named by their end)."""
QUARTER_LABEL = "strftime({end} - INTERVAL 1 DAY, '%Y') || '-Q' || quarter({end} - INTERVAL 1 DAY)"
"""SQL: "YYYY-Qn" of the quarter that ends at `end`."""

_ADOPTION_BY_QUARTER = f"""
WITH quarters AS (
    SELECT DISTINCT {QUARTER_END.format(at="decided_at")} AS quarter_end
    FROM decisions WHERE decided_at < $until
),
latest AS (
    SELECT q.quarter_end, d.org_id, d.engine_result_id, d.assessment_id
    FROM quarters q JOIN decisions d ON d.decided_at < q.quarter_end
    WHERE {{decided_release}}
    QUALIFY row_number() OVER (
        PARTITION BY q.quarter_end, d.org_id ORDER BY d.decided_at DESC) = 1
),
profiled AS (
    SELECT l.*, {{dimension}} AS grp, {{margin}} AS margin FROM latest l
    JOIN assessments a ON a.id = l.assessment_id
    JOIN organisation_profiles p ON p.org_id = a.org_id AND p.version = a.profile_version
    WHERE {{profile}}
)
SELECT {QUARTER_LABEL.format(end="l.quarter_end")} AS quarter,
       s.standard_id, grp AS "group", margin, count(DISTINCT l.org_id) AS organisations,
       avg(s.meets::INTEGER) AS share_meeting
FROM profiled l JOIN standard_results s ON s.engine_result_id = l.engine_result_id
GROUP BY ALL"""  # noqa: S608 - fixed text

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
SELECT r.requirement_id, pr.grp AS "group", pr.margin, count(DISTINCT pr.org_id) AS organisations,
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
    """One board table. Every query groups by a profile field ("group", "all" for none) and
    its margin (`MARGINS`); the service shows "group" where the table is compared by one."""

    sql: str
    figures: tuple[str, ...]
    """The figure columns, hidden with the organisations count when a group is suppressed."""
    order: str
    keys: tuple[str, ...]
    """What names a row of the table over everyone (one standard, one state...)."""
    across: str | None = None
    """A key whose values split one total (the score bands of a standard): secondary
    suppression holds across them."""

    def partitions(self, dimension: str) -> list[tuple[str, ...]]:
        """Where secondary suppression holds, finest first: compared by a profile field, the
        groups of one row within each margin, then within the row; over everyone, the values
        of `across` within the rest of the row."""
        if dimension != "all":
            return [(*self.keys, "margin"), self.keys]
        return [tuple(k for k in self.keys if k != self.across)]

    def cell(self, dimension: str) -> str:
        """What tells the groups of a partition apart (the first hidden among equals)."""
        return '"group"' if dimension != "all" else (self.across or "organisations")


QUERIES: dict[str, BoardQuery] = {
    "adoption": BoardQuery(
        _ADOPTION, ("share_meeting", "mean_score"), 'standard_id, "group"', ("standard_id",)
    ),
    "score_bands": BoardQuery(
        _SCORE_BANDS, (), 'standard_id, band, "group"', ("standard_id", "band"), "band"
    ),
    "adoption_by_quarter": BoardQuery(
        _ADOPTION_BY_QUARTER,
        ("share_meeting",),
        'quarter, standard_id, "group"',
        ("quarter", "standard_id"),
    ),
    "pipeline": BoardQuery(_PIPELINE, ("assessments",), 'state, "group"', ("state",)),
    "certificates": BoardQuery(_CERTIFICATES, ("certificates",), 'status, "group"', ("status",)),
    "weakest_requirements": BoardQuery(
        _WEAKEST,
        ("mean_rating", "share_below_implemented"),
        'share_below_implemented DESC NULLS LAST, requirement_id, "group"',
        ("requirement_id",),
    ),
}
"""name -> the board table."""

KEY_SEPARATOR = "\x1f"
"""Between the key values of a row in `withheld` (the unit separator: in no key)."""


def row_key(query: BoardQuery, row: Row) -> str:
    """The key of a row as `withheld` names it: its keys and its group."""
    return KEY_SEPARATOR.join(str(row[k]) for k in (*query.keys, "group"))


def conditions(params: dict[str, Any], clauses: tuple[tuple[str, str], ...]) -> str:
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


def _withheld(step: int, query: BoardQuery) -> str:
    """SQL: step `step`: the rows named in $withheld are hidden too."""
    key = ", ".join(f"{k}::VARCHAR" for k in (*query.keys, '"group"'))
    return f"""
    s{step} AS (
        SELECT * EXCLUDE (hidden),
            hidden OR list_contains($withheld, concat_ws(chr(31), {key})) AS hidden
        FROM s{step - 1}
    )"""  # noqa: S608 - fixed text and allowlisted names


def _suppressing(inner: str, query: BoardQuery, dimension: str, withheld: bool) -> str:
    """SQL: the groups of `inner` with `suppressed` (primary: fewer than $min_group
    organisations; then secondary, partition by partition; then the rows in $withheld) and
    the figures of suppressed groups set to NULL."""
    cell = query.cell(dimension)
    steps = [_secondary(n, p, cell) for n, p in enumerate(query.partitions(dimension), start=1)]
    if withheld:
        steps.append(_withheld(len(steps) + 1, query))
    hidden = (*query.figures, "organisations")
    masked = ", ".join(f"CASE WHEN hidden THEN NULL ELSE {f} END AS {f}" for f in hidden)
    return f"""
    WITH g AS ({inner}),
    s0 AS (SELECT *, organisations < $min_group AS hidden FROM g),{",".join(steps)}
    SELECT * EXCLUDE ({", ".join(hidden)}, hidden), {masked}, hidden AS suppressed
    FROM s{len(steps)} ORDER BY {query.order}"""  # noqa: S608 - fixed text and allowlisted names


def filter_parts(params: dict[str, Any]) -> dict[str, str]:
    """Placeholder -> the conditions of the filters that are set (`FILTER_CLAUSES`)."""
    return {name: conditions(params, c) for name, c in FILTER_CLAUSES.items()}


def render(query: BoardQuery, dimension: str, params: dict[str, Any]) -> str:
    """SQL: the table's query with its filters (those set) and grouping written in."""
    parts = filter_parts(params)
    parts["dimension"] = DIMENSIONS[dimension]
    parts["margin"] = MARGINS.get(dimension, "'all'")
    return query.sql.format(latest=_LATEST.format(**parts), **parts)


def board_query(
    cursor: Cursor,
    name: str,
    dimension: str,
    min_group: int,
    params: dict[str, Any],
    withheld: list[str] | None = None,
) -> list[Row]:
    """Run a board query; suppressed groups come back with suppressed = true and no figures.
    Rows have "group" and "margin" (the profile field compared by, and its margin); rows
    whose key (`row_key`) is in `withheld` are suppressed too."""
    query = QUERIES[name]
    outer = _suppressing(render(query, dimension, params), query, dimension, withheld is not None)
    given = {**params, "min_group": min_group, "withheld": withheld or []}
    used = {k: v for k, v in given.items() if f"${k}" in outer}
    return rows(cursor, outer, used)
