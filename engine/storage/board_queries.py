"""The board's analytics as parameterised SQL. Group columns come from an allowlist.

Every query yields groups with an `organisations` count; figures of groups below the minimum
size are set to NULL inside SQL (and flagged `suppressed`), so they never leave the database.

Filters (parameters; one that is None or empty adds no condition at all): `$release` keeps
only the self-assessments pinned to that release, before each organisation's latest decision
is picked; `$regions` and `$organisation_types` keep only self-assessments made with such a
profile. Groups are counted, and so suppressed, after filtering.
"""

from __future__ import annotations

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
    SELECT l.*, {dimension} AS grp
    FROM latest l
    JOIN assessments a ON a.id = l.assessment_id
    JOIN organisation_profiles p ON p.org_id = a.org_id AND p.version = a.profile_version
    WHERE {profile}
)"""

_ADOPTION = """
WITH {latest}
SELECT s.standard_id, grp AS "group", count(DISTINCT pr.org_id) AS organisations,
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
    SELECT a.*, {dimension} AS grp FROM assessments a
    JOIN organisation_profiles p ON p.org_id = a.org_id AND p.version = a.profile_version
    WHERE a.created_at < $until AND {release} AND {profile}
)
SELECT state, grp AS "group", count(DISTINCT org_id) AS organisations,
       count(*) AS assessments
FROM profiled GROUP BY ALL"""

_CERTIFICATES = """
WITH profiled AS (
    SELECT c.*, {dimension} AS grp,
        CASE WHEN c.withdrawn THEN 'withdrawn' WHEN c.suspended THEN 'suspended'
             WHEN $today > c.expires_on THEN 'expired' ELSE 'active' END AS status
    FROM certificates c
    JOIN assessments a ON a.id = c.assessment_id
    JOIN organisation_profiles p ON p.org_id = a.org_id AND p.version = a.profile_version
    WHERE c.issued_on <= $today AND {release} AND {profile}
)
SELECT status, grp AS "group", count(DISTINCT org_id) AS organisations,
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

QUERIES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "adoption": (_ADOPTION, ("share_meeting", "mean_score"), 'standard_id, "group"'),
    "score_bands": (_SCORE_BANDS, (), "standard_id, band"),
    "adoption_by_quarter": (_ADOPTION_BY_QUARTER, ("share_meeting",), "quarter, standard_id"),
    "pipeline": (_PIPELINE, ("assessments",), 'state, "group"'),
    "certificates": (_CERTIFICATES, ("certificates",), 'status, "group"'),
    "weakest_requirements": (
        _WEAKEST,
        ("mean_rating", "share_below_implemented"),
        "share_below_implemented DESC NULLS LAST, requirement_id",
    ),
}
"""name -> (SQL, the figure columns to suppress, ORDER BY)."""


def _conditions(params: dict[str, Any], clauses: tuple[tuple[str, str], ...]) -> str:
    """The conditions of the filters that are set (None or empty: not set), AND-ed."""
    return " AND ".join(sql for name, sql in clauses if params.get(name)) or "TRUE"


def board_query(
    cursor: Cursor, name: str, dimension: str, min_group: int, params: dict[str, Any]
) -> list[Row]:
    """Run a board query; small groups come back with suppressed = true and no figures."""
    sql, figures, order = QUERIES[name]
    parts = {name: _conditions(params, c) for name, c in FILTER_CLAUSES.items()}
    parts["dimension"] = DIMENSIONS[dimension]
    inner = sql.format(latest=_LATEST.format(**parts), **parts)
    hidden = (*figures, "organisations")
    masked = ", ".join(
        f"CASE WHEN organisations < $min_group THEN NULL ELSE {f} END AS {f}" for f in hidden
    )
    outer = (
        f"WITH g AS ({inner}) SELECT * EXCLUDE ({', '.join(hidden)}), "  # noqa: S608
        f"{masked}, organisations < $min_group AS suppressed FROM g ORDER BY {order}"
    )
    used = {k: v for k, v in {**params, "min_group": min_group}.items() if f"${k}" in outer}
    return rows(cursor, outer, used)
