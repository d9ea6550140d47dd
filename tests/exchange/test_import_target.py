"""An import never opens a second self-assessment: it goes into the open one, waits while one is
reviewed, points a decided one to its renewal, and starts nothing for a file without answers."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from engine.service import assessments, exchange, renewal
from engine.service.principals import Principal
from engine.storage import Database
from tests.reports.worlds import Certified
from tests.service.conftest import make_world


def _workbook(principal: Principal, db: Database, org_id: str, rating: int | None) -> bytes:
    content = exchange.workbook_template(principal, db, org_id, "2026.1").content
    if rating is None:
        return content
    book = load_workbook(io.BytesIO(content))
    book["SG"]["E4"] = rating
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _kept(db: Database) -> tuple[object, ...]:
    with db.read() as cursor:
        found = cursor.execute("SELECT id, state FROM assessments ORDER BY id").fetchall()
        audit = cursor.execute("SELECT count(*) FROM audit_log").fetchall()[0][0]
    return tuple(found), audit


def _refusal(outcome: exchange.ImportOutcome) -> str:
    assert not outcome.imported and outcome.assessment_id is None
    return " ".join(f"{p.message} ({p.hint_text})" for p in outcome.report.errors)


def test_a_decided_self_assessment_points_to_its_renewal(certified: Certified) -> None:
    world = certified.world
    content = _workbook(world.alpha_member, world.db, "alpha", 2)
    before = _kept(world.db)
    for dry_run in (True, False):
        outcome = exchange.import_self_assessment(
            world.alpha_member, world.db, "alpha.xlsx", content, dry_run=dry_run
        )
        said = _refusal(outcome)
        assert f"{certified.assessment_id} has been decided" in said
        assert f"accredit assessment renew {certified.assessment_id}" in said
    assert _kept(world.db) == before
    renewed = renewal.renew_assessment(world.alpha_member, world.db, certified.assessment_id)
    outcome = exchange.import_self_assessment(world.alpha_member, world.db, "alpha.xlsx", content)
    assert outcome.imported and outcome.assessment_id == renewed.id
    found = assessments.list_assessments(world.alpha_member, world.db, "alpha")
    assert [(a.state, a.previous_assessment_id) for a in found] == [
        ("decided", None),
        ("draft", certified.assessment_id),
    ]


def test_nothing_is_started_beside_a_self_assessment_in_review(tmp_path: Path) -> None:
    world = make_world(tmp_path / "record.duckdb")
    reviewed = world.in_review()
    content = _workbook(world.alpha_member, world.db, "alpha", 1)
    before = _kept(world.db)
    outcome = exchange.import_self_assessment(world.alpha_member, world.db, "alpha.xlsx", content)
    assert f"{reviewed} is in review" in _refusal(outcome)
    assert _kept(world.db) == before
    world.db.close()


def test_a_file_without_answers_starts_no_self_assessment(certified: Certified) -> None:
    world = certified.world
    content = _workbook(world.beta_member, world.db, "beta", None)
    before = _kept(world.db)
    for dry_run in (True, False):
        outcome = exchange.import_self_assessment(
            world.beta_member, world.db, "beta.xlsx", content, dry_run=dry_run
        )
        assert "holds no answers" in _refusal(outcome)
    assert _kept(world.db) == before
    answered = _workbook(world.beta_member, world.db, "beta", 3)
    outcome = exchange.import_self_assessment(world.beta_member, world.db, "beta.xlsx", answered)
    assert outcome.imported and outcome.answers_set == 1
