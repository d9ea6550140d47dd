"""Moving stored self-assessments onto another release: new drafts, the sources untouched."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from engine.models import Response
from engine.service import assessments, audit, clock, evidence, releases
from engine.service.errors import AccessDenied, IllegalTransition, InvalidInput, ReleaseUnavailable
from engine.service.principals import SYSTEM
from engine.service.release_transition import ReleaseNotYetInEffect
from engine.service.stored_migration import archived_answers, migrate_assessments
from engine.storage.migrations import MIGRATIONS, applied_versions
from tests.evolution.world import ONE_TWO, ORGS, World
from tests.service.fingerprint import fingerprint

IN_2027 = datetime(2027, 2, 1, 9, 0)
"""Release 2027.1 is in effect."""


def _answers(world: World, assessment_id: str) -> dict[str, Response]:
    return assessments.get_assessment(world.admin, world.db, assessment_id).responses


def test_the_record_has_the_newest_schema_version(fresh: World) -> None:
    assert applied_versions(fresh.db)[-1] == MIGRATIONS[-1].version >= 2


def test_a_dry_run_reports_the_moves_and_writes_nothing(fresh: World) -> None:
    before = fingerprint(fresh.db)
    planned = migrate_assessments(fresh.admin, fresh.db, "2026.2", dry_run=True)
    assert fingerprint(fresh.db) == before
    done = migrate_assessments(fresh.admin, fresh.db, "2026.2", dry_run=False)
    assert planned.moved == done.moved
    assert planned.dry_run and not done.dry_run


def test_unchanged_answers_are_carried_and_changed_ones_flagged(fresh: World) -> None:
    source = assessments.get_assessment(fresh.admin, fresh.db, "eu-2-001")
    report = migrate_assessments(fresh.admin, fresh.db, "2026.2", dry_run=False)
    move = next(m for m in report.moved if m.org_id == "eu-2")
    assert move.carried == ("SC-01", "SC-02")
    assert move.needs_reconfirmation == ("SG-01", "SG-02", "SG-03")
    assert move.new_requirements == ("SG-04",)
    draft = assessments.get_assessment(fresh.admin, fresh.db, move.new_assessment_id)
    assert (draft.release_version, draft.state) == ("2026.2", "draft")
    assert draft.previous_assessment_id == "eu-2-001"
    assert draft.needs_reconfirmation == ["SG-01", "SG-02", "SG-03"]
    assert {k: r.rating for k, r in draft.responses.items()} == {
        k: r.rating for k, r in source.responses.items()
    }
    assert assessments.get_assessment(fresh.admin, fresh.db, "eu-2-001") == source


def test_answers_to_removed_requirements_are_archived(fresh: World) -> None:
    source = _answers(fresh, "eu-2-001")
    with clock.frozen_at(IN_2027):
        report = migrate_assessments(fresh.admin, fresh.db, "2027.1", dry_run=False)
    move = next(m for m in report.moved if m.org_id == "eu-2")
    assert sorted(move.archived) == ["SC-01", "SC-02", "SG-02"]
    assert move.new_requirements == ("SG-04", "OW-01")
    draft = _answers(fresh, move.new_assessment_id)
    assert sorted(draft) == ["SG-01", "SG-03"]
    kept = archived_answers(fresh.members["eu-2"], fresh.db, move.new_assessment_id)
    assert {k: r.rating for k, r in kept.items()} == {
        k: source[k].rating for k in ("SC-01", "SC-02", "SG-02")
    }
    assert _answers(fresh, "eu-2-001") == source


def test_a_move_there_and_back_keeps_every_answer_both_releases_have(fresh: World) -> None:
    source = _answers(fresh, "eu-3-001")
    with clock.frozen_at(IN_2027):
        there = migrate_assessments(fresh.admin, fresh.db, "2027.1", dry_run=False)
        back = migrate_assessments(fresh.admin, fresh.db, "2026.1", dry_run=False)
    assert len(there.moved) == len(back.moved) == len(ORGS)
    returned = next(m for m in back.moved if m.org_id == "eu-3")
    final = _answers(fresh, returned.new_assessment_id)
    assert {k: final[k].rating for k in ("SG-01", "SG-03")} == {
        k: source[k].rating for k in ("SG-01", "SG-03")
    }
    assert "SG-02" not in final  # archived on the way: 2027.1 has no SG-02


def test_evidence_moves_with_carried_answers_only(empty: World) -> None:
    member = empty.members["eu-1"]
    draft = assessments.start_assessment(member, empty.db, "eu-1", "2026.1")
    ids = releases.release_bundle(empty.db, "2026.1").requirement_ids()
    empty.answer("eu-1", draft.id, {rid: Response(rating=3) for rid in ids})
    for rid in ("SG-01", "SC-01"):
        evidence.add_link(
            member, empty.db, draft.id, rid, title=f"{rid} record", url=f"https://x.org/{rid}"
        )
    with clock.frozen_at(IN_2027):
        report = migrate_assessments(empty.admin, empty.db, "2027.1", dry_run=False)
    (move,) = report.moved
    moved = _answers(empty, move.new_assessment_id)
    assert [e.title for e in moved["SG-01"].evidence] == ["SG-01 record"]
    assert len(_answers(empty, draft.id)["SC-01"].evidence) == 1
    assert "SC-01" not in moved


def test_organisations_in_review_or_already_moved_are_skipped(fresh: World) -> None:
    member = fresh.members["eu-1"]
    renewal = assessments.start_assessment(member, fresh.db, "eu-1", "2026.1")
    ids = releases.release_bundle(fresh.db, "2026.1").requirement_ids()
    fresh.answer("eu-1", renewal.id, {rid: Response(rating=3) for rid in ids})
    fresh.attach_evidence("eu-1", renewal.id, list(ids))
    assessments.submit_assessment(member, fresh.db, renewal.id, fresh.version(renewal.id))
    first = migrate_assessments(fresh.admin, fresh.db, "2026.2", dry_run=False)
    assert {(s.org_id, s.code) for s in first.skipped} == {("eu-1", "migration.in_progress")}
    again = migrate_assessments(fresh.admin, fresh.db, "2026.2", dry_run=False)
    assert again.moved == ()
    assert {s.code for s in again.skipped} == {
        "migration.already_on_release",
        "migration.in_progress",
    }


def test_moving_to_the_release_already_held_changes_nothing(fresh: World) -> None:
    before = fingerprint(fresh.db)
    report = migrate_assessments(fresh.admin, fresh.db, "2026.1", dry_run=False)
    assert report.moved == ()
    assert len(report.skipped) == len(ORGS)
    assert fingerprint(fresh.db) == before


def test_every_move_is_audited_batch_by_batch_and_the_chain_holds(fresh: World) -> None:
    report = migrate_assessments(fresh.admin, fresh.db, "2026.2", dry_run=False, batch_size=3)
    with fresh.db.read() as cursor:
        logged = cursor.execute(
            "SELECT actor, entity_id, payload_json FROM audit_log "
            "WHERE action = 'assessment.migrate' ORDER BY seq"
        ).fetchall()
    assert len(logged) == 3  # eight organisations in batches of three
    assert {(actor, entity) for actor, entity, _ in logged} == {("admin", "2026.2")}
    moves = [m for _, _, payload in logged for m in json.loads(payload)["moves"]]
    assert [(m["org"], m["from"], m["draft"]) for m in moves] == [
        (m.org_id, m.source_assessment_id, m.new_assessment_id) for m in report.moved
    ]
    assert audit.verify_audit(fresh.admin, fresh.db) == []


def test_a_moved_draft_is_confirmed_before_it_is_submitted(fresh: World) -> None:
    report = migrate_assessments(fresh.admin, fresh.db, "2026.2", dry_run=False)
    move = next(m for m in report.moved if m.org_id == "eu-6")
    member = fresh.members["eu-6"]
    with pytest.raises(InvalidInput):
        assessments.submit_assessment(member, fresh.db, move.new_assessment_id, 1)
    ratings = dict(zip(("SG-01", "SG-02", "SG-03"), ONE_TWO, strict=False))
    confirmed = {rid: Response(rating=r) for rid, r in ratings.items()}
    version = fresh.answer("eu-6", move.new_assessment_id, confirmed)
    with pytest.raises(InvalidInput, match="not answered yet: SG-04"):  # new in 2026.2
        assessments.submit_assessment(member, fresh.db, move.new_assessment_id, version)
    fresh.attach_evidence("eu-6", move.new_assessment_id, ["SG-04"])
    version = fresh.answer("eu-6", move.new_assessment_id, {"SG-04": Response(rating=2)})
    submitted = assessments.submit_assessment(member, fresh.db, move.new_assessment_id, version)
    assert submitted.state == "submitted"


@pytest.mark.parametrize("who", ["board", "reviewer", "member"])
def test_only_administrators_move_assessments(fresh: World, who: str) -> None:
    principal = fresh.members["eu-1"] if who == "member" else getattr(fresh, who)
    before = fingerprint(fresh.db)
    with pytest.raises(AccessDenied):
        migrate_assessments(principal, fresh.db, "2026.2", dry_run=False)
    with pytest.raises(AccessDenied):
        archived_answers(fresh.members["eu-2"], fresh.db, "eu-1-001")
    assert fingerprint(fresh.db) == before


def test_a_release_outside_its_window_is_no_target(fresh: World) -> None:
    with pytest.raises(ReleaseNotYetInEffect):
        migrate_assessments(fresh.admin, fresh.db, "2027.1", dry_run=True)
    releases.set_release_open(SYSTEM, fresh.db, "2026.2", False)
    with pytest.raises(ReleaseUnavailable):
        migrate_assessments(fresh.admin, fresh.db, "2026.2", dry_run=True)


def test_an_organisation_that_changed_meanwhile_is_left_for_the_next_run(fresh: World) -> None:
    from engine.service.stored_migration import _LATEST, _still_latest
    from engine.storage import records

    with fresh.db.read() as cursor:
        candidates = records.rows(cursor, _LATEST, {"target": "2026.2"})
    assessments.start_assessment(fresh.members["eu-1"], fresh.db, "eu-1", "2026.1")
    with fresh.db.transaction() as cursor:
        kept, changed = _still_latest(cursor, candidates, "2026.2")
    assert [(c.org_id, c.code) for c in changed] == [("eu-1", "migration.changed")]
    assert len(kept) == len(ORGS) - 1


def test_a_draft_moved_on_to_another_release_is_closed_to_changes(empty: World) -> None:
    """Moved, a draft has a newer one: answering, adding evidence to or submitting the old
    one would leave the organisation with two live self-assessments on two releases."""
    member = empty.members["eu-1"]
    with clock.frozen_at(datetime(2026, 3, 1, 9, 0)):  # 2026.1 in effect
        old = assessments.start_assessment(member, empty.db, "eu-1", "2026.1").id
    report = migrate_assessments(empty.admin, empty.db, "2026.2", dry_run=False)
    (move,) = [m for m in report.moved if m.source_assessment_id == old]
    version = assessments.get_assessment(member, empty.db, old).row_version
    before = fingerprint(empty.db)
    moved_on = f"{old} was moved on to {move.new_assessment_id}"
    with pytest.raises(IllegalTransition, match=moved_on):
        assessments.save_responses(member, empty.db, old, {"SG-01": Response(rating=2)}, version)
    with pytest.raises(IllegalTransition, match=moved_on):
        assessments.submit_assessment(member, empty.db, old, version)
    with pytest.raises(IllegalTransition, match=moved_on):
        evidence.add_link(member, empty.db, old, "SG-01", title="x", url="https://x.org/a")
    assert fingerprint(empty.db) == before
