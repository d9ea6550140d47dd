"""Synthetic, realistic demo data, made only through the service layer (so it is audited).

Deterministic for a seed: organisations in countries on five continents, every lifecycle
state, reviews, decisions, certificates and improvement actions over two years.
"""

from __future__ import annotations

import functools
import random
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from engine.models.assessment import Response
from engine.models.bundle import ReleaseBundle
from engine.models.profile import OrganisationProfile
from engine.rules import applicability
from engine.service import assessments, evidence, organisations, releases, reviews, users
from engine.service.clock import frozen_at
from engine.service.decisions import decide
from engine.service.demo_aftercare import aftercare
from engine.service.demo_profiles import ORG_PASSWORD, make_name, make_profile
from engine.service.principals import SYSTEM, Principal, Role
from engine.service.renewal import renew_assessment
from engine.storage import Database

START = datetime(2024, 11, 25, 9, 0)
TARGETS = ("decided", "in_review", "submitted", "changes_requested", "draft", "decided")
"""The state each organisation's latest self-assessment is left in, in turn."""
STAFF_PASSWORDS: dict[str, str] = {
    "admin": "demo-admin-2026",
    "board": "demo-board-2026",
    "reviewer-1": "demo-reviewer-2026",
    "reviewer-2": "demo-reviewer-2026",
    "reviewer-3": "demo-reviewer-2026",
}
PASSWORD_ORGS = 3
"""The accounts of the first few organisations get the demo password as well."""


@dataclass
class DemoSummary:
    organisations: int = 0
    assessments: int = 0
    logins: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoOrg:
    id: str
    admin: Principal
    member: Principal
    quality: float


@functools.lru_cache(maxsize=8)
def _demo_hash(password: str) -> str:
    """Demo accounts share published passwords, so one argon2id hash per password will do."""
    return users.hash_password(password)


def _at(start: datetime, days: float) -> AbstractContextManager[None]:
    return frozen_at(start + timedelta(days=days))


def _staff(db: Database, summary: DemoSummary) -> list[Principal]:
    roles: dict[str, Role] = {"admin": "admin", "board": "board"}
    made = []
    with _at(START, -30):
        for user_id, password in STAFF_PASSWORDS.items():
            role: Role = roles.get(user_id, "reviewer")
            user = users.create_user(
                SYSTEM,
                db,
                user_id,
                display_name=user_id.title(),
                role=role,
                password_hash=_demo_hash(password),
            )
            summary.logins[user_id] = password
            made.append(user.principal)
    return [p for p in made if p.role == "reviewer"]


def _organisation(db: Database, index: int, rng: random.Random, summary: DemoSummary) -> DemoOrg:
    org_id = f"org-{index + 1:04d}"
    name = make_name(rng, index)
    with _at(START, rng.uniform(-20, 0)):
        organisations.create_organisation(SYSTEM, db, org_id, name, make_profile(rng, index))
        accounts = []
        org_roles: tuple[Role, ...] = ("org_admin", "org_member")
        for role in org_roles:
            user_id = f"{org_id}-{role.removeprefix('org_')}"
            password = ORG_PASSWORD if index < PASSWORD_ORGS else None
            user = users.create_user(
                SYSTEM,
                db,
                user_id,
                display_name=f"{name} ({role.replace('_', ' ')})",
                role=role,
                org_id=org_id,
                password_hash=_demo_hash(password) if password else None,
            )
            accounts.append(user.principal)
            if password:
                summary.logins[user_id] = password
    return DemoOrg(org_id, accounts[0], accounts[1], rng.uniform(0.45, 1.0))


def _answers(
    bundle: ReleaseBundle, profile: OrganisationProfile, quality: float, rng: random.Random
) -> dict[str, Response | None]:
    top = max(level.value for level in bundle.policy.rating_scale.levels)
    ids = applicability(bundle, profile).applicable_requirement_ids()
    return {
        rid: Response(
            rating=min(top, max(0, round(rng.gauss(quality * top, 0.7)))),
            comment="See our written procedure and the case records.",
        )
        for rid in ids
    }


