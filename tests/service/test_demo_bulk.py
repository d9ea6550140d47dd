"""Bulk demo data: the same record, audit chain included, as the demo made one service call
at a time; and the bulk writer still refuses what the lifecycle refuses."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import pytest

from engine.loading import load_library
from engine.models import ReleaseBundle
from engine.service import demo_data
from engine.service.clock import frozen_at
from engine.service.demo_bulk import BulkWriter
from engine.service.demo_profiles import make_profile
from engine.service.errors import IllegalTransition
from engine.storage import Database, audit, open_database
from tests.service.fingerprint import fingerprint

ORGS = 7


@pytest.fixture(scope="module")
def library_bundle() -> ReleaseBundle:
    library, report = load_library()
    bundle = library.bundle("2026.1")
    if bundle is None or not report.valid:
        pytest.skip("the 2026.1 release of the library is not available")
    return bundle


def _made(path: Path, bundle: ReleaseBundle, mode: demo_data.Mode) -> Database:
    db = open_database(str(path))
    demo_data.generate(db, bundle, ORGS, seed=11, mode=mode)
    return db


@pytest.mark.slow
def test_bulk_demo_data_is_the_record_the_service_calls_make(
    tmp_path: Path, library_bundle: ReleaseBundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo_data, "COMMIT_EVERY", 3)  # several bulk transactions
    bulk = _made(tmp_path / "bulk.duckdb", library_bundle, "bulk")
    service = _made(tmp_path / "service.duckdb", library_bundle, "service")
    assert audit.verify(bulk) == []
    made, expected = fingerprint(bulk), fingerprint(service)
    assert [row[:2] for row in made] == [row[:2] for row in expected]
    assert made == expected
    bulk.close()
    service.close()


def test_the_bulk_writer_refuses_illegal_steps(
    tmp_path: Path, library_bundle: ReleaseBundle
) -> None:
    db = open_database(str(tmp_path / "steps.duckdb"))
    demo_data.generate(db, library_bundle, 0, seed=1)
    writer = BulkWriter(db, library_bundle)
    with frozen_at(datetime(2025, 1, 6, 9, 0)):
        writer.organisation("org-x", "X", make_profile(random.Random(1), 0))
        member = writer.account("org-x-member", "X member", "org_member", "org-x", None)
        draft = writer.start(member, None, demo_data.RELEASE)
        with pytest.raises(IllegalTransition):
            writer.start_review(member, draft)
        with pytest.raises(IllegalTransition):
            writer.start(member, draft, demo_data.RELEASE)  # renewing an undecided one
    db.close()
