"""The two input tables of the SQL back-end and how to fill them from self-assessments.

`responses.na_reason_length` is the length of an N/A reason as `figures.na_reason_length`
measures it (white space stripped), so that both back-ends measure it the same way; the text
itself is not needed for scoring.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import duckdb

from engine.models.assessment import Response
from engine.models.profile import OrganisationProfile
from engine.scoring import figures
from engine.scoring.sql_conditions import PROFILE_COLUMNS

_SQL_TYPES = {"text": "VARCHAR", "list": "VARCHAR[]", "yes/no": "BOOLEAN", "number": "DOUBLE"}
RESPONSE_COLUMNS = (
    "assessment_id VARCHAR, requirement_id VARCHAR, rating INTEGER, not_applicable BOOLEAN, "
    "na_reason_length INTEGER, evidence_count INTEGER"
)


def _check_name(name: str) -> str:
    if not name.isidentifier() or not name.isascii():
        raise ValueError(f"not a plain table name: {name!r}")
    return name


def create_tables(
    con: duckdb.DuckDBPyConnection, profiles: str = "profiles", responses: str = "responses"
) -> None:
    """Create (or replace) the profiles and responses tables."""
    columns = ", ".join(f'"{n}" {_SQL_TYPES[k]}' for n, k in PROFILE_COLUMNS.items())
    con.execute(
        f"CREATE OR REPLACE TABLE {_check_name(profiles)} (assessment_id VARCHAR, {columns})"
    )
    con.execute(f"CREATE OR REPLACE TABLE {_check_name(responses)} ({RESPONSE_COLUMNS})")


def profile_row(assessment_id: str, profile: OrganisationProfile) -> tuple[object, ...]:
    data = profile.model_dump(mode="python")
    return (assessment_id, *(data[name] for name in PROFILE_COLUMNS))


def response_row(assessment_id: str, requirement_id: str, response: Response) -> tuple[object, ...]:
    return (
        assessment_id,
        requirement_id,
        response.rating,
        response.not_applicable,
        figures.na_reason_length(response) if response.not_applicable else None,
        len(response.evidence),
    )


def insert_assessments(
    con: duckdb.DuckDBPyConnection,
    assessments: Iterable[tuple[str, OrganisationProfile, Mapping[str, Response]]],
    profiles: str = "profiles",
    responses: str = "responses",
) -> None:
    """Add self-assessments (id, profile, responses) to the two tables."""
    profile_rows: list[tuple[object, ...]] = []
    response_rows: list[tuple[object, ...]] = []
    for assessment_id, profile, answers in assessments:
        profile_rows.append(profile_row(assessment_id, profile))
        response_rows.extend(response_row(assessment_id, rid, r) for rid, r in answers.items())
    marks = ", ".join("?" for _ in range(len(PROFILE_COLUMNS) + 1))
    if profile_rows:
        insert = f"INSERT INTO {_check_name(profiles)} VALUES ({marks})"  # noqa: S608
        con.executemany(insert, profile_rows)
    if response_rows:
        insert = f"INSERT INTO {_check_name(responses)} VALUES (?, ?, ?, ?, ?, ?)"  # noqa: S608
        con.executemany(insert, response_rows)
