"""The authorisation matrix, continued: decided records, certificates, improvement actions, the
board's analytics, what-if, migration and the administrators' maintenance.

A refusal is AccessDenied and leaves every table (and the audit log) and every file beside
the record exactly as they were.
"""

from __future__ import annotations

import itertools

import pytest

from engine.models import Policy
from engine.service import (
    analytics,
    audit,
    certificates,
    improvement_actions,
    maintenance,
    release_transition,
    renewal,
    rescoring,
    stored_migration,
    what_if,
)
from engine.service.principals import Principal
from tests.service.builders import bundle, policy
from tests.service.conftest import MATRIX_ACTORS, Operation, Shared, check_operation, decide_one

ALPHA = frozenset({"alpha_member", "alpha_admin"})
ALPHA_AND_ADMIN = ALPHA | {"admin"}
SEEN_BY = ALPHA_AND_ADMIN | {"reviewer"}  # the reviewer is assigned to every shared object
ADMIN = frozenset({"admin"})
BOARD = frozenset({"board", "admin"})  # suppressed aggregates only
_counter = itertools.count(1)


def _nothing(shared: Shared) -> None:
    return None


def _a_decided_one(shared: Shared) -> str:
    return decide_one(shared.world, rating=3)[0]


def _an_action(shared: Shared) -> tuple[str, int]:
    found = improvement_actions.list_actions(shared.world.admin, shared.world.db, "alpha")
    action = next(a for a in found if a.status != "done")
    return action.id, action.row_version


def _changed_policy() -> Policy:
    """Alpha's certificate (overall score 1.0) would be conditional under it: a what-if
    with an organisation in its changes, which the board must not see."""
    document = policy().model_dump()
    document["decision_bands"][0]["when"] = {"op": "lte", "field": "overall_score", "value": 0.1}
    return Policy.model_validate(document)


def _anonymous(principal: Principal, result: object) -> None:
    """What the board gets names no organisation (alpha holds every decision here)."""
    if principal.role == "board":
        assert "alpha" not in repr(result).lower()


def _certified(shared: Shared) -> str:
    number = decide_one(shared.world, rating=3)[1]
    assert number is not None
    return number


OPS: dict[str, Operation] = {
    "rescoring.rescore": (
        _nothing,
        lambda s, p, _: rescoring.rescore(p, s.world.db, s.decided),
        ADMIN,
    ),
    "renewal.renew_assessment": (
        _a_decided_one,  # each is renewed once: a fresh one per actor
        lambda s, p, decided: renewal.renew_assessment(p, s.world.db, decided),
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
    "certificates.certificate_register": (
        _nothing,
        lambda s, p, _: certificates.certificate_register(p, s.world.db),
        ADMIN,
    ),
    "certificates.change_certificate_status": (
        _certified,
        lambda s, p, n: certificates.change_certificate_status(
            p, s.world.db, n, step="suspend", reason="complaint", expected_version=1
        ),
        ADMIN,
    ),
    "release_transition.certificate_basis": (
        _nothing,
        lambda s, p, _: release_transition.certificate_basis(p, s.world.db, s.certificate),
        SEEN_BY,
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
        lambda s, p, _: _anonymous(p, analytics.adoption(p, s.world.db)),
        BOARD,
    ),
    "analytics.weakest_requirements": (
        _nothing,
        lambda s, p, _: _anonymous(p, analytics.weakest_requirements(p, s.world.db)),
        BOARD,
    ),
    "analytics.pipeline": (
        _nothing,
        lambda s, p, _: _anonymous(p, analytics.pipeline(p, s.world.db, "region")),
        BOARD,
    ),
    "analytics.certificate_status": (
        _nothing,
        lambda s, p, _: _anonymous(p, analytics.certificate_status(p, s.world.db)),
        BOARD,
    ),
    "analytics.adoption_by_quarter": (
        _nothing,
        lambda s, p, _: _anonymous(p, analytics.adoption_by_quarter(p, s.world.db)),
        BOARD,
    ),
    "analytics.score_bands": (
        _nothing,
        lambda s, p, _: _anonymous(p, analytics.score_bands(p, s.world.db)),
        BOARD,
    ),
    "what_if.what_if": (
        _nothing,
        lambda s, p, _: _anonymous(p, what_if.what_if(p, s.world.db, _changed_policy())),
        BOARD,
    ),
    "what_if.preview_release_impact": (
        _nothing,
        lambda s, p, _: what_if.preview_release_impact(p, s.world.db, bundle("2027.9")),
        ADMIN,
    ),
    "stored_migration.migrate_assessments": (
        _nothing,
        lambda s, p, _: stored_migration.migrate_assessments(p, s.world.db, "2026.1", dry_run=True),
        ADMIN,
    ),
    "stored_migration.archived_answers": (
        _nothing,
        lambda s, p, _: stored_migration.archived_answers(p, s.world.db, s.decided),
        SEEN_BY,
    ),
    "audit.recent_entries": (_nothing, lambda s, p, _: audit.recent_entries(p, s.world.db), ADMIN),
    "audit.verify_audit": (_nothing, lambda s, p, _: audit.verify_audit(p, s.world.db), ADMIN),
    "maintenance.status": (_nothing, lambda s, p, _: maintenance.status(p, s.world.db), ADMIN),
    "maintenance.backup": (
        lambda s: s.tmp / f"backup-{next(_counter)}.duckdb",
        lambda s, p, path: maintenance.backup(p, s.world.db, path),
        ADMIN,
    ),
}


@pytest.mark.parametrize("actor", MATRIX_ACTORS)
@pytest.mark.parametrize("operation", sorted(OPS))
@pytest.mark.usefixtures("beside_open")
def test_authorisation_matrix(matrix: Shared, operation: str, actor: str) -> None:
    check_operation(matrix, OPS[operation], actor)
