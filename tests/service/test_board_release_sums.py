"""Release views added and subtracted: what the board could work out with several releases.

Comparing one release's view with every release's view is guarded (test_board_differencing);
these worlds are built so that each such comparison differs by 5 or more organisations, while
a sum of views still isolates a few: the board adds and subtracts the organisations, scores
and shares of the adoption table for every combination of the views it is shown.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from engine.service import analytics, organisations, releases
from engine.service.analytics import EVERYTHING, BoardFilters
from engine.service.principals import SYSTEM
from engine.storage import open_database
from tests.service.builders import bundle, profile
from tests.service.test_board_differencing import (
    Field,
    Organisations,
    _answers,
    _decide,
    _given_away,
    _staff,
)

LATER = datetime(2026, 5, 4, 10)
VIEWS = (None, "2026.1", "2026.2", "2027.1")
"""Every release's view (None) and each release's."""


def _world(path: Path, plan: list[tuple[str, int, tuple[str, ...]]]) -> Field:
    """plan: (organisation, rating, the releases it is decided on, in order)."""
    db = open_database(str(path))
    for version in VIEWS[1:]:
        releases.register_release(SYSTEM, db, bundle(version))
    staff = _staff(db)
    for org_id, rating, versions in plan:
        organisations.create_organisation(SYSTEM, db, org_id, org_id, profile())
        for n, version in enumerate(versions):
            group = Organisations("DE", 1, rating if n == 0 else 3, rating if n == 0 else 3)
            moment = datetime(2026, 3, 2, 10) if n == 0 else LATER
            _decide(db, staff, org_id, _answers(group), version, moment)
    return Field(db, staff["board"])


@pytest.fixture(scope="module")
def one_moved_on(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Field]:
    """20 on 2026.1; one of them (rated 1 there) decided again on 2026.2, with 10 others."""
    plan = [(f"org-{n:02d}", 1 if n == 0 else 3, ("2026.1",)) for n in range(20)]
    plan[0] = ("org-00", 1, ("2026.1", "2026.2"))
    plan += [(f"new-{n:02d}", 2, ("2026.2",)) for n in range(10)]
    field = _world(tmp_path_factory.mktemp("one") / "one.duckdb", plan)
    yield field
    field.db.close()


@pytest.fixture(scope="module")
def two_on_a_third_release(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Field]:
    """20 on 2026.1, 10 on 2026.2 and 2 on 2027.1, nobody moved on."""
    plan = [(f"a-{n:02d}", 3, ("2026.1",)) for n in range(20)]
    plan += [(f"b-{n:02d}", 2, ("2026.2",)) for n in range(10)]
    plan += [(f"c-{n:02d}", 1, ("2027.1",)) for n in range(2)]
    field = _world(tmp_path_factory.mktemp("third") / "third.duckdb", plan)
    yield field
    field.db.close()


def _adoption(field: Field, release: str | None) -> dict[str, dict[str, float]]:
    filters = EVERYTHING if release is None else BoardFilters(release=release)
    table = analytics.adoption(field.board, field.db, filters=filters)
    return {r["standard_id"]: r for r in table.rows}


def _isolated(field: Field) -> list[str]:
    """Every sum of shown views that leaves 1-4 organisations, with what it gives away."""
    shown = {view: _adoption(field, view) for view in VIEWS}
    found = []
    for signs in itertools.product((-1, 0, 1), repeat=len(VIEWS)):
        used = [(s, shown[v]) for s, v in zip(signs, VIEWS, strict=True) if s]
        for standard in ("safeguarding", "case-management"):
            if not used or any(standard not in rows for _, rows in used):
                continue
            count = sum(s * rows[standard]["organisations"] for s, rows in used)
            score = sum(
                s * rows[standard]["organisations"] * rows[standard]["mean_score"]
                for s, rows in used
            )
            if _given_away(abs(count)):
                found.append(f"{signs} {standard}: {count} organisation(s), score sum {score:.2f}")
    return found


def test_an_organisation_that_moved_on_is_not_isolated(one_moved_on: Field) -> None:
    """2026.1 + 2026.2 - every release would be org-00 alone, with its old score of 1/3."""
    assert _isolated(one_moved_on) == []


def test_a_small_release_is_not_isolated_by_the_others(two_on_a_third_release: Field) -> None:
    """Every release - 2026.1 - 2026.2 would be the 2 organisations on 2027.1."""
    assert _isolated(two_on_a_third_release) == []


def test_release_views_without_small_parts_are_shown(tmp_path: Path) -> None:
    """20 on 2026.1, 5 of them decided again on 2026.2, and 10 on 2026.2 only: every part is
    5 or more, so each release's view is shown."""
    plan = [(f"org-{n:02d}", 3, ("2026.1", "2026.2") if n < 5 else ("2026.1",)) for n in range(20)]
    plan += [(f"new-{n:02d}", 2, ("2026.2",)) for n in range(10)]
    field = _world(tmp_path / "shown.duckdb", plan)
    try:
        for release, organisations_counted in (("2026.1", 20), ("2026.2", 15)):
            rows = _adoption(field, release)
            assert {s: r["organisations"] for s, r in rows.items()} == {
                "safeguarding": organisations_counted,
                "case-management": organisations_counted,
            }
        assert _isolated(field) == []
    finally:
        field.db.close()
