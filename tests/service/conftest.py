"""A fresh record per test: one release, organisations alpha and beta, one user per role."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from engine.models import Response
from engine.service import (
    assessments,
    deciders,
    decisions,
    evidence,
    organisations,
    releases,
    reviews,
    users,
)
from engine.service.errors import AccessDenied
from engine.service.principals import SYSTEM, Principal
from engine.storage import Database, open_database
from tests.service.builders import bundle, profile, side_by_side
from tests.service.fingerprint import fingerprint

CONDITIONAL = {"SG-01": 3, "SG-02": 1, "CM-01": 1, "CM-02": 1}
"""Answers that the test policy rates conditionally accredited, with improvement actions."""


@dataclass
class World:
    db: Database
    admin: Principal
    alpha_member: Principal
    alpha_admin: Principal
    beta_member: Principal
    beta_admin: Principal
    reviewer: Principal
    decider: Principal
    beta_reviewer: Principal
    board: Principal

    def answer_all(self, assessment_id: str, rating: int | dict[str, int] = 3) -> int:
        """Answer every requirement as alpha's member; the new row version."""
        current = assessments.get_assessment(self.alpha_member, self.db, assessment_id)
        ids = releases.release_bundle(self.db, current.release_version).requirement_ids()
        saved = assessments.save_responses(
            self.alpha_member,
            self.db,
            assessment_id,
            {
                rid: Response(rating=rating if isinstance(rating, int) else rating[rid])
                for rid in ids
            },
            current.row_version,
        )
        return saved.row_version

    def submitted(self, rating: int | dict[str, int] = 3) -> str:
        """A submitted self-assessment of alpha, beside any others it has (`side_by_side`)."""
        with side_by_side():
            started = assessments.start_assessment(self.alpha_member, self.db, "alpha", "2026.1")
        version = self.answer_all(started.id, rating)
        assessments.submit_assessment(self.alpha_admin, self.db, started.id, version)
        return started.id

    def in_review(self, rating: int | dict[str, int] = 3) -> str:
        assessment_id = self.submitted(rating)
        reviews.assign_reviewer(self.admin, self.db, assessment_id, self.reviewer.user_id)
        deciders.assign_decider(self.admin, self.db, assessment_id, self.decider.user_id)
        version = assessments.get_assessment(self.admin, self.db, assessment_id).row_version
        reviews.start_review(self.reviewer, self.db, assessment_id, version)
        return assessment_id

    def version(self, assessment_id: str) -> int:
        """The self-assessment's row version now, as a fresh page would show it."""
        return assessments.get_assessment(self.admin, self.db, assessment_id).row_version

    def verdict(
        self,
        assessment_id: str,
        requirement_id: str,
        rating: int | None = None,
        reason: str | None = None,
        reviewer: Principal | None = None,
    ) -> reviews.Verdict:
        """The reviewer's verdict from a fresh page: agree, or adjust to `rating` (with why)."""
        return reviews.record_verdict(
            reviewer or self.reviewer,
            self.db,
            assessment_id,
            requirement_id,
            "agree" if rating is None else "adjust",
            expected_version=self.version(assessment_id),
            adjusted_rating=rating,
            reason=reason,
        )


def make_world(path: Path) -> World:
    db = open_database(str(path))
    releases.register_release(SYSTEM, db, bundle())
    for org_id, country in (("alpha", "DE"), ("beta", "KE")):
        region = "europe" if country == "DE" else "africa"
        organisations.create_organisation(
            SYSTEM, db, org_id, org_id.title(), profile(country, region)
        )
    people = {
        "admin": ("admin", None),
        "alpha_member": ("org_member", "alpha"),
        "alpha_admin": ("org_admin", "alpha"),
        "beta_member": ("org_member", "beta"),
        "beta_admin": ("org_admin", "beta"),
        "reviewer": ("reviewer", None),
        "decider": ("reviewer", None),
        "beta_reviewer": ("reviewer", "beta"),
        "board": ("board", None),
    }
    made = {
        name: users.create_user(
            SYSTEM, db, name.replace("_", "-"), display_name=name, role=role, org_id=org
        ).principal
        for name, (role, org) in people.items()
    }
    return World(db=db, **made)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    made = make_world(tmp_path / "record.duckdb")
    yield made
    made.db.close()


# --- The authorisation matrix (tests/service/test_authorisation_matrix*.py) -----------------

MATRIX_ACTORS = (
    "alpha_member",
    "alpha_admin",
    "beta_member",
    "beta_admin",
    "reviewer",
    "decider",
    "beta_reviewer",
    "board",
    "admin",
    "conflicted_reviewer",
    "alpha_reviewer",
)
"""Every role, of organisation alpha (which owns every object) and of beta (another one), a
reviewer assigned to every shared object who then declared a conflict of interest with alpha,
and a reviewer whose home organisation is alpha (never to review or decide alpha's)."""


