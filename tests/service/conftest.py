"""A fresh record per test: one release, organisations alpha and beta, one user per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from engine.models import Response
from engine.service import assessments, organisations, releases, reviews, users
from engine.service.principals import SYSTEM, Principal
from engine.storage import Database, open_database
from tests.service.builders import bundle, profile

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
        started = assessments.start_assessment(self.alpha_member, self.db, "alpha", "2026.1")
        version = self.answer_all(started.id, rating)
        assessments.submit_assessment(self.alpha_admin, self.db, started.id, version)
        return started.id

    def in_review(self, rating: int | dict[str, int] = 3) -> str:
        assessment_id = self.submitted(rating)
        reviews.assign_reviewer(self.admin, self.db, assessment_id, self.reviewer.user_id)
        version = assessments.get_assessment(self.admin, self.db, assessment_id).row_version
        reviews.start_review(self.reviewer, self.db, assessment_id, version)
        return assessment_id


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
