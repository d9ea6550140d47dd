"""Synthetic, realistic demo data, deterministic for a seed.

Organisations in countries on five continents, every lifecycle state, reviews, decisions,
certificates and improvement actions over two years. The story is told once, here; a
`DemoWriter` writes it: through the service calls one transaction at a time, or (the
default) in bulk, with the same rows and the same audit chain, in a fraction of the time.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal

from engine.models.assessment import Response
from engine.models.bundle import ReleaseBundle
from engine.models.profile import OrganisationProfile
from engine.rules import applicability
from engine.scoring import figures
from engine.service import clock, releases, users
from engine.service.clock import frozen_at
from engine.service.demo_bulk import BulkWriter
from engine.service.demo_profiles import ORG_PASSWORD, make_name, make_profile
from engine.service.demo_writers import DemoWriter, ServiceWriter
from engine.service.principals import SYSTEM, Principal, Role
from engine.storage import Database

HISTORY = timedelta(days=737)
"""How far back the demo's story starts: first self-assessments from about two years before
the day the demo is made, so that the record looks the same whenever it is made."""
RECENT = (35.0, 80.0)
"""Days before the demo day that a self-assessment left open (draft, submitted, in review,
changes requested) started: recent work, some of it past its review due date."""
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
RELEASE = "2026.1"
EVIDENCE: tuple[tuple[str, str, bool], ...] = (
    ("Written procedure", "procedure", True),
    ("Case record extract (anonymised)", "case-records", False),
    ("Supervision log", "supervision-log", False),
    ("Training register", "training-register", True),
    ("Team meeting minutes", "minutes", True),
    ("Annual quality review", "quality-review", False),
)
"""Demo evidence: (title, name, uploaded): an uploaded file, or a link to where the
organisation keeps it (case records stay in the organisation's own case system)."""
DEMO_DOCUMENT = (
    "# {title}\n\n"
    "A stand-in for an organisation's own document, made by `accredit demo-data`: "
    "a reviewer opens the organisation's real one here.\n"
)
"""The text of a demo evidence file (the same for every organisation: the evidence store keeps
one copy of each)."""
QUALITY = (0.6, 1.0)
"""How well a demo organisation works, drawn once: its mean rating is this share of the top."""
SPREAD = 0.5
"""The spread of one answer's rating around the organisation's mean. With QUALITY, about 40%
of decisions accredit, 38% accredit with conditions and 22% do not (a few critical
requirements below the threshold are enough to refuse)."""
COMMIT_EVERY = 100
"""Organisations written per transaction by the bulk writer (bounds the memory it needs)."""
Mode = Literal["bulk", "service"]
WRITERS: dict[Mode, Callable[[Database, ReleaseBundle], DemoWriter]] = {
    "bulk": BulkWriter,
    "service": lambda db, _bundle: ServiceWriter(db),
}


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
    profile: OrganisationProfile


@functools.lru_cache(maxsize=8)
def _demo_hash(password: str) -> str:
    """Demo accounts share published passwords, so one argon2id hash per password will do."""
    return users.hash_password(password)


def _at(start: datetime, days: float) -> AbstractContextManager[None]:
    return frozen_at(start + timedelta(days=days))


def _staff(db: Database, summary: DemoSummary, begin: datetime) -> list[Principal]:
    roles: dict[str, Role] = {"admin": "admin", "board": "board"}
    made = []
    with _at(begin, -30):
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


def _organisation(
    writer: DemoWriter, index: int, rng: random.Random, summary: DemoSummary, begin: datetime
) -> DemoOrg:
    org_id = f"org-{index + 1:04d}"
    name = make_name(rng, index)
    with _at(begin, rng.uniform(-20, 0)):
        profile = make_profile(rng, index)
        writer.organisation(org_id, name, profile)
        accounts = []
        org_roles: tuple[Role, ...] = ("org_admin", "org_member")
        for role in org_roles:
            user_id = f"{org_id}-{role.removeprefix('org_')}"
            password = ORG_PASSWORD if index < PASSWORD_ORGS else None
            display = f"{name} ({role.replace('_', ' ')})"
            hashed = _demo_hash(password) if password else None
            accounts.append(writer.account(user_id, display, role, org_id, hashed))
            if password:
                summary.logins[user_id] = password
    return DemoOrg(org_id, accounts[0], accounts[1], rng.uniform(*QUALITY), profile)


def _answers(
    bundle: ReleaseBundle, profile: OrganisationProfile, quality: float, rng: random.Random
) -> dict[str, Response]:
    top = max(level.value for level in bundle.policy.rating_scale.levels)
    ids = applicability(bundle, profile).applicable_requirement_ids()
    return {
        rid: Response(
            rating=min(top, max(0, round(rng.gauss(quality * top, SPREAD)))),
            comment="See our written procedure and the case records.",
        )
        for rid in ids
    }


@dataclass(frozen=True)
class Cycle:
    """One self-assessment of a demo organisation: when it starts and how far it gets."""

    org: DemoOrg
    start: datetime
    target: str
    previous: str | None
    crew: tuple[Principal, Principal]
    """(reviewer, decider): never the same person."""
    evidenced: frozenset[str] = frozenset()
    """Requirements whose evidence the renewal carries over from `previous`."""


def _fill(
    writer: DemoWriter, bundle: ReleaseBundle, cycle: Cycle, rng: random.Random
) -> tuple[str, dict[str, Response], frozenset[str]]:
    """Start, answer and attach the evidence each rating needs (a renewal keeps the evidence
    it carries); the id, the answers and the requirements that have evidence."""
    org, start = cycle.org, cycle.start
    with _at(start, 0):
        assessment_id = writer.start(org.member, cycle.previous, RELEASE)
    answers = _answers(bundle, org.profile, org.quality, rng)
    needing = [
        rid
        for rid, response in sorted(answers.items())
        if response.rating is not None
        and figures.evidence_needed(response.rating, bundle.policy) > 0
        and rid not in cycle.evidenced
    ]
    with _at(start, 3):
        writer.save(org.member, assessment_id, answers)
        for rid in needing:
            title, name, uploaded = EVIDENCE[sum(map(ord, rid)) % len(EVIDENCE)]
            if uploaded:
                text = DEMO_DOCUMENT.format(title=title).encode()
                writer.add_file(org.member, assessment_id, rid, title, f"{name}.md", text)
            else:
                url = f"https://example.org/{org.id}/{rid.lower()}-{name}.pdf"
                writer.add_link(org.member, assessment_id, rid, title, url)
    return assessment_id, answers, cycle.evidenced | frozenset(needing)


def _review(
    writer: DemoWriter,
    assessment_id: str,
    answers: dict[str, Response],
    cycle: Cycle,
    rng: random.Random,
) -> None:
    (reviewer, decider), start = cycle.crew, cycle.start
    with _at(start, 24):
        writer.assign(assessment_id, reviewer)
        writer.assign_decider(assessment_id, decider)
        writer.start_review(reviewer, assessment_id)
    with _at(start, 30):
        for rid in rng.sample(sorted(answers), min(3, len(answers))):
            rating = answers[rid].rating or 0
            adjusted = None
            if rating > 0 and rng.random() < 0.4:
                reason = "The records seen do not show this across all of the work yet."
                adjusted = (rating - 1, reason)
            writer.verdict(reviewer, assessment_id, rid, adjusted)


def run_cycle(
    writer: DemoWriter, bundle: ReleaseBundle, cycle: Cycle, rng: random.Random
) -> tuple[str, frozenset[str]]:
    """One self-assessment, taken as far as `cycle.target`; its id and the requirements that
    have evidence."""
    org, start, (reviewer, decider) = cycle.org, cycle.start, cycle.crew
    assessment_id, answers, evidenced = _fill(writer, bundle, cycle, rng)
    if cycle.target == "draft":
        return assessment_id, evidenced
    with _at(start, 20):
        writer.submit(org.admin, assessment_id)
    if cycle.target == "submitted":
        return assessment_id, evidenced
    _review(writer, assessment_id, answers, cycle, rng)
    if cycle.target == "changes_requested":
        with _at(start, 33):
            writer.request_changes(reviewer, assessment_id, "Add the case records.")
    elif cycle.target == "decided":
        with _at(start, 45):
            writer.decide(decider, assessment_id)
    return assessment_id, evidenced


def generate(
    db: Database,
    bundle: ReleaseBundle,
    orgs: int,
    seed: int,
    mode: Mode = "bulk",
    today: date | None = None,
) -> DemoSummary:
    """Fill an empty record with `orgs` demo organisations whose story ends on `today` (the
    clock's day unless given); the same seed and day, the same data (in either mode)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    recent = random.Random(-seed)  # noqa: S311 - the open work's dates, drawn apart from rng
    summary = DemoSummary()
    end = datetime.combine(today or clock.today(), time(9, 0))
    begin = end - HISTORY
    with _at(begin, -40):
        releases.register_release(SYSTEM, db, bundle)
    reviewers = _staff(db, summary, begin)
    writer = WRITERS[mode](db, bundle)
    for index in range(orgs):
        org = _organisation(writer, index, rng, summary, begin)
        first, second = rng.sample(reviewers, 2)
        start = begin + timedelta(days=rng.uniform(0, 90))
        previous, evidenced = None, frozenset[str]()
        if index % 2 == 0:  # a first cycle a year earlier, then a renewal
            cycle = Cycle(org, start, "decided", None, (first, second))
            previous, evidenced = run_cycle(writer, bundle, cycle, rng)
            start += timedelta(days=365 + rng.uniform(0, 200))
            summary.assessments += 1
        target = TARGETS[index % len(TARGETS)]
        if target != "decided":
            start = end - timedelta(days=recent.uniform(*RECENT))
        renewal = Cycle(org, start, target, previous, (second, first), evidenced)
        run_cycle(writer, bundle, renewal, rng)
        summary.assessments += 1
        summary.organisations += 1
        if summary.organisations % COMMIT_EVERY == 0:
            writer.commit()
    writer.finish()
    return summary
