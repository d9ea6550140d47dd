"""SIGKILL a writing process 50 times: the record always opens, the audit chain holds, every
committed submission is complete and no half-written one exists."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from engine.models import Response
from engine.service import assessments, releases
from engine.service.principals import Principal
from engine.storage import Database, audit
from tests.service.conftest import make_world

KILLS = 50


def _writer(path: str, report: Connection) -> None:
    """Start, answer and submit self-assessments until killed; report each submission."""
    db = Database(path)
    member = Principal("alpha-member", "org_member", "alpha")
    ids = releases.release_bundle(db, "2026.1").requirement_ids()
    rng = random.Random(os.getpid())
    while True:
        draft = assessments.start_assessment(member, db, "alpha", "2026.1")
        answers = {rid: Response(rating=rng.randint(0, 3), comment="x" * 200) for rid in ids}
        saved = assessments.save_responses(member, db, draft.id, answers, draft.row_version)
        assessments.submit_assessment(member, db, draft.id, saved.row_version)
        report.send(draft.id)


def _check(path: Path, reported: set[str], requirement_count: int) -> None:
    db = Database(path)
    try:
        assert audit.verify(db) == []
        with db.read() as cursor:
            rows = cursor.execute(
                "SELECT a.id, a.state, a.submitted_at, count(r.requirement_id) FROM assessments a "
                "LEFT JOIN responses r ON r.assessment_id = a.id GROUP BY ALL"
            ).fetchall()
    finally:
        db.close()
    submitted = {row[0] for row in rows if row[1] == "submitted"}
    assert reported <= submitted
    for _id, state, submitted_at, answers in rows:
        assert answers in (0, requirement_count)  # one save = one transaction
        if state == "submitted":
            assert submitted_at is not None
            assert answers == requirement_count


@pytest.mark.slow
def test_sigkill_while_writing_never_breaks_the_record(tmp_path: Path) -> None:
    path = tmp_path / "crash.duckdb"
    world = make_world(path)
    requirement_count = len(releases.release_bundle(world.db, "2026.1").requirement_ids())
    world.db.close()
    context = multiprocessing.get_context("fork")
    rng = random.Random(20261122)
    reported: set[str] = set()
    deadline = time.monotonic() + 120
    for _ in range(KILLS):
        receive, send = context.Pipe(duplex=False)
        writer = context.Process(target=_writer, args=(str(path), send))
        writer.start()
        time.sleep(rng.uniform(0.05, 0.5))
        assert writer.pid is not None
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        while receive.poll():
            reported.add(receive.recv())
        _check(path, reported, requirement_count)
        assert time.monotonic() < deadline
    assert reported, "the writer never got to submit anything"
