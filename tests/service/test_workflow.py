"""The path a self-assessment takes: draft, submitted, in review, decided, certified."""

from __future__ import annotations

import datetime

import pytest

from engine.models import Response
from engine.service import assessments, certificates, clock, decisions, reviews, users
from engine.service.errors import (
    AccessDenied,
    ConflictError,
    ConflictOfInterest,
    IllegalTransition,
    InvalidInput,
    NotFoundError,
)
from tests.service.conftest import World


def test_full_path_to_a_certificate(world: World) -> None:
    assessment_id = world.in_review(rating=3)
    world.verdict(assessment_id, "SG-01")
    version = assessments.get_assessment(world.admin, world.db, assessment_id).row_version
    decided = decisions.decide(world.decider, world.db, assessment_id, version)
    assert decided.machine_outcome == "accredited"
    assert decided.certificate_number is not None
    certificate = certificates.get_certificate(
        world.alpha_member, world.db, decided.certificate_number
    )
    assert certificate.status == "active"
    assert (certificate.expires_on - certificate.issued_on).days > 3 * 365 - 3
    stored = decisions.get_decision(world.alpha_admin, world.db, assessment_id)
    assert stored is not None
    assert stored.engine_result["policy_version"] == "1.0.0"


def test_reviewer_adjustment_changes_the_machine_outcome(world: World) -> None:
    assessment_id = world.in_review(rating=3)
    for rid in ("SG-01", "SG-02", "CM-01", "CM-02"):
        world.verdict(assessment_id, rid, 1, "no evidence seen")
    version = assessments.get_assessment(world.admin, world.db, assessment_id).row_version
    decided = decisions.decide(world.decider, world.db, assessment_id, version)
    assert decided.machine_outcome == "not_accredited"
    assert decided.certificate_number is None
    original = assessments.get_assessment(world.alpha_member, world.db, assessment_id)
    assert original.responses["SG-01"].rating == 3  # the organisation's facts are kept


def test_the_reviewer_cannot_take_the_decision(world: World) -> None:
    assessment_id = world.in_review()
    version = assessments.get_assessment(world.admin, world.db, assessment_id).row_version
    with pytest.raises(AccessDenied):
        decisions.decide(world.reviewer, world.db, assessment_id, version)


def test_overriding_the_engine_needs_a_rationale(world: World) -> None:
    assessment_id = world.in_review(rating=3)
    world.verdict(assessment_id, "SG-01")
    version = assessments.get_assessment(world.admin, world.db, assessment_id).row_version
    with pytest.raises(InvalidInput):
        decisions.decide(world.decider, world.db, assessment_id, version, outcome="not_accredited")
    decided = decisions.decide(
        world.decider,
        world.db,
        assessment_id,
        version,
        outcome="not_accredited",
        rationale="site visit found no safeguarding lead",
    )
    assert (decided.machine_outcome, decided.outcome) == ("accredited", "not_accredited")


def test_illegal_transitions_are_refused(world: World) -> None:
    started = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    with pytest.raises(IllegalTransition, match="cannot decide on a self-assessment that is draft"):
        decisions.decide(world.admin, world.db, started.id, started.row_version)
    assessment_id = world.submitted()
    current = assessments.get_assessment(world.alpha_member, world.db, assessment_id)
    with pytest.raises(IllegalTransition):
        assessments.save_responses(
            world.alpha_member,
            world.db,
            assessment_id,
            {"SG-01": Response(rating=1)},
            current.row_version,
        )


def test_changes_requested_then_resubmitted(world: World) -> None:
    assessment_id = world.in_review()
    version = assessments.get_assessment(world.admin, world.db, assessment_id).row_version
    reviews.request_changes(world.reviewer, world.db, assessment_id, version, "add evidence")
    current = assessments.get_assessment(world.alpha_member, world.db, assessment_id)
    assert current.state == "changes_requested"
    saved = assessments.save_responses(
        world.alpha_member,
        world.db,
        assessment_id,
        {"SG-02": Response(rating=2)},
        current.row_version,
    )
    done = assessments.submit_assessment(
        world.alpha_member, world.db, assessment_id, saved.row_version
    )
    assert done.state == "submitted"


