"""Every service function, every role, own organisation and another: allowed or refused.

A refusal is AccessDenied and leaves every table (and the audit log) exactly as it was.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from engine.models import Response
from engine.service import (
    analytics,
    assessments,
    audit,
    certificates,
    decisions,
    evidence,
    improvement_actions,
    maintenance,
    organisations,
    releases,
    renewal,
    rescoring,
    reviews,
    users,
)
from engine.service.errors import AccessDenied
from engine.service.principals import SYSTEM, Principal
from tests.service.builders import bundle, profile
from tests.service.conftest import CONDITIONAL, World, make_world
from tests.service.fingerprint import fingerprint

ACTORS = (
    "alpha_member",
    "alpha_admin",
    "beta_member",
    "beta_admin",
    "reviewer",
    "decider",
    "beta_reviewer",
    "board",
    "admin",
)
ALPHA = frozenset({"alpha_member", "alpha_admin"})
ALPHA_AND_ADMIN = ALPHA | {"admin"}
SEEN_BY = ALPHA_AND_ADMIN | {"reviewer"}  # the reviewer is assigned to the shared assessment
ADMIN = frozenset({"admin"})
_counter = itertools.count(1)


@dataclass
class Shared:
    """Objects made once per module: all of alpha's, the reviewer assigned to them."""

    world: World
    decided: str
    certificate: str
    file_evidence: str
    tmp: Path


def _decided(world: World, rating: int | dict[str, int] = 1) -> tuple[str, str | None]:
    assessment_id = world.in_review(rating)
    version = assessments.get_assessment(world.admin, world.db, assessment_id).row_version
    decided = decisions.decide(world.decider, world.db, assessment_id, version)
    return assessment_id, decided.certificate_number


def _draft(world: World) -> Any:
    return assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")


def _version(world: World, assessment_id: str) -> int:
    return assessments.get_assessment(world.admin, world.db, assessment_id).row_version


def _new_org(world: World) -> str:
    org_id = f"extra-{next(_counter)}"
    organisations.create_organisation(SYSTEM, world.db, org_id, "Extra", profile())
    return org_id


Setup = Callable[[Shared], Any]
Call = Callable[[Shared, Principal, Any], object]


def _nothing(shared: Shared) -> None:
    return None


def _submitted(shared: Shared) -> str:
    return shared.world.submitted()


def _in_review(shared: Shared) -> str:
    return shared.world.in_review()


def _an_action(shared: Shared) -> tuple[str, int]:
    found = improvement_actions.list_actions(shared.world.admin, shared.world.db, "alpha")
    action = next(a for a in found if a.status != "done")
    return action.id, action.row_version


def _certified(shared: Shared) -> str:
    number = _decided(shared.world, rating=3)[1]
    assert number is not None
    return number


