"""Every service function, every role, own organisation and another: allowed or refused.

A refusal is AccessDenied and leaves every table (and the audit log) and every file beside
the record exactly as they were. This module holds organisations, users, releases and the
assessment lifecycle; the rest is in test_authorisation_matrix_records.py and _views.py, and
test_authorisation_matrix_meta.py makes sure that no service function is left out.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from engine.models import Response
from engine.service import (
    assessments,
    deciders,
    decisions,
    evidence,
    maintenance,
    organisations,
    releases,
    reviews,
    users,
)
from engine.service.errors import AccessDenied
from engine.service.principals import SYSTEM, Principal
from tests.service.builders import bundle, profile
from tests.service.conftest import MATRIX_ACTORS, Operation, Shared, World, check_operation

ALPHA = frozenset({"alpha_member", "alpha_admin"})
ALPHA_AND_ADMIN = ALPHA | {"admin"}
SEEN_BY = ALPHA_AND_ADMIN | {"reviewer"}  # the reviewer is assigned to every shared object
ADMIN = frozenset({"admin"})
EVERYONE = frozenset(MATRIX_ACTORS)
_counter = itertools.count(1)


def _draft(world: World) -> Any:
    return assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")


def _answered_draft(world: World) -> Any:
    """A draft with every requirement answered, ready to submit."""
    draft = _draft(world)
    world.answer_all(draft.id)
    return assessments.get_assessment(world.admin, world.db, draft.id)


def _draft_with_file(world: World) -> str:
    """A draft of alpha with a file of its own (removing it takes the stored file too)."""
    draft = _draft(world)
    content = f"%PDF-1.7 {next(_counter)}".encode()
    return str(
        evidence.add_file(
            world.alpha_member, world.db, draft.id, "SG-01",
            title="t", filename="a.pdf", content=content,
        ).id
    )  # fmt: skip


def _version(world: World, assessment_id: str) -> int:
    return assessments.get_assessment(world.admin, world.db, assessment_id).row_version


def _new_org(world: World) -> str:
    org_id = f"extra-{next(_counter)}"
    organisations.create_organisation(SYSTEM, world.db, org_id, "Extra", profile())
    return org_id


def _nothing(shared: Shared) -> None:
    return None


def _submitted(shared: Shared) -> str:
    return shared.world.submitted()


def _in_review(shared: Shared) -> str:
    """In review, with a verdict (a decision rests on one)."""
    assessment_id = shared.world.in_review()
    shared.world.verdict(assessment_id, "SG-01")
    return assessment_id


def _assigned(shared: Shared) -> str:
    assessment_id = shared.world.submitted()
    reviews.assign_reviewer(SYSTEM, shared.world.db, assessment_id, "reviewer")
    return assessment_id


def _new_release(shared: Shared) -> str:
    return f"2027.{next(_counter)}"


def _all_listed(principal: Principal, found: list[Any]) -> None:
    """list_organisations filters rather than refuses: everyone but the admin gets at most
    their own organisation (never another one's), which counts as refused here."""
    assert {o.id for o in found} <= {principal.org_id} or principal.role == "admin"
    if len(found) < 2:
        raise AccessDenied("listed only one's own organisation")


OPS: dict[str, Operation] = {
    "organisations.get_organisation": (
        _nothing,
        lambda s, p, _: organisations.get_organisation(p, s.world.db, "alpha"),
        SEEN_BY,
    ),
    "organisations.update_profile": (
        _nothing,
        lambda s, p, _: organisations.update_profile(
            p,
            s.world.db,
            "alpha",
            profile(),
            organisations.get_organisation(SYSTEM, s.world.db, "alpha").row_version,
        ),
        frozenset({"alpha_admin", "admin"}),
    ),
    "organisations.create_organisation": (
        _nothing,
        lambda s, p, _: organisations.create_organisation(
            p, s.world.db, f"new-{next(_counter)}", "N", profile()
        ),
        ADMIN,
    ),
    "organisations.list_organisations(all)": (
        _nothing,
        lambda s, p, _: _all_listed(p, organisations.list_organisations(p, s.world.db)),
        ADMIN,
    ),
    "users.create_user": (
        _nothing,
        lambda s, p, _: users.create_user(
            p, s.world.db, f"u-{next(_counter)}", display_name="U", role="board"
        ),
        ADMIN,
    ),
    "users.link_oidc_identity": (
        lambda s: f"sub-{next(_counter)}",
        lambda s, p, sub: users.link_oidc_identity(
            p, s.world.db, "beta-member", "https://login.example.org", sub
        ),
        ADMIN,
    ),
    "users.deactivate_user": (
        lambda s: (
            users.create_user(
                SYSTEM, s.world.db, f"leaver-{next(_counter)}", display_name="L", role="board"
            ).id
        ),
        lambda s, p, user_id: users.deactivate_user(p, s.world.db, user_id),
        ADMIN,
    ),
    "users.get_user(board)": (
        _nothing,
        lambda s, p, _: users.get_user(p, s.world.db, "board"),
        frozenset({"board", "admin"}),
    ),
    "users.get_user(self)": (
        _nothing,
        lambda s, p, _: users.get_user(p, s.world.db, p.user_id),
        EVERYONE,
    ),
    "users.list_users": (_nothing, lambda s, p, _: users.list_users(p, s.world.db), ADMIN),
    "users.declare_conflict(reviewer)": (
        lambda s: _new_org(s.world),
        lambda s, p, org: users.declare_conflict(
            p, s.world.db, "reviewer", org, "was on their board"
        ),
        frozenset({"reviewer", "admin"}),
    ),
    "releases.register_release": (
        _new_release,
        lambda s, p, version: releases.register_release(p, s.world.db, bundle(version)),
        ADMIN,
    ),
    "releases.set_release_open": (
        _nothing,
        lambda s, p, _: releases.set_release_open(p, s.world.db, "2026.1", True),
        ADMIN,
    ),
    "maintenance.ensure_release": (
        _new_release,
        lambda s, p, version: maintenance.ensure_release(p, s.world.db, bundle(version)),
        ADMIN,
    ),
    "maintenance.ensure_release(registered)": (
        _nothing,
        lambda s, p, _: maintenance.ensure_release(p, s.world.db, bundle("2026.1")),
        ADMIN,
    ),
    "assessments.start_assessment": (
        _nothing,
        lambda s, p, _: assessments.start_assessment(p, s.world.db, "alpha", "2026.1"),
        ALPHA,
    ),
    "assessments.get_assessment": (
        _nothing,
        lambda s, p, _: assessments.get_assessment(p, s.world.db, s.decided),
        SEEN_BY,
    ),
    "assessments.list_assessments": (
        _nothing,
        lambda s, p, _: assessments.list_assessments(p, s.world.db, "alpha"),
        ALPHA_AND_ADMIN,
    ),
    "assessments.save_responses": (
        lambda s: _draft(s.world),
        lambda s, p, d: assessments.save_responses(
            p, s.world.db, d.id, {"SG-01": Response(rating=2)}, d.row_version
        ),
        ALPHA,
    ),
    "assessments.submit_assessment": (
        lambda s: _answered_draft(s.world),
        lambda s, p, d: assessments.submit_assessment(p, s.world.db, d.id, d.row_version),
        ALPHA,
    ),
    "evidence.add_link": (
        lambda s: _draft(s.world),
        lambda s, p, d: evidence.add_link(
            p, s.world.db, d.id, "SG-01", title="t", url="https://example.org/a"
        ),
        ALPHA,
    ),
    "evidence.add_file": (
        lambda s: _draft(s.world),
        lambda s, p, d: evidence.add_file(
            p,
            s.world.db,
            d.id,
            "SG-01",
            title="t",
            filename="a.pdf",
            content=f"%PDF-1.7 {next(_counter)}".encode(),
        ),
        ALPHA,
    ),
    "evidence.remove_evidence": (
        lambda s: _draft_with_file(s.world),
        lambda s, p, e: evidence.remove_evidence(p, s.world.db, e),
        ALPHA,
    ),
    "evidence.download": (
        _nothing,
        lambda s, p, _: evidence.download(p, s.world.db, s.file_evidence),
        SEEN_BY,
    ),
    "evidence.list_evidence": (
        _nothing,
        lambda s, p, _: evidence.list_evidence(p, s.world.db, s.queued),
        SEEN_BY,
    ),
    "reviews.assign_reviewer": (
        _submitted,
        lambda s, p, a: reviews.assign_reviewer(p, s.world.db, a, "decider"),
        ADMIN,
    ),
    "deciders.assign_decider": (
        _assigned,
        lambda s, p, a: deciders.assign_decider(p, s.world.db, a, "decider"),
        ADMIN,
    ),
    "reviews.start_review": (
        _assigned,
        lambda s, p, a: reviews.start_review(p, s.world.db, a, _version(s.world, a)),
        frozenset({"reviewer"}),
    ),
    "reviews.record_verdict": (
        _in_review,
        lambda s, p, a: reviews.record_verdict(
            p, s.world.db, a, "SG-01", "agree", expected_version=_version(s.world, a)
        ),
        frozenset({"reviewer"}),
    ),
    "reviews.request_changes": (
        _in_review,
        lambda s, p, a: reviews.request_changes(p, s.world.db, a, _version(s.world, a), "more"),
        frozenset({"reviewer"}),
    ),
    "reviews.list_verdicts": (
        _nothing,
        lambda s, p, _: reviews.list_verdicts(p, s.world.db, s.decided),
        SEEN_BY,
    ),
    "decisions.decide": (
        _in_review,
        lambda s, p, a: decisions.decide(p, s.world.db, a, _version(s.world, a)),
        frozenset({"decider", "admin"}),  # the assigned decider; beta's reviewer is not
    ),
    "decisions.get_decision": (
        _nothing,
        lambda s, p, _: decisions.get_decision(p, s.world.db, s.decided),
        SEEN_BY,
    ),
}


@pytest.mark.parametrize("actor", MATRIX_ACTORS)
@pytest.mark.parametrize("operation", sorted(OPS))
@pytest.mark.usefixtures("beside_open")
def test_authorisation_matrix(matrix: Shared, operation: str, actor: str) -> None:
    check_operation(matrix, OPS[operation], actor)
