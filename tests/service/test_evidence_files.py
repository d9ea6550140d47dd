"""Evidence files can be opened by those who must read them, and only by them: the organisation
and the reviewers assigned to its self-assessment. Every file opened is audited."""

from __future__ import annotations

import json
import re

import pytest

from engine.service import assessments, deciders, evidence, reviews, users
from engine.service.errors import AccessDenied, IllegalTransition, InvalidInput, NotFoundError
from engine.service.principals import SYSTEM
from engine.storage import evidence_store
from tests.service.conftest import World

POLICY = b"%PDF-1.7 the safeguarding policy, signed by the board"
PLAN = b"date,step\n2026-01-10,training\n"


def _with_evidence(world: World) -> tuple[str, evidence.Evidence, evidence.Evidence]:
    """A self-assessment of alpha with a file and a link for SG-01 and a file for SG-02,
    submitted, with `reviewer` assigned and `decider` assigned to decide."""
    draft = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    policy = evidence.add_file(
        world.alpha_member, world.db, draft.id, "SG-01",
        title="Safeguarding policy", filename="policy.pdf", content=POLICY,
    )  # fmt: skip
    evidence.add_link(
        world.alpha_member, world.db, draft.id, "SG-01",
        title="Published code of conduct", url="https://example.org/code",
    )  # fmt: skip
    plan = evidence.add_file(
        world.alpha_admin, world.db, draft.id, "SG-02",
        title="Training plan", filename="plan.csv", content=PLAN,
    )  # fmt: skip
    version = world.answer_all(draft.id)
    assessments.submit_assessment(world.alpha_member, world.db, draft.id, version)
    reviews.assign_reviewer(world.admin, world.db, draft.id, world.reviewer.user_id)
    deciders.assign_decider(world.admin, world.db, draft.id, world.decider.user_id)
    return draft.id, policy, plan


def _audit(world: World, action: str) -> list[tuple[str, str, str]]:
    with world.db.read() as cursor:
        sql = "SELECT actor, entity_id, payload_json FROM audit_log WHERE action = ? ORDER BY seq"
        return [tuple(map(str, row)) for row in cursor.execute(sql, [action]).fetchall()]


def test_the_organisation_sees_what_it_attached_in_order(world: World) -> None:
    assessment_id, _, _ = _with_evidence(world)
    listed = evidence.list_evidence(world.alpha_member, world.db, assessment_id)
    assert [(e.requirement_id, e.kind, e.title) for e in listed] == [
        ("SG-01", "file", "Safeguarding policy"),
        ("SG-01", "link", "Published code of conduct"),
        ("SG-02", "file", "Training plan"),
    ]
    assert (listed[0].media_type, listed[0].size_bytes) == ("application/pdf", len(POLICY))
    assert listed[1].url == "https://example.org/code"


@pytest.mark.parametrize("who", ["alpha_member", "alpha_admin", "reviewer", "admin"])
def test_a_file_comes_back_as_it_was_uploaded_and_is_audited(world: World, who: str) -> None:
    _, _, plan = _with_evidence(world)
    person = getattr(world, who)
    got = evidence.download(person, world.db, plan.id)
    assert (got.file_name, got.media_type, got.content) == ("plan.csv", "text/csv", PLAN)
    [(actor, subject, payload)] = _audit(world, "evidence.download")
    assert (actor, subject) == (person.user_id, plan.id)
    assert json.loads(payload) == {"assessment": "alpha-001", "requirement": "SG-02"}


@pytest.mark.parametrize("who", ["beta_member", "beta_admin", "beta_reviewer", "board", "decider"])
def test_no_one_else_opens_or_lists_the_evidence(world: World, who: str) -> None:
    """Not another organisation, not a reviewer who is not assigned, not the board, and not
    the decider (who decides on the reviewed result, as the report is the organisation's and
    its reviewer's only)."""
    assessment_id, policy, _ = _with_evidence(world)
    person = getattr(world, who)
    with pytest.raises(AccessDenied, match="may not open the evidence"):
        evidence.download(person, world.db, policy.id)
    with pytest.raises(AccessDenied, match="may not open the evidence"):
        evidence.list_evidence(person, world.db, assessment_id)
    assert _audit(world, "evidence.download") == []


def test_a_reviewer_with_a_declared_conflict_is_refused(world: World) -> None:
    _, policy, _ = _with_evidence(world)
    users.declare_conflict(SYSTEM, world.db, world.reviewer.user_id, "alpha", "joined its board")
    with pytest.raises(AccessDenied):
        evidence.download(world.reviewer, world.db, policy.id)


def test_a_deactivated_account_gets_no_file(world: World) -> None:
    _, policy, _ = _with_evidence(world)
    users.deactivate_user(world.admin, world.db, world.reviewer.user_id)
    with pytest.raises(AccessDenied):
        evidence.download(world.reviewer, world.db, policy.id)
    assert _audit(world, "evidence.download") == []


def test_a_link_is_not_a_file_to_download(world: World) -> None:
    assessment_id, _, _ = _with_evidence(world)
    link = evidence.list_evidence(world.alpha_member, world.db, assessment_id)[1]
    with pytest.raises(InvalidInput, match=r"is a link, not a file: https://example\.org/code"):
        evidence.download(world.reviewer, world.db, link.id)


