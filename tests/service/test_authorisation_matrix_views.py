"""The authorisation matrix, continued: the read models of the pages (queues, workspace,
release changes), reports, certificates as documents and the offline exchange.

A refusal is AccessDenied and leaves the record and the files beside it exactly as they were.
The queues filter rather than refuse; how each one is judged is said beside it.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Collection
from pathlib import Path

import pytest

from engine.service import (
    assessments,
    exchange,
    release_preview,
    reports,
    views_admin,
    views_changes,
    views_queue,
    views_workspace,
)
from engine.service.errors import AccessDenied
from engine.service.principals import SYSTEM, Principal
from tests.service.conftest import MATRIX_ACTORS, Operation, Shared, check_operation

ALPHA = frozenset({"alpha_member", "alpha_admin"})
ALPHA_AND_ADMIN = ALPHA | {"admin"}
SEEN_BY = ALPHA_AND_ADMIN | {"reviewer"}  # the reviewer is assigned to every shared object
REPORT_READERS = ALPHA | {"reviewer"}  # reports: not the board, not administrators
DECIDERS = frozenset({"decider", "admin"})  # the assigned decider, and administrators
ADMIN = frozenset({"admin"})
BOARD = frozenset({"board", "admin"})  # suppressed aggregates only
LIBRARY = Path(__file__).parents[1] / "versioning" / "fixtures" / "standards"
_counter = itertools.count(1)


def _nothing(shared: Shared) -> None:
    return None


def _listed(principal: Principal, wanted: str, found: Collection[tuple[str, str]]) -> None:
    """A queue filters rather than refuses. `found` is (assessment, organisation) pairs: it
    never holds the actor's own organisation, and not listing `wanted` (an alpha
    self-assessment only the allowed actors may act on) counts as refused."""
    assert all(org != principal.org_id for _, org in found)
    if wanted not in {assessment for assessment, _ in found}:
        raise AccessDenied(f"{wanted} is not in the queue of {principal.user_id}")


def _reviewing(shared: Shared, principal: Principal) -> None:
    """review_queue: everybody's queue holds only what is assigned to them, and `queued`
    only for `reviewer` (the conflicted reviewer, assigned too, must not find it)."""
    found = views_queue.review_queue(principal, shared.world.db)
    assigned = {
        a.item.assessment_id
        for a in views_queue.assignment_queue(SYSTEM, shared.world.db)
        if principal.user_id in a.reviewers
    }
    assert {i.assessment_id for i in found} <= assigned
    _listed(principal, shared.queued, [(i.assessment_id, i.org_id) for i in found])


def _deciding(shared: Shared, principal: Principal) -> None:
    """decision_queue: everyone gets a list; only those who may take the independent decision
    find `in_review` (reviewed by `reviewer`) in it."""
    found = views_queue.decision_queue(principal, shared.world.db)
    _listed(principal, shared.in_review, [(i.assessment_id, i.org_id) for i in found])


def _may_read_report(shared: Shared, principal: Principal) -> None:
    """may_read_report answers rather than refuses: False counts as refused."""
    if not reports.may_read_report(principal, shared.world.db, shared.decided):
        raise AccessDenied("may not read the report")


def _import_file(shared: Shared) -> bytes:
    """A file for alpha, whose newest self-assessment is an open draft (an import goes there)."""
    world = shared.world
    assessments.start_assessment(world.alpha_member, world.db, "alpha", "2026.1")
    document = {
        "kind": "self_assessment",
        "schema_version": 1,
        "organisation": {"id": "alpha", "name": "Alpha"},
        "release": "2026.1",
        "profile": {
            "country": "DE",
            "region": "europe",
            "income_group": "high",
            "organisation_type": "civil_society",
            "settings": ["community"],
        },
        "responses": {"SG-01": {"rating": 2}},
    }
    return json.dumps(document).encode()


def _imported(shared: Shared, principal: Principal, content: bytes) -> None:
    outcome = exchange.import_self_assessment(
        principal, shared.world.db, "alpha.json", content, org_id="alpha"
    )
    assert outcome.imported, outcome.report.problems


def _anonymous(principal: Principal, texts: list[str]) -> None:
    """What the board gets names no organisation (alpha holds every decision here)."""
    if principal.role == "board":
        assert not [t for t in texts if "alpha" in t.lower()]


def _exported(shared: Shared, principal: Principal, out: Path) -> None:
    written = exchange.board_export(principal, shared.world.db, "csv", out)
    _anonymous(principal, [path.read_text() for path in written])


OPS: dict[str, Operation] = {
    "views_queue.review_queue": (
        _nothing,
        lambda s, p, _: _reviewing(s, p),
        frozenset({"reviewer"}),
    ),
    "views_queue.decision_queue": (_nothing, lambda s, p, _: _deciding(s, p), DECIDERS),
    "views_queue.decision_view": (
        _nothing,
        lambda s, p, _: views_queue.decision_view(p, s.world.db, s.in_review),
        DECIDERS,
    ),
    "views_queue.assignment_queue": (
        _nothing,
        lambda s, p, _: views_queue.assignment_queue(p, s.world.db),
        ADMIN,
    ),
    "views_admin.list_conflicts": (
        _nothing,
        lambda s, p, _: views_admin.list_conflicts(p, s.world.db),
        ADMIN,
    ),
    "views_workspace.blockers": (
        _nothing,
        lambda s, p, _: views_workspace.blockers(p, s.world.db, s.queued),
        SEEN_BY,
    ),
    "views_workspace.change_requests": (
        _nothing,
        lambda s, p, _: views_workspace.change_requests(p, s.world.db, s.decided),
        SEEN_BY,
    ),
    "views_workspace.preview": (
        _nothing,
        lambda s, p, _: views_workspace.preview(p, s.world.db, s.queued),
        SEEN_BY,
    ),
    "views_workspace.profile_applicability": (
        _nothing,
        lambda s, p, _: views_workspace.profile_applicability(p, s.world.db, "alpha"),
        SEEN_BY,
    ),
    # An organisation's changes: its profile (organisation.read) and its certificates
    # (certificate.read of the organisation, which no reviewer has): staff and admins.
    "views_changes.changes_since_certification": (
        _nothing,
        lambda s, p, _: views_changes.changes_since_certification(p, s.world.db, "alpha"),
        ALPHA_AND_ADMIN,
    ),
    "release_preview.library_choices": (
        _nothing,
        lambda s, p, _: release_preview.library_choices(p, LIBRARY),
        ADMIN,
    ),
    "release_preview.candidate_bundle": (
        _nothing,
        lambda s, p, _: release_preview.candidate_bundle(p, "2026.2", LIBRARY),
        ADMIN,
    ),
    "release_preview.release_preview": (
        _nothing,
        lambda s, p, _: release_preview.release_preview(p, s.world.db, "2026.1", "2026.2", LIBRARY),
        ADMIN,
    ),
    "reports.assessment_report": (
        _nothing,
        lambda s, p, _: reports.assessment_report(p, s.world.db, s.decided, "html"),
        REPORT_READERS,
    ),
    "reports.may_read_report": (_nothing, lambda s, p, _: _may_read_report(s, p), REPORT_READERS),
    "reports.certificate_code": (
        _nothing,
        lambda s, p, _: reports.certificate_code(p, s.world.db, s.certificate),
        SEEN_BY,
    ),
    "reports.certificate_withheld": (
        _nothing,
        lambda s, p, _: reports.certificate_withheld(p, s.world.db, s.certificate),
        SEEN_BY,
    ),
    "reports.certificate_document": (
        _nothing,
        lambda s, p, _: reports.certificate_document(p, s.world.db, s.certificate),
        SEEN_BY,
    ),
    "exchange.oscal_results": (
        _nothing,
        lambda s, p, _: exchange.oscal_results(p, s.world.db, s.decided),
        REPORT_READERS,
    ),
    "exchange.workbook_template": (
        _nothing,
        lambda s, p, _: exchange.workbook_template(p, s.world.db, "alpha", "2026.1"),
        ALPHA,
    ),
    "exchange.import_self_assessment": (_import_file, _imported, ALPHA),
    "exchange.import_self_assessment(dry run)": (
        _import_file,
        lambda s, p, content: exchange.import_self_assessment(
            p, s.world.db, "alpha.json", content, dry_run=True
        ),
        ALPHA,
    ),
    "exchange.board_tables": (
        _nothing,
        lambda s, p, _: _anonymous(p, [repr(exchange.board_tables(p, s.world.db))]),
        BOARD,
    ),
    "exchange.board_export": (
        lambda s: s.tmp / f"export-{next(_counter)}",
        _exported,
        BOARD,
    ),
    "exchange.board_export_zip": (
        _nothing,
        lambda s, p, _: exchange.board_export_zip(p, s.world.db, "csv"),
        BOARD,
    ),
}


@pytest.mark.parametrize("actor", MATRIX_ACTORS)
@pytest.mark.parametrize("operation", sorted(OPS))
@pytest.mark.usefixtures("beside_open")
def test_authorisation_matrix(matrix: Shared, operation: str, actor: str) -> None:
    check_operation(matrix, OPS[operation], actor)
