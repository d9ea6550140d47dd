"""Property: whatever the field looks like, no board query shows a group of fewer than 5
organisations; a group of 5 or more is shown unless the groups hidden beside it would then
add up to 1-4 organisations (the total minus the shown groups would give them away), and then
only the smallest is hidden too."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.storage import Database, open_database, records
from engine.storage.board_queries import DIMENSIONS, QUERIES, board_query

MIN_GROUP = 5
REGIONS = ("africa", "americas", "asia", "europe", "oceania")
FILLED = (
    "organisations",
    "organisation_profiles",
    "assessments",
    "decisions",
    "standard_results",
    "certificates",
    "responses",
)
PARAMS = {"until": datetime(2030, 1, 1), "today": date(2026, 11, 22), "implemented_at": 3}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    made = open_database(str(tmp_path_factory.mktemp("board") / "b.duckdb"))
    yield made
    made.close()


def _fill(db: Database, per_region: list[int]) -> None:
    with db.transaction() as cursor:
        for table in FILLED:
            cursor.execute(f"DELETE FROM {table}")
        n = 0
        for region, count in zip(REGIONS, per_region, strict=True):
            for _ in range(count):
                n += 1
                _organisation(cursor, f"o{n}", region, n)


def _organisation(cursor: records.Cursor, org: str, region: str, n: int) -> None:
    at = datetime(2026, 1 + n % 9, 1)
    records.insert(cursor, "organisations", {"id": org, "name": org, "created_at": at})
    records.insert(
        cursor,
        "organisation_profiles",
        {
            "org_id": org,
            "version": 1,
            "profile_json": "{}",
            "country": region[:2].upper(),
            "region": region,
            "income_group": "high",
            "organisation_type": "mixed",
            "size": "small",
            "created_at": at,
            "created_by": "t",
        },
    )
    records.insert(
        cursor,
        "assessments",
        {
            "id": f"{org}-a",
            "org_id": org,
            "release_version": "2026.1",
            "profile_version": 1,
            "state": "decided",
            "created_at": at,
            "created_by": "t",
            "updated_at": at,
        },
    )
    records.insert(
        cursor,
        "decisions",
        {
            "id": f"{org}-d",
            "assessment_id": f"{org}-a",
            "org_id": org,
            "engine_result_id": f"{org}-r",
            "machine_outcome": "accredited",
            "outcome": "accredited",
            "decided_by": "t",
            "decided_at": at,
        },
    )
    records.insert(
        cursor,
        "standard_results",
        {
            "engine_result_id": f"{org}-r",
            "assessment_id": f"{org}-a",
            "org_id": org,
            "standard_id": "safeguarding",
            "score": 0.8,
            "meets": n % 2 == 0,
        },
    )
    records.insert(
        cursor,
        "certificates",
        {
            "number": f"C-{org}",
            "org_id": org,
            "assessment_id": f"{org}-a",
            "decision_id": f"{org}-d",
            "outcome": "accredited",
            "issued_on": at.date(),
            "expires_on": date(2029, 1, 1),
        },
    )
    records.insert(
        cursor,
        "responses",
        {
            "assessment_id": f"{org}-a",
            "requirement_id": "SG-01",
            "rating": n % 5,
            "updated_at": at,
            "updated_by": "t",
        },
    )


GROUP_KEYS = frozenset({"suppressed", "band"})
"""Columns that name a group rather than count it (the score band is a number: 0..3)."""


def _expected_shown(counts: dict[str, int]) -> set[str]:
    """Primary suppression, then the smallest shown group if the hidden ones hold 1-4."""
    present = {group: count for group, count in counts.items() if count > 0}
    shown = {group for group, count in present.items() if count >= MIN_GROUP}
    hidden = sum(count for group, count in present.items() if group not in shown)
    if 0 < hidden < MIN_GROUP and shown:
        shown.remove(min(shown, key=lambda group: (present[group], group)))
    return shown


ROW_KEYS = {"adoption": "standard_id", "pipeline": "state", "certificates": "status"}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(per_region=st.lists(st.integers(0, 8), min_size=5, max_size=5))
def test_no_board_query_shows_a_small_group(db: Database, per_region: list[int]) -> None:
    _fill(db, per_region)
    cases = [(name, "region") for name in QUERIES] + [("adoption", d) for d in DIMENSIONS]
    with db.read() as cursor:
        for name, dimension in cases:
            for row in board_query(cursor, name, dimension, MIN_GROUP, PARAMS):
                figures = [
                    v for k, v in row.items() if k not in GROUP_KEYS and not isinstance(v, str)
                ]
                if row["suppressed"]:
                    assert row["organisations"] is None
                    assert all(v is None for v in figures), (name, row)
                else:
                    assert row["organisations"] >= MIN_GROUP, (name, row)
        by_region = board_query(cursor, "adoption", "region", MIN_GROUP, PARAMS)
    shown = {r["group"] for r in by_region if not r["suppressed"]}
    assert shown == _expected_shown(dict(zip(REGIONS, per_region, strict=True)))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(per_region=st.lists(st.integers(0, 8), min_size=5, max_size=5))
def test_a_total_minus_its_shown_groups_never_gives_away_a_small_group(
    db: Database, per_region: list[int]
) -> None:
    """The differencing a reader could do: a table over everyone minus the shown groups of
    the same table by region (or country) is 0 or at least 5 organisations."""
    _fill(db, per_region)
    with db.read() as cursor:
        for name, key in ROW_KEYS.items():
            totals = {
                r[key]: r["organisations"]
                for r in board_query(cursor, name, "all", MIN_GROUP, PARAMS)
                if not r["suppressed"]
            }
            for dimension in ("region", "country"):
                shown: dict[str, int] = {}
                for r in board_query(cursor, name, dimension, MIN_GROUP, PARAMS):
                    shown[r[key]] = shown.get(r[key], 0) + (r["organisations"] or 0)
                for row_key, total in totals.items():
                    left = total - shown.get(row_key, 0)
                    assert left == 0 or left >= MIN_GROUP, (name, dimension, row_key, left)
