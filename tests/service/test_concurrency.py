"""16 threads submitting, reviewing, deciding and editing one draft together, on one
connection with a cursor each: no lost update, every conflict reported as ConflictError, no
DuckDB error escaping. (`benchmarks/stress_workflow.py` runs the same for 30 seconds.)"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from engine.service import audit
from tests.service.conftest import make_world
from tests.service.stress import run_stress

SECONDS = 8.0


@pytest.mark.slow
def test_sixteen_threads_lose_nothing(tmp_path: Path) -> None:
    world = make_world(tmp_path / "busy.duckdb")
    outcome = run_stress(world, threads=16, seconds=SECONDS)
    assert outcome.unexpected == [], outcome.unexpected[:3]
    assert outcome.saves > 0 and outcome.submissions > 0 and outcome.decisions > 0
    assert outcome.conflicts > 0, "the shared draft should have seen real conflicts"
    assert outcome.final_version - outcome.initial_version == outcome.saves
    assert outcome.final_comment == outcome.last_saved_comment
    assert audit.verify_audit(world.admin, world.db) == []
    assert threading.active_count() < 16
    world.db.close()