@dataclass
class Shared:
    """Objects made once per module: all of alpha's, with `reviewer` and the conflicted
    reviewer assigned to each of them."""

    world: World
    decided: str
    """Decided conditionally, with improvement actions."""
    certificate: str
    file_evidence: str
    queued: str
    """Submitted with file evidence; `reviewer` and the conflicted reviewer are assigned."""
    in_review: str
    """In review by `reviewer` (the conflicted reviewer assigned too); not decided."""
    tmp: Path
    conflicted_reviewer: Principal
    alpha_reviewer: Principal

    def principal(self, actor: str) -> Principal:
        """One of MATRIX_ACTORS."""
        found = getattr(self, actor, None) or getattr(self.world, actor)
        assert isinstance(found, Principal)
        return found


def decide_one(
    world: World, rating: int | dict[str, int] = 1, also: str | None = None
) -> tuple[str, str | None]:
    """A self-assessment reviewed by `reviewer` (and `also` assigned) and decided by
    `decider`; its certificate."""
    assessment_id = _in_review(world, rating, also)
    world.verdict(assessment_id, "SG-01")
    version = assessments.get_assessment(world.admin, world.db, assessment_id).row_version
    decided = decisions.decide(world.decider, world.db, assessment_id, version)
    return assessment_id, decided.certificate_number


def _in_review(world: World, rating: int | dict[str, int], also: str | None) -> str:
    assessment_id = world.in_review(rating)
    if also is not None:
        reviews.assign_reviewer(world.admin, world.db, assessment_id, also)
    return assessment_id


def _queued(world: World, also: str) -> tuple[str, str]:
    """A submitted self-assessment with a file as evidence, assigned to `reviewer` and
    `also`."""
    with side_by_side():
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
    version = world.answer_all(draft.id)
    assessments.submit_assessment(world.alpha_member, world.db, draft.id, version)
    for reviewer in ("reviewer", also):
        reviews.assign_reviewer(world.admin, world.db, draft.id, reviewer)
    return draft.id, file_id


def make_shared(tmp: Path) -> Shared:
    world = make_world(tmp / "record.duckdb")
    conflicted = users.create_user(
        SYSTEM, world.db, "conflicted-reviewer", display_name="Conflicted", role="reviewer"
    ).principal
    also = conflicted.user_id
    decided, _ = decide_one(world, CONDITIONAL, also)
    number = decide_one(world, 3, also)[1]
    assert number is not None
    queued, file_id = _queued(world, also)
    in_review = _in_review(world, 3, also)
    users.declare_conflict(SYSTEM, world.db, also, "alpha", "joined alpha's board")
    home = users.create_user(
        SYSTEM, world.db, "alpha-reviewer", display_name="Home", role="reviewer", org_id="alpha"
    ).principal
    return Shared(world, decided, number, file_id, queued, in_review, tmp, conflicted, home)


@pytest.fixture
def beside_open() -> Iterator[None]:
    """Several open self-assessments of one organisation may be made (`side_by_side`)."""
    with side_by_side():
        yield


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shared]:
    shared = make_shared(tmp_path_factory.mktemp("matrix"))
    yield shared
    shared.world.db.close()


Setup = Callable[[Shared], Any]
Call = Callable[[Shared, Principal, Any], object]
Operation = tuple[Setup, Call, frozenset[str]]
"""How to prepare it, how to call it as a principal, and which actors it allows."""


def files_beside(db: Database) -> list[tuple[str, int]]:
    """Every file in the record's folder but the database file itself: the evidence store,
    the verification secret, backups and exports."""
    root = db.path.parent
    return sorted(
        (str(path.relative_to(root)), path.stat().st_size)
        for path in root.rglob("*")
        if path.is_file() and not path.name.startswith(db.path.name + ".wal") and path != db.path
    )


def check_operation(shared: Shared, operation: Operation, actor: str) -> None:
    """An allowed actor's call succeeds; a refused one's raises AccessDenied and leaves every
    table, the audit log included, and every file beside the record exactly as they were."""
    setup, call, allowed = operation
    principal = shared.principal(actor)
    context = setup(shared)
    if actor in allowed:
        call(shared, principal, context)
        return
    before = fingerprint(shared.world.db), files_beside(shared.world.db)
    with pytest.raises(AccessDenied):
        call(shared, principal, context)
    assert (fingerprint(shared.world.db), files_beside(shared.world.db)) == before