OPS: dict[str, tuple[Setup, Call, frozenset[str]]] = {
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
        lambda s, p, _: _all_listed(organisations.list_organisations(p, s.world.db)),
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
    "users.list_users": (_nothing, lambda s, p, _: users.list_users(p, s.world.db), ADMIN),
    "users.declare_conflict(reviewer)": (
        lambda s: _new_org(s.world),
        lambda s, p, org: users.declare_conflict(
            p, s.world.db, "reviewer", org, "was on their board"
        ),
        frozenset({"reviewer", "admin"}),
    ),
    "releases.register_release": (
        lambda s: f"2027.{next(_counter)}",
        lambda s, p, version: releases.register_release(p, s.world.db, bundle(version)),
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
        lambda s: _draft(s.world),
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
    "evidence.read_file": (
        _nothing,
        lambda s, p, _: evidence.read_file(p, s.world.db, s.file_evidence),
        SEEN_BY,
    ),
    "reviews.assign_reviewer": (
        _submitted,
        lambda s, p, a: reviews.assign_reviewer(p, s.world.db, a, "decider"),
        ADMIN,
    ),
    "reviews.start_review": (
        lambda s: (
            a := s.world.submitted(),
            reviews.assign_reviewer(SYSTEM, s.world.db, a, "reviewer"),
        )[0],
        lambda s, p, a: reviews.start_review(p, s.world.db, a, _version(s.world, a)),
        frozenset({"reviewer"}),
    ),
    "reviews.record_verdict": (
        _in_review,
        lambda s, p, a: reviews.record_verdict(p, s.world.db, a, "SG-01", "agree"),
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
        frozenset({"decider", "beta_reviewer", "admin"}),
    ),
    "decisions.get_decision": (
        _nothing,
        lambda s, p, _: decisions.get_decision(p, s.world.db, s.decided),
        SEEN_BY,
    ),
    "rescoring.rescore": (
        _nothing,
        lambda s, p, _: rescoring.rescore(p, s.world.db, s.decided),
        ADMIN,
    ),
    "renewal.renew_assessment": (
        _nothing,
        lambda s, p, _: renewal.renew_assessment(p, s.world.db, s.decided),
        ALPHA,
    ),
    "certificates.get_certificate": (
        _nothing,
        lambda s, p, _: certificates.get_certificate(p, s.world.db, s.certificate),
        SEEN_BY,
    ),
    "certificates.list_certificates": (
        _nothing,
        lambda s, p, _: certificates.list_certificates(p, s.world.db, "alpha"),
        ALPHA_AND_ADMIN,
    ),
    "certificates.change_certificate_status": (
        _certified,
        lambda s, p, n: certificates.change_certificate_status(
            p, s.world.db, n, step="suspend", reason="complaint", expected_version=1
        ),
        ADMIN,
    ),
    "improvement_actions.list_actions": (
        _nothing,
        lambda s, p, _: improvement_actions.list_actions(p, s.world.db, "alpha"),
        ALPHA_AND_ADMIN,
    ),
    "improvement_actions.change_action": (
        _an_action,
        lambda s, p, a: improvement_actions.change_action(p, s.world.db, a[0], "complete", a[1]),
        ALPHA,
    ),
    "analytics.adoption": (
        _nothing,
        lambda s, p, _: analytics.adoption(p, s.world.db),
        frozenset({"board", "admin"}),
    ),
    "analytics.weakest_requirements": (
        _nothing,
        lambda s, p, _: analytics.weakest_requirements(p, s.world.db),
        frozenset({"board", "admin"}),
    ),
    "analytics.pipeline": (
        _nothing,
        lambda s, p, _: analytics.pipeline(p, s.world.db, "region"),
        frozenset({"board", "admin"}),
    ),
    "analytics.certificate_status": (
        _nothing,
        lambda s, p, _: analytics.certificate_status(p, s.world.db),
        frozenset({"board", "admin"}),
    ),
    "analytics.adoption_by_quarter": (
        _nothing,
        lambda s, p, _: analytics.adoption_by_quarter(p, s.world.db),
        frozenset({"board", "admin"}),
    ),
    "audit.recent_entries": (_nothing, lambda s, p, _: audit.recent_entries(p, s.world.db), ADMIN),
    "maintenance.status": (_nothing, lambda s, p, _: maintenance.status(p, s.world.db), ADMIN),
    "audit.verify_audit": (_nothing, lambda s, p, _: audit.verify_audit(p, s.world.db), ADMIN),
    "maintenance.backup": (
        lambda s: s.tmp / f"backup-{next(_counter)}.duckdb",
        lambda s, p, path: maintenance.backup(p, s.world.db, path),
        ADMIN,
    ),
}


def _all_listed(found: list[Any]) -> None:
    """Listing every organisation is the admin's; others see at most their own."""
    if len(found) < 2:
        raise AccessDenied("listed only one's own organisation")


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shared]:
    tmp = tmp_path_factory.mktemp("matrix")
    world = make_world(tmp / "record.duckdb")
    decided, _ = _decided(world, rating=CONDITIONAL)
    number = _certified_in(world)
    draft = assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    file_id = evidence.add_file(
        world.alpha_member,
        world.db,
        draft.id,
        "SG-01",
        title="Policy",
        filename="p.pdf",
        content=b"%PDF-1.7 a policy",
    ).id
    assessments.submit_assessment(world.alpha_member, world.db, draft.id, _version(world, draft.id))
    reviews.assign_reviewer(world.admin, world.db, draft.id, "reviewer")
    yield Shared(world, decided, number, file_id, tmp)
    world.db.close()


def _certified_in(world: World) -> str:
    number = _decided(world, rating=3)[1]
    assert number is not None
    return number


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("operation", sorted(OPS))
def test_authorisation_matrix(shared: Shared, operation: str, actor: str) -> None:
    setup, call, allowed = OPS[operation]
    principal: Principal = getattr(shared.world, actor)
    context = setup(shared)
    if actor in allowed:
        call(shared, principal, context)
        return
    before = fingerprint(shared.world.db)
    with pytest.raises(AccessDenied):
        call(shared, principal, context)
    assert fingerprint(shared.world.db) == before


def test_every_service_module_is_in_the_matrix() -> None:
    covered = {name.split(".")[0] for name in OPS}
    assert covered >= {
        "organisations",
        "users",
        "releases",
        "assessments",
        "evidence",
        "reviews",
        "decisions",
        "rescoring",
        "renewal",
        "certificates",
        "improvement_actions",
        "analytics",
        "audit",
        "maintenance",
    }