def _fill(
    db: Database, org: DemoOrg, start: datetime, previous: str | None, rng: random.Random
) -> assessments.Assessment:
    with _at(start, 0):
        if previous:
            draft = renew_assessment(org.member, db, previous)
        else:
            draft = assessments.start_assessment(org.member, db, org.id, "2026.1")
    profile = organisations.get_organisation(org.member, db, org.id).profile
    bundle = releases.release_bundle(db, draft.release_version)
    answers = _answers(bundle, profile, org.quality, rng)
    with _at(start, 3):
        saved = assessments.save_responses(org.member, db, draft.id, answers, draft.row_version)
        evidence.add_link(
            org.member,
            db,
            draft.id,
            sorted(answers)[0],
            title="Handbook",
            url=f"https://example.org/{org.id}/handbook.pdf",
        )
    return saved


def _review(
    db: Database,
    saved: assessments.Assessment,
    start: datetime,
    reviewer: Principal,
    rng: random.Random,
) -> int:
    with _at(start, 24):
        reviews.assign_reviewer(SYSTEM, db, saved.id, reviewer.user_id)
        version = assessments.get_assessment(reviewer, db, saved.id).row_version
        reviews.start_review(reviewer, db, saved.id, version)
    with _at(start, 30):
        for rid in rng.sample(sorted(saved.responses), min(3, len(saved.responses))):
            rating = saved.responses[rid].rating or 0
            if rating > 0 and rng.random() < 0.4:
                reviews.record_verdict(
                    reviewer,
                    db,
                    saved.id,
                    rid,
                    "adjust",
                    adjusted_rating=rating - 1,
                    reason="The records seen do not show this across all of the work yet.",
                )
            else:
                reviews.record_verdict(reviewer, db, saved.id, rid, "agree")
    return version + 1


@dataclass(frozen=True)
class Cycle:
    """One self-assessment of a demo organisation: when it starts and how far it gets."""

    org: DemoOrg
    start: datetime
    target: str
    previous: str | None
    crew: tuple[Principal, Principal]
    """(reviewer, decider): never the same person."""


def run_cycle(db: Database, cycle: Cycle, rng: random.Random) -> str:
    """One self-assessment, taken as far as `cycle.target`; its id."""
    org, start, (reviewer, decider) = cycle.org, cycle.start, cycle.crew
    saved = _fill(db, org, start, cycle.previous, rng)
    if cycle.target == "draft":
        return saved.id
    with _at(start, 20):
        assessments.submit_assessment(org.admin, db, saved.id, saved.row_version)
    if cycle.target == "submitted":
        return saved.id
    row_version = _review(db, saved, start, reviewer, rng)
    if cycle.target == "changes_requested":
        with _at(start, 33):
            reviews.request_changes(reviewer, db, saved.id, row_version, "Add the case records.")
    elif cycle.target == "decided":
        with _at(start, 45):
            decide(decider, db, saved.id, row_version)
    return saved.id


def generate(db: Database, bundle: ReleaseBundle, orgs: int, seed: int) -> DemoSummary:
    """Fill an empty record with `orgs` demo organisations; the same seed, the same data."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    summary = DemoSummary()
    with _at(START, -40):
        releases.register_release(SYSTEM, db, bundle)
    reviewers = _staff(db, summary)
    for index in range(orgs):
        org = _organisation(db, index, rng, summary)
        first, second = rng.sample(reviewers, 2)
        start = START + timedelta(days=rng.uniform(0, 90))
        previous = None
        if index % 2 == 0:  # a first cycle a year earlier, then a renewal
            previous = run_cycle(db, Cycle(org, start, "decided", None, (first, second)), rng)
            start += timedelta(days=365 + rng.uniform(0, 200))
            summary.assessments += 1
        target = TARGETS[index % len(TARGETS)]
        run_cycle(db, Cycle(org, start, target, previous, (second, first)), rng)
        summary.assessments += 1
        summary.organisations += 1
    aftercare(db)
    return summary
