"""Records for the report and exchange tests: a decided, certified self-assessment of alpha."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from engine.service import assessments, certificates, decisions
from tests.service.conftest import World, make_world


@dataclass
class Certified:
    world: World
    assessment_id: str
    number: str


def certify(world: World, rating: int = 3) -> Certified:
    """alpha's self-assessment reviewed (one adjustment), decided and certified."""
    assessment_id = world.in_review(rating=rating)
    world.verdict(assessment_id, "SG-01")
    world.verdict(assessment_id, "CM-02", 2, "Case files seen for two of five sites only.")
    version = assessments.get_assessment(world.admin, world.db, assessment_id).row_version
    decided = decisions.decide(world.decider, world.db, assessment_id, version)
    assert decided.certificate_number is not None
    return Certified(world, assessment_id, decided.certificate_number)


def change_status(certified: Certified, step: str, reason: str = "complaint upheld") -> None:
    """An administrator suspends, reinstates or withdraws the certificate."""
    world = certified.world
    current = certificates.get_certificate(world.admin, world.db, certified.number)
    certificates.change_certificate_status(
        world.admin,
        world.db,
        certified.number,
        step=step,
        reason=reason,
        expected_version=current.row_version,
    )


@pytest.fixture
def certified(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Certified]:
    monkeypatch.delenv("ACCREDIT_SECRET", raising=False)
    world = make_world(tmp_path / "record.duckdb")
    yield certify(world)
    world.db.close()
