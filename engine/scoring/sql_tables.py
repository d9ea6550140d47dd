"""The two input tables of the SQL back-end and how to fill them from self-assessments.

`responses.na_reason_length` is the length of an N/A reason as `figures.na_reason_length`
measures it (white space stripped), so that both back-ends measure it the same way; the text
itself is not needed for scoring.

With the release's requirement ids, `responses.requirement_id` is an ENUM of them in release
order (a dictionary encoding: one small integer per row), which lets the bulk query find each
answer's requirement by `enum_code` instead of comparing strings. Answers to requirements that
the release does not have are then left out; they change no figure (SA07 is a warning).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import duckdb

from engine.models.assessment import Response
from engine.models.profile import OrganisationProfile
from engine.scoring import figures
from engine.scoring.sql_conditions import PROFILE_COLUMNS

_SQL_TYPES = {"text": "VARCHAR", "list": "VARCHAR[]", "yes/no": "BOOLEAN", "number": "DOUBLE"}
RESPONSE_COLUMNS = (
    "assessment_id VARCHAR, requirement_id {requirement_type}, "
    "rating INTEGER CHECK (rating BETWEEN 0 AND 10), not_applicable BOOLEAN NOT NULL, "
    "na_reason_length INTEGER CHECK (na_reason_length >= 0), "
    "evidence_count INTEGER NOT NULL CHECK (evidence_count >= 0)"
)
"""The answers, one row each; the constraints are those of the model (`Response`), which the
bulk query relies on (`sql_codes`)."""


def _check_name(name: str) -> str:
    if not name.isidentifier() or not name.isascii():
        raise ValueError(f"not a plain table name: {name!r}")
    return name


def _enum_type(responses: str) -> str:
    return f"{_check_name(responses)}_requirement_id"


def create_tables(
    con: duckdb.DuckDBPyConnection,
    profiles: str = "profiles",
    responses: str = "responses",
    requirement_ids: Sequence[str] = (),
) -> None:
    """Create (or replace) the profiles and responses tables; with `requirement_ids` (in
    release order), `responses.requirement_id` is an ENUM of them."""
    columns = ", ".join(f'"{n}" {_SQL_TYPES[k]}' for n, k in PROFILE_COLUMNS.items())
    con.execute(
        f"CREATE OR REPLACE TABLE {_check_name(profiles)} (assessment_id VARCHAR, {columns})"
    )
    con.execute(f"DROP TABLE IF EXISTS {_check_name(responses)}")
    con.execute(f"DROP TYPE IF EXISTS {_enum_type(responses)}")
    requirement_type = "VARCHAR"
    if requirement_ids:
        requirement_type = _enum_type(responses)
        create = f"CREATE TYPE {requirement_type} AS ENUM (SELECT unnest(?::VARCHAR[]))"
        con.execute(create, [list(requirement_ids)])
    con.execute(
        f"CREATE TABLE {_check_name(responses)} "
        f"({RESPONSE_COLUMNS.format(requirement_type=requirement_type)})"
    )


def requirement_coding(
    con: duckdb.DuckDBPyConnection, responses: str = "responses"
) -> tuple[str, ...] | None:
    """The ids of the ENUM that `responses.requirement_id` is, in order; None if not an ENUM."""
    rows = con.execute(
        "SELECT data_type FROM duckdb_columns() WHERE table_name = ? AND column_name = ?",
        [_check_name(responses), "requirement_id"],
    ).fetchall()
    if len(rows) != 1 or not str(rows[0][0]).startswith("ENUM("):
        return None
    query = f"SELECT enum_range(any_value(requirement_id)) FROM {responses}"  # noqa: S608
    (values,) = con.execute(query).fetchall()[0]
    return tuple(values)


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
    coding = requirement_coding(con, responses)
    known = None if coding is None else frozenset(coding)
    profile_rows: list[tuple[object, ...]] = []
    response_rows: list[tuple[object, ...]] = []
    for assessment_id, profile, answers in assessments:
        profile_rows.append(profile_row(assessment_id, profile))
        response_rows.extend(
            response_row(assessment_id, rid, r)
            for rid, r in answers.items()
            if known is None or rid in known
        )
    marks = ", ".join("?" for _ in range(len(PROFILE_COLUMNS) + 1))
    if profile_rows:
        insert = f"INSERT INTO {_check_name(profiles)} VALUES ({marks})"  # noqa: S608
        con.executemany(insert, profile_rows)
    if response_rows:
        insert = f"INSERT INTO {_check_name(responses)} VALUES (?, ?, ?, ?, ?, ?)"  # noqa: S608
        con.executemany(insert, response_rows)