@pytest.mark.parametrize("damage", ["missing", "damaged"])
def test_a_file_gone_from_the_store_is_named_not_served(world: World, damage: str) -> None:
    """A store that lost or changed a file (a partial restore, a disk fault) gives a clear
    error; changed bytes are never handed out as the organisation's evidence."""
    _, policy, _ = _with_evidence(world)
    stored = evidence_store.path_for(world.db.evidence_root, policy.sha256 or "")
    if damage == "missing":
        stored.unlink()
    else:
        stored.write_bytes(POLICY.replace(b"signed", b"unsigned"))
    with pytest.raises(NotFoundError, match=f"is {damage}"):
        evidence.download(world.reviewer, world.db, policy.id)
    assert _audit(world, "evidence.download") == []


def _draft_with(world: World, content: bytes = POLICY) -> tuple[str, evidence.Evidence]:
    draft = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    added = evidence.add_file(
        world.alpha_member, world.db, draft.id, "SG-01",
        title="Safeguarding policy", filename="policy.pdf", content=content,
    )  # fmt: skip
    return draft.id, added


def _stored(world: World, item: evidence.Evidence) -> bool:
    return evidence_store.path_for(world.db.evidence_root, item.sha256 or "").exists()


def test_the_organisation_removes_a_wrong_file_and_its_bytes_go(world: World) -> None:
    draft, wrong = _draft_with(world, b"%PDF-1.7 a client's case notes, uploaded by mistake")
    removed = evidence.remove_evidence(world.alpha_admin, world.db, wrong.id)
    assert removed.id == wrong.id
    assert evidence.list_evidence(world.alpha_member, world.db, draft) == []
    assert not _stored(world, wrong)
    [(actor, subject, payload)] = _audit(world, "evidence.remove")
    assert (actor, subject) == ("alpha-admin", wrong.id)
    assert json.loads(payload) == {
        "kind": "file", "title": "Safeguarding policy", "filename": "policy.pdf",
        "sha256": wrong.sha256, "requirement": "SG-01",
    }  # fmt: skip
    with pytest.raises(AccessDenied):  # gone: refused as any unknown id is, telling nothing
        evidence.download(world.alpha_admin, world.db, wrong.id)
    again = evidence.add_link(
        world.alpha_member, world.db, draft, "SG-01", title="Policy", url="https://example.org/p"
    )
    assert again.id != wrong.id  # an id, once removed, is never given to other evidence


def test_bytes_that_another_record_holds_stay(world: World) -> None:
    draft, first = _draft_with(world)
    second = evidence.add_file(
        world.alpha_member, world.db, draft, "SG-02",
        title="The same policy", filename="copy.pdf", content=POLICY,
    )  # fmt: skip
    evidence.remove_evidence(world.alpha_member, world.db, first.id)
    assert _stored(world, second)
    assert evidence.download(world.alpha_member, world.db, second.id).content == POLICY


@pytest.mark.parametrize("who", ["beta_admin", "reviewer", "board", "admin"])
def test_only_the_organisation_removes_its_evidence(world: World, who: str) -> None:
    draft, item = _draft_with(world)
    with pytest.raises(AccessDenied):
        evidence.remove_evidence(getattr(world, who), world.db, item.id)
    assert [e.id for e in evidence.list_evidence(world.alpha_member, world.db, draft)] == [item.id]
    assert _stored(world, item) and _audit(world, "evidence.remove") == []


def test_submitted_evidence_stays_as_it_was_submitted(world: World) -> None:
    assessment_id, policy, _ = _with_evidence(world)
    with pytest.raises(IllegalTransition):
        evidence.remove_evidence(world.alpha_admin, world.db, policy.id)
    assert _stored(world, policy)
    assert len(evidence.list_evidence(world.alpha_member, world.db, assessment_id)) == 3


def _store(world: World) -> list[str]:
    return sorted(str(p) for p in world.db.evidence_root.rglob("*") if p.is_file())


def test_a_refused_upload_leaves_no_file_in_the_store(world: World) -> None:
    """Refused for a requirement the release lacks, or for a self-assessment no longer being
    edited: nothing is written, not even the bytes."""
    assessment_id, _, _ = _with_evidence(world)  # submitted
    draft = assessments.start_assessment(world.beta_member, world.db, "beta", "2026.1")
    before = _store(world)
    fresh = b"%PDF-1.4 a file nobody has uploaded before"
    with pytest.raises(InvalidInput, match="has no requirement NOPE-1"):
        evidence.add_file(world.beta_member, world.db, draft.id, "NOPE-1",
                          title="T", filename="t.pdf", content=fresh)  # fmt: skip
    with pytest.raises(IllegalTransition):
        evidence.add_file(world.alpha_member, world.db, assessment_id, "SG-01",
                          title="T", filename="t.pdf", content=fresh)  # fmt: skip
    assert _store(world) == before


@pytest.mark.parametrize(
    ("title", "said"),
    [
        ("", "an evidence title has 1 to 300 characters"),
        ("x" * 301, "an evidence title has 1 to 300 characters"),
        ("Policy\x07", "remove the control character U+0007"),
        ("Policy \u202efdp.exe", "remove the control character U+202E"),
    ],
)
def test_an_evidence_title_says_something_readable(world: World, title: str, said: str) -> None:
    draft = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    before = _store(world)
    with pytest.raises(InvalidInput, match=re.escape(said)):
        evidence.add_file(world.alpha_member, world.db, draft.id, "SG-01",
                          title=title, filename="p.pdf", content=POLICY)  # fmt: skip
    with pytest.raises(InvalidInput, match=re.escape(said)):
        evidence.add_link(world.alpha_member, world.db, draft.id, "SG-01",
                          title=title, url="https://example.org/p")  # fmt: skip
    assert evidence.list_evidence(world.alpha_member, world.db, draft.id) == []
    assert _store(world) == before