def test_a_stale_save_is_a_conflict_not_a_lost_update(world: World) -> None:
    started = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    assessments.save_responses(
        world.alpha_member, world.db, started.id, {"SG-01": Response(rating=1)}, started.row_version
    )
    with pytest.raises(ConflictError):
        assessments.save_responses(
            world.alpha_admin,
            world.db,
            started.id,
            {"SG-01": Response(rating=3)},
            started.row_version,
        )
    kept = assessments.get_assessment(world.alpha_member, world.db, started.id)
    assert kept.responses["SG-01"].rating == 1


def test_reviewers_are_never_assigned_to_their_own_org_or_a_conflict(world: World) -> None:
    assessment_id = world.submitted()
    users.create_user(
        world.admin, world.db, "alpha-reviewer", display_name="A", role="reviewer", org_id="alpha"
    )
    with pytest.raises(ConflictOfInterest):
        reviews.assign_reviewer(world.admin, world.db, assessment_id, "alpha-reviewer")
    users.declare_conflict(world.reviewer, world.db, "reviewer", "alpha", "former employee")
    with pytest.raises(ConflictOfInterest):
        reviews.assign_reviewer(world.admin, world.db, assessment_id, "reviewer")


def test_a_conflict_is_declared_for_an_existing_reviewer_once(world: World) -> None:
    """A mistyped name must not leave the real reviewer free to review the organisation."""
    with pytest.raises(NotFoundError, match="no user id=reviewr"):
        users.declare_conflict(world.admin, world.db, "reviewr", "alpha", "former employee")
    with pytest.raises(InvalidInput, match="board or organisation account") as refused:
        users.declare_conflict(world.admin, world.db, "board", "alpha", "former employee")
    assert refused.value.location == "user_id"
    users.declare_conflict(world.admin, world.db, "reviewer", "alpha", "former employee")
    with pytest.raises(InvalidInput, match="already"):
        users.declare_conflict(world.admin, world.db, "reviewer", "alpha", "former employee")


def test_certificate_expires_on_read_and_follows_its_lifecycle(world: World) -> None:
    assessment_id = world.in_review(rating=3)
    world.verdict(assessment_id, "SG-01")
    version = assessments.get_assessment(world.admin, world.db, assessment_id).row_version
    number = decisions.decide(world.decider, world.db, assessment_id, version).certificate_number
    assert number is not None
    later = datetime.datetime.now() + datetime.timedelta(days=4 * 365)
    with clock.frozen_at(later):
        assert certificates.get_certificate(world.admin, world.db, number).status == "expired"
        for step in ("suspend", "reinstate"):
            with pytest.raises(IllegalTransition):
                certificates.change_certificate_status(
                    world.admin, world.db, number, step=step, reason="x", expected_version=1
                )
    suspended = certificates.change_certificate_status(
        world.admin, world.db, number, step="suspend", reason="complaint", expected_version=1
    )
    assert suspended.status == "suspended"
    withdrawn = certificates.change_certificate_status(
        world.admin, world.db, number, step="withdraw", reason="upheld", expected_version=2
    )
    assert withdrawn.status == "withdrawn"
    with pytest.raises(IllegalTransition):
        certificates.change_certificate_status(
            world.admin, world.db, number, step="reinstate", reason="x", expected_version=3
        )


def test_sign_in_with_argon2id(world: World) -> None:
    users.create_user(
        world.admin,
        world.db,
        "dana",
        display_name="Dana",
        role="board",
        password="correct horse battery",
    )
    assert users.authenticate(world.db, "dana", "correct horse battery").role == "board"
    with pytest.raises(users.AuthenticationFailed):
        users.authenticate(world.db, "dana", "wrong password!!")


