"""A record with the fixture releases 2026.1, 2026.2 and 2027.1 and decided organisations.

The releases are the versioning fixtures (tests/versioning/fixtures/standards); the shipped
library keeps only what INDEX has published. Eight organisations: six in Europe, two in
Africa (a group too small to show).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from engine.models import OrganisationProfile, Policy, Release, ReleaseBundle, Response, Standard
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
from engine.service.principals import SYSTEM, Principal
from engine.storage import Database, open_database

LIBRARY = Path(__file__).parents[1] / "versioning" / "fixtures" / "standards"
RELEASES = ("2026.1", "2026.2", "2027.1")

ALL_THREE = (3, 3, 3, 3, 3)
ONE_TWO = (3, 2, 3, 3, 3)
"""Overall 0.94: accredited under policy 1.0.0 (0.8), not under a band of 0.95."""
ALL_ONE = (1, 1, 1, 1, 1)

ORGS: dict[str, tuple[str, tuple[int, ...]]] = {
    "eu-1": ("europe", ALL_THREE),
    "eu-2": ("europe", ONE_TWO),
    "eu-3": ("europe", ONE_TWO),
    "eu-4": ("europe", ALL_ONE),
    "eu-5": ("europe", ALL_THREE),
    "eu-6": ("europe", ONE_TWO),
    "af-1": ("africa", ONE_TWO),
    "af-2": ("africa", ALL_THREE),
}
"""Organisation id -> (region, ratings of SG-01, SG-02, SG-03, SC-01, SC-02 in 2026.1)."""


def _yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@cache
def policy(version: str) -> Policy:
    return Policy.model_validate(_yaml(LIBRARY / "policies" / f"{version}.yaml"))


@cache
def bundle(version: str) -> ReleaseBundle:
    release = Release.model_validate(_yaml(LIBRARY / "releases" / f"{version}.yaml"))
    standards = tuple(
        Standard.model_validate(_yaml(LIBRARY / s.id / f"{s.version}.yaml"))
        for s in release.standards
    )
    return ReleaseBundle(release, policy(release.policy.version), standards)


def with_window(version: str, start: str, until: str | None = None) -> ReleaseBundle:
    """A fixture release with another transition window."""
    original = bundle(version)
    release = original.release.model_copy(
        update={"effective_from": start, "effective_until": until}
    )
    return ReleaseBundle(release, original.policy, original.standards)


def stricter_policy(threshold: float = 0.95) -> Policy:
    """Policy 1.0.0 with the accredited band raised: a what-if candidate."""
    data = policy("1.0.0").model_dump(mode="json")
    data["version"] = "1.1.0"
    data["decision_bands"][0]["when"]["value"] = threshold
    return Policy.model_validate(data)


def profile(region: str) -> OrganisationProfile:
    return OrganisationProfile.model_validate(
        {
            "country": "DE" if region == "europe" else "KE",
            "region": region,
            "income_group": "high",
            "organisation_type": "civil_society",
            "settings": ["community", "online"],
            "works_with_minors": True,
        }
    )


@dataclass
class World:
    db: Database
    admin: Principal
    board: Principal
    reviewer: Principal
    decider: Principal
    members: dict[str, Principal] = field(default_factory=dict)

    def answer(self, org_id: str, assessment_id: str, answers: dict[str, Response]) -> int:
        member = self.members[org_id]
        current = assessments.get_assessment(member, self.db, assessment_id)
        saved = assessments.save_responses(
            member, self.db, assessment_id, answers, current.row_version
        )
        return saved.row_version

    def attach_evidence(self, org_id: str, assessment_id: str, requirement_ids: list[str]) -> None:
        """A link as evidence for each requirement, so that any rating may be submitted."""
        for rid in requirement_ids:
            url = f"https://example.org/{org_id}/{rid}.pdf"
            evidence.add_link(
                self.members[org_id], self.db, assessment_id, rid, title="Procedure", url=url
            )

    def decided(self, org_id: str, ratings: tuple[int, ...], release: str = "2026.1") -> str:
        member = self.members[org_id]
        draft = assessments.start_assessment(member, self.db, org_id, release)
        ids = releases.release_bundle(self.db, release).requirement_ids()
        answers = {rid: Response(rating=r) for rid, r in zip(ids, ratings, strict=False)}
        self.answer(org_id, draft.id, answers)
        self.attach_evidence(org_id, draft.id, list(answers))
        assessments.submit_assessment(member, self.db, draft.id, self.version(draft.id))
        reviews.assign_reviewer(self.admin, self.db, draft.id, self.reviewer.user_id)
        deciders.assign_decider(self.admin, self.db, draft.id, self.decider.user_id)
        reviews.start_review(self.reviewer, self.db, draft.id, self.version(draft.id))
        first = next(iter(answers))
        reviews.record_verdict(
            self.reviewer,
            self.db,
            draft.id,
            first,
            "agree",
            expected_version=self.version(draft.id),
        )
        decisions.decide(self.decider, self.db, draft.id, self.version(draft.id))
        return draft.id

    def version(self, assessment_id: str) -> int:
        return assessments.get_assessment(self.admin, self.db, assessment_id).row_version


def make_world(
    path: Path,
    orgs: dict[str, tuple[str, tuple[int, ...]]] | None = None,
    bundles: tuple[ReleaseBundle, ...] | None = None,
) -> World:
    db = open_database(str(path))
    for registered in bundles or tuple(bundle(v) for v in RELEASES):
        releases.register_release(SYSTEM, db, registered)
    staff = {"admin": "admin", "board": "board", "reviewer": "reviewer", "decider": "reviewer"}
    made = {
        name: users.create_user(SYSTEM, db, name, display_name=name, role=role).principal  # type: ignore[arg-type]
        for name, role in staff.items()
    }
    world = World(db, **made)
    for org_id, (region, _) in (orgs or ORGS).items():
        organisations.create_organisation(SYSTEM, db, org_id, org_id.upper(), profile(region))
        world.members[org_id] = users.create_user(
            SYSTEM, db, f"{org_id}-member", display_name=org_id, role="org_member", org_id=org_id
        ).principal
    return world


def decided_world(path: Path) -> World:
    """Every organisation of ORGS with a decided self-assessment on release 2026.1."""
    world = make_world(path)
    for org_id, (_, ratings) in ORGS.items():
        world.decided(org_id, ratings)
    return world
