"""Evidence, renewal, re-scoring and profile versions: what the record keeps, and how."""

from __future__ import annotations

import hashlib

import pytest

from engine.models import Response
from engine.service import (
    assessments,
    decisions,
    evidence,
    organisations,
    renewal,
    rescoring,
)
from engine.service.errors import InvalidInput
from engine.storage import records
from tests.service.builders import profile, side_by_side
from tests.service.conftest import World

PDF = b"%PDF-1.7\n a safeguarding policy"


def _decided(world: World, rating: int = 3) -> str:
    assessment_id = world.in_review(rating)
    world.verdict(assessment_id, "SG-01")
    version = assessments.get_assessment(world.admin, world.db, assessment_id).row_version
    decisions.decide(world.decider, world.db, assessment_id, version)
    return assessment_id


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("policy.exe", b"MZ\x90\x00", "not accepted"),
        ("policy.pdf", b"MZ\x90\x00 an executable", "not a .pdf file"),
        ("notes.txt", b"text\x00with a NUL", "not a plain text file"),
        ("empty.pdf", b"", "empty"),
        ("huge.pdf", b"%PDF-" + b"0" * (evidence.MAX_FILE_BYTES + 1), "larger than"),
    ],
)
def test_bad_files_are_refused(world: World, filename: str, content: bytes, message: str) -> None:
    draft = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    with pytest.raises(InvalidInput, match=message):
        evidence.add_file(
            world.alpha_member,
            world.db,
            draft.id,
            "SG-01",
            title="x",
            filename=filename,
            content=content,
        )
    assert not world.db.evidence_root.exists() or not any(world.db.evidence_root.rglob("*"))


def test_files_are_stored_once_by_content(world: World) -> None:
    draft = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    first = evidence.add_file(
        world.alpha_member,
        world.db,
        draft.id,
        "SG-01",
        title="Policy",
        filename="p.pdf",
        content=PDF,
    )
    second = evidence.add_file(
        world.alpha_member,
        world.db,
        draft.id,
        "SG-02",
        title="Same",
        filename="copy.pdf",
        content=PDF,
    )
    digest = hashlib.sha256(PDF).hexdigest()
    assert first.sha256 == second.sha256 == digest
    stored = world.db.evidence_root / "sha256" / digest[:2] / digest[2:]
    assert stored.read_bytes() == PDF
    assert len([p for p in world.db.evidence_root.rglob("*") if p.is_file()]) == 1
    got = evidence.download(world.alpha_admin, world.db, first.id)
    assert (got.file_name, got.content) == ("p.pdf", PDF)
    again = assessments.get_assessment(world.alpha_member, world.db, draft.id)
    assert again.responses == {}  # evidence alone is no answer


def test_renewal_carries_answers_for_reconfirmation(world: World) -> None:
    previous = _decided(world, rating=3)
    draft = renewal.renew_assessment(world.alpha_admin, world.db, previous)
    assert draft.previous_assessment_id == previous
    assert draft.needs_reconfirmation == sorted(draft.responses) != []
    with pytest.raises(InvalidInput, match="confirm or change the carried-over answers"):
        assessments.submit_assessment(world.alpha_admin, world.db, draft.id, draft.row_version)
    confirmed = assessments.save_responses(
        world.alpha_member,
        world.db,
        draft.id,
        {rid: Response(rating=r.rating) for rid, r in draft.responses.items()},
        draft.row_version,
    )
    assert confirmed.needs_reconfirmation == []
    done = assessments.submit_assessment(
        world.alpha_admin, world.db, draft.id, confirmed.row_version
    )
    assert done.state == "submitted"
    assert assessments.get_assessment(world.admin, world.db, previous).state == "decided"


def test_rescoring_appends_and_never_overwrites(world: World) -> None:
    assessment_id = _decided(world)
    before = decisions.get_decision(world.admin, world.db, assessment_id)
    new_id = rescoring.rescore(world.admin, world.db, assessment_id)
    after = decisions.get_decision(world.admin, world.db, assessment_id)
    assert before == after
    with world.db.read() as cursor:
        results = records.find(cursor, "engine_results", {"assessment_id": assessment_id})
    assert sorted(r["id"] for r in results) == sorted({f"{assessment_id}-r1", new_id})


def test_an_assessment_keeps_the_profile_it_was_made_with(world: World) -> None:
    first = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    organisations.update_profile(
        world.alpha_admin, world.db, "alpha", profile(country="FR"), expected_version=1
    )
    with side_by_side():  # the second beside the first, as if the first had been decided
        second = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    assert (first.profile_version, second.profile_version) == (1, 2)
    current = organisations.get_organisation(world.alpha_member, world.db, "alpha")
    assert current.profile.country == "FR"