def test_people_see_their_own_account_and_admins_every_account(world: World) -> None:
    assert users.get_user(world.board, world.db, "board").role == "board"
    assert users.get_user(world.admin, world.db, "board").role == "board"
    with pytest.raises(AccessDenied):
        users.get_user(world.alpha_member, world.db, "board")


def test_oidc_identities_map_to_accounts_by_issuer_and_subject(world: World) -> None:
    issuer = "https://login.example.org"
    users.link_oidc_identity(world.admin, world.db, "alpha-admin", issuer, "sub-123")
    found = users.principal_for_oidc(world.db, issuer, "sub-123")
    assert (found.user_id, found.role, found.org_id) == ("alpha-admin", "org_admin", "alpha")
    with pytest.raises(users.AuthenticationFailed):
        users.principal_for_oidc(world.db, "https://evil.example.org", "sub-123")
    with pytest.raises(AccessDenied):
        users.link_oidc_identity(world.alpha_admin, world.db, "alpha-member", issuer, "sub-9")
    for subject in ("s\x1b[2J", "x" * 256):
        with pytest.raises(InvalidInput):
            users.link_oidc_identity(world.admin, world.db, "alpha-member", issuer, subject)


def test_a_self_assessment_follows_only_one_of_its_own_organisation(world: World) -> None:
    theirs = assessments.start_assessment(world.beta_member, world.db, "beta", "2026.1")
    before = assessments.list_assessments(world.alpha_member, world.db, "alpha")
    for previous in (theirs.id, "beta-999"):
        with pytest.raises(InvalidInput) as refused:
            assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1", previous)
        assert refused.value.message == f"{previous} is not a self-assessment of alpha"
    assert assessments.list_assessments(world.alpha_member, world.db, "alpha") == before
    first = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    second = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1", first.id)
    assert second.previous_assessment_id == first.id


def test_a_deactivated_account_is_no_longer_a_principal(world: World) -> None:
    assert users.principal_now(world.db, world.alpha_member) == world.alpha_member
    users.deactivate_user(world.admin, world.db, world.alpha_member.user_id)
    assert users.principal_now(world.db, world.alpha_member) is None
    with pytest.raises(InvalidInput, match="deactivated already"):
        users.deactivate_user(world.admin, world.db, world.alpha_member.user_id)


def test_the_last_active_administrator_cannot_be_deactivated(world: World) -> None:
    with pytest.raises(InvalidInput, match="last active administrator"):
        users.deactivate_user(world.admin, world.db, world.admin.user_id)
    assert users.principal_now(world.db, world.admin) == world.admin
    users.create_user(world.admin, world.db, "second-admin", display_name="S", role="admin")
    users.deactivate_user(world.admin, world.db, world.admin.user_id)
    assert users.principal_now(world.db, world.admin) is None


def test_an_expired_certificate_found_false_is_withdrawn(world: World) -> None:
    """Forged evidence found after expiry: the certificate is withdrawn, and a check of its
    code says withdrawn, not "genuine, but expired"."""
    from engine.service import reports

    assessment_id = world.in_review(rating=3)
    world.verdict(assessment_id, "SG-01")
    number = decisions.decide(
        world.decider, world.db, assessment_id, world.version(assessment_id)
    ).certificate_number
    assert number is not None
    code = reports.certificate_code(world.admin, world.db, number)
    with clock.frozen_at(datetime.datetime.now() + datetime.timedelta(days=4 * 365)):
        assert reports.verify_certificate(world.db, code).state == "expired"
        withdrawn = certificates.change_certificate_status(
            world.admin, world.db, number, step="withdraw", reason="Forged evidence.",
            expected_version=1,
        )  # fmt: skip
        assert withdrawn.status == "withdrawn"
        assert reports.verify_certificate(world.db, code).state == "withdrawn"
