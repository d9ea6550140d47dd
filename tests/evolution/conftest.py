"""Fixtures: a record with the fixture releases and eight decided organisations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.evolution.world import World, decided_world, make_world


@pytest.fixture(scope="module")
def decided(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """Shared by the read-only tests of a module: nothing may change it."""
    world = decided_world(tmp_path_factory.mktemp("evolution") / "record.duckdb")
    yield world
    world.db.close()


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[World]:
    """A record of its own, for tests that write."""
    world = decided_world(tmp_path / "record.duckdb")
    yield world
    world.db.close()


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[World]:
    """The releases and organisations, no self-assessment yet."""
    world = make_world(tmp_path / "record.duckdb")
    yield world
    world.db.close()
