"""Generic, parameterised access to the record's tables. Identifiers come from an allowlist.

Rows come back as dicts and are fetched at once (DuckDB results stream and vanish when the
cursor runs the next statement).
"""

from __future__ import annotations

from typing import Any

import duckdb

from engine.storage.errors import ConflictError, NotFoundError

Row = dict[str, Any]
Cursor = duckdb.DuckDBPyConnection

KEYS: dict[str, tuple[str, ...]] = {
    "organisations": ("id",),
    "organisation_profiles": ("org_id", "version"),
    "users": ("id",),
    "conflicts_of_interest": ("user_id", "org_id"),
    "releases": ("version",),
    "assessments": ("id",),
    "responses": ("assessment_id", "requirement_id"),
    "evidence": ("id",),
    "review_assignments": ("assessment_id", "reviewer_id"),
    "decider_assignments": ("assessment_id",),
    "review_verdicts": ("assessment_id", "requirement_id"),
    "engine_results": ("id",),
    "standard_results": ("engine_result_id", "standard_id"),
    "decisions": ("id",),
    "certificates": ("number",),
    "improvement_actions": ("id",),
    "archived_responses": ("assessment_id", "requirement_id"),
}
"""Every table the service may touch, with its primary key. The audit log is not here."""


def _table(name: str) -> str:
    if name not in KEYS:
        raise ValueError(f"unknown table {name!r}")
    return name


def _columns(names: Any) -> list[str]:
    columns = [str(n) for n in names]
    if not all(c.isidentifier() and c.islower() for c in columns):
        raise ValueError(f"bad column names {columns!r}")
    return columns


def rows(cursor: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> list[Row]:
    result = cursor.execute(sql, params or [])
    names = [d[0] for d in result.description or []]
    return [dict(zip(names, values, strict=True)) for values in result.fetchall()]


def _where(match: Row) -> tuple[str, list[Any]]:
    columns = _columns(match)
    clause = " AND ".join(f"{c} = ?" for c in columns) or "true"
    return clause, [match[c] for c in columns]


def find(
    cursor: duckdb.DuckDBPyConnection, table: str, match: Row, order_by: str = ""
) -> list[Row]:
    clause, params = _where(match)
    order = f" ORDER BY {', '.join(_columns(order_by.split(',')))}" if order_by else ""
    return rows(cursor, f"SELECT * FROM {_table(table)} WHERE {clause}{order}", params)  # noqa: S608


def get(cursor: duckdb.DuckDBPyConnection, table: str, match: Row) -> Row:
    found = find(cursor, table, match)
    if not found:
        raise NotFoundError(f"no {table.rstrip('s').replace('_', ' ')} {_describe(match)}")
    return found[0]


def _describe(match: Row) -> str:
    return ", ".join(f"{k}={v}" for k, v in match.items())


def insert(cursor: duckdb.DuckDBPyConnection, table: str, values: Row) -> None:
    columns = _columns(values)
    marks = ", ".join("?" for _ in columns)
    cursor.execute(
        f"INSERT INTO {_table(table)} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
        [values[c] for c in columns],
    )


def insert_many(cursor: duckdb.DuckDBPyConnection, table: str, values: list[Row]) -> None:
    """Many rows with the same columns, in one statement."""
    if not values:
        return
    columns = _columns(values[0])
    marks = ", ".join(["(" + ", ".join("?" for _ in columns) + ")"] * len(values))
    cursor.execute(
        f"INSERT INTO {_table(table)} ({', '.join(columns)}) VALUES {marks}",  # noqa: S608
        [row[c] for row in values for c in columns],
    )


def update(cursor: duckdb.DuckDBPyConnection, table: str, match: Row, changes: Row) -> int:
    """Plain update of the matching rows; the number changed."""
    sets = ", ".join(f"{c} = ?" for c in _columns(changes))
    clause, params = _where(match)
    result = cursor.execute(
        f"UPDATE {_table(table)} SET {sets} WHERE {clause} RETURNING 1",  # noqa: S608
        [*changes.values(), *params],
    ).fetchall()
    return len(result)


def update_versioned(
    cursor: duckdb.DuckDBPyConnection,
    table: str,
    match: Row,
    expected_version: int,
    changes: Row,
) -> int:
    """Optimistic locking: change the row only if nobody changed it since `expected_version`.

    Returns the new row version; ConflictError if someone else was first.
    """
    current = get(cursor, table, match)
    if int(current["row_version"]) != expected_version:
        raise ConflictError(
            f"{table.rstrip('s').replace('_', ' ')} {_describe(match)} was changed by someone "
            f"else (version {current['row_version']}, you had {expected_version}); reload it",
        )
    new_version = expected_version + 1
    update(cursor, table, match, {**changes, "row_version": new_version})
    return new_version


def count(cursor: duckdb.DuckDBPyConnection, table: str, match: Row) -> int:
    clause, params = _where(match)
    found = cursor.execute(
        f"SELECT count(*) FROM {_table(table)} WHERE {clause}",  # noqa: S608
        params,
    ).fetchall()
    return int(found[0][0])
