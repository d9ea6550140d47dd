"""A refusal never tells whether a record exists: assessment ids are numbered per
organisation (alpha-001, alpha-002, ...), so "no such assessment" for one id and "may not
see" for the next would let beta count alpha's self-assessments."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from engine.service import assessments, decisions, evidence, exchange, reports, views_queue
from engine.service.errors import AccessDenied, NotFoundError
from engine.service.principals import Principal
from tests.service.conftest import World

Lookup = Callable[[Principal, World, str], object]
LOOKUPS: dict[str, Lookup] = {
    "assessment": lambda p, w, i: assessments.get_assessment(p, w.db, i),
    "report": lambda p, w, i: reports.assessment_report(p, w.db, i, "html"),
    "oscal": lambda p, w, i: exchange.oscal_results(p, w.db, i),
    "decision view": lambda p, w, i: views_queue.decision_view(p, w.db, i),
    "decision": lambda p, w, i: decisions.decide(p, w.db, i, 1),
}


def _refusal(action: Callable[[], object]) -> str:
    with pytest.raises((AccessDenied, NotFoundError)) as refused:
        action()
    return f"{type(refused.value).__name__}: {refused.value}"


@pytest.mark.parametrize("name", list(LOOKUPS))
def test_another_organisations_record_and_no_record_are_refused_alike(
    world: World, name: str
) -> None:
    lookup = LOOKUPS[name]
    existing = world.in_review()
    missing = existing[:-3] + "999"
    for outsider in (world.beta_member, world.beta_admin):
        seen = _refusal(lambda who=outsider: lookup(who, world, existing))
        unseen = _refusal(lambda who=outsider: lookup(who, world, missing))
        assert seen.replace(existing, "ID") == unseen.replace(missing, "ID")
        assert seen.startswith("AccessDenied")


def test_evidence_of_another_organisation_and_no_evidence_are_refused_alike(
    world: World,
) -> None:
    """Evidence ids are numbered per self-assessment too (alpha-001-e001, ...)."""
    draft = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    link = evidence.add_link(
        world.alpha_member,
        world.db,
        draft.id,
        "SG-01",
        title="Procedure",
        url="https://example.org/p",
    )
    missing = link.id[:-3] + "999"
    seen = _refusal(lambda: evidence.download(world.beta_member, world.db, link.id))
    unseen = _refusal(lambda: evidence.download(world.beta_member, world.db, missing))
    assert seen == unseen and seen.startswith("AccessDenied")


def test_those_who_may_see_any_record_are_told_it_does_not_exist(world: World) -> None:
    with pytest.raises(NotFoundError):
        assessments.get_assessment(world.admin, world.db, "alpha-999")


def test_certificates_of_another_organisation_and_none_are_refused_alike(world: World) -> None:
    from engine.service import certificates

    assessment_id = world.in_review(rating=3)
    world.verdict(assessment_id, "SG-01")
    version = assessments.get_assessment(world.admin, world.db, assessment_id).row_version
    number = decisions.decide(world.decider, world.db, assessment_id, version).certificate_number
    assert number is not None
    missing = number[:-4] + "9999"
    for lookup in (
        lambda n: certificates.get_certificate(world.beta_member, world.db, n),
        lambda n: reports.certificate_document(world.beta_member, world.db, n, "en"),
    ):
        seen = _refusal(lambda f=lookup: f(number))
        unseen = _refusal(lambda f=lookup: f(missing))
        assert seen.replace(number, "N") == unseen.replace(missing, "N")
        assert seen.startswith("AccessDenied")


def test_a_conflicted_reviewer_cannot_tell_either(world: World) -> None:
    """A reviewer who declared a conflict with alpha may not decide on alpha's work; a missing
    id must look the same to them."""
    from engine.service import users

    existing = world.in_review()
    users.declare_conflict(world.admin, world.db, "decider", "alpha", "joined alpha's board")
    missing = existing[:-3] + "999"
    for name in ("decision view", "decision"):
        lookup = LOOKUPS[name]
        seen = _refusal(lambda f=lookup: f(world.decider, world, existing))
        unseen = _refusal(lambda f=lookup: f(world.decider, world, missing))
        assert seen.replace(existing, "ID") == unseen.replace(missing, "ID")
