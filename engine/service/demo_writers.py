"""How demo data is written: one protocol, two writers.

`ServiceWriter` makes every change through the service calls, each in its own transaction; it
is the definition of what the demo record contains. `BulkWriter` (engine.service.demo_bulk)
builds the same rows and audit entries in memory and appends them in one transaction; a test
proves that both give the same record.
"""

from __future__ import annotations

from typing import Protocol

from engine.models.assessment import Response
from engine.models.profile import OrganisationProfile
from engine.service import assessments, deciders, evidence, organisations, reviews, users
from engine.service.decisions import decide
from engine.service.demo_aftercare import aftercare
from engine.service.principals import SYSTEM, Principal, Role
from engine.service.renewal import renew_assessment
from engine.storage import Database


class DemoWriter(Protocol):
    """The steps of the demo story; each one at the service clock's current time."""

    def organisation(self, org_id: str, name: str, profile: OrganisationProfile) -> None: ...

    def account(
        self, user_id: str, name: str, role: Role, org_id: str | None, password_hash: str | None
    ) -> Principal: ...

    def start(self, member: Principal, previous: str | None, release: str) -> str: ...

    def save(self, member: Principal, assessment_id: str, answers: dict[str, Response]) -> None: ...

    def add_link(
        self, member: Principal, assessment_id: str, requirement_id: str, title: str, url: str
    ) -> None: ...

    def add_file(
        self,
        member: Principal,
        assessment_id: str,
        requirement_id: str,
        title: str,
        filename: str,
        content: bytes,
    ) -> None: ...

    def submit(self, admin: Principal, assessment_id: str) -> None: ...

    def assign(self, assessment_id: str, reviewer: Principal) -> None: ...

    def assign_decider(self, assessment_id: str, decider: Principal) -> None: ...

    def start_review(self, reviewer: Principal, assessment_id: str) -> None: ...

    def verdict(
        self,
        reviewer: Principal,
        assessment_id: str,
        requirement_id: str,
        adjusted: tuple[int, str] | None,
    ) -> None:
        """Agree (adjusted None) or adjust to (rating, reason)."""

    def request_changes(self, reviewer: Principal, assessment_id: str, reason: str) -> None: ...

    def decide(self, decider: Principal, assessment_id: str) -> None: ...

    def commit(self) -> None:
        """Between organisations: write what has been made so far, if not yet written."""

    def finish(self) -> None:
        """Suspend and withdraw some certificates, complete some actions; write what is left."""


class ServiceWriter:
    """Every step a service call in its own transaction, with its checks."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.versions: dict[str, int] = {}

    def organisation(self, org_id: str, name: str, profile: OrganisationProfile) -> None:
        organisations.create_organisation(SYSTEM, self.db, org_id, name, profile)

    def account(
        self, user_id: str, name: str, role: Role, org_id: str | None, password_hash: str | None
    ) -> Principal:
        made = users.create_user(
            SYSTEM,
            self.db,
            user_id,
            display_name=name,
            role=role,
            org_id=org_id,
            password_hash=password_hash,
        )
        return made.principal

    def start(self, member: Principal, previous: str | None, release: str) -> str:
        if previous:
            draft = renew_assessment(member, self.db, previous, release)
        else:
            assert member.org_id is not None
            draft = assessments.start_assessment(member, self.db, member.org_id, release)
        self.versions[draft.id] = draft.row_version
        return draft.id

    def save(self, member: Principal, assessment_id: str, answers: dict[str, Response]) -> None:
        version = self.versions[assessment_id]
        saved = assessments.save_responses(member, self.db, assessment_id, answers, version)
        self.versions[assessment_id] = saved.row_version

    def add_link(
        self, member: Principal, assessment_id: str, requirement_id: str, title: str, url: str
    ) -> None:
        evidence.add_link(member, self.db, assessment_id, requirement_id, title=title, url=url)

    def add_file(
        self,
        member: Principal,
        assessment_id: str,
        requirement_id: str,
        title: str,
        filename: str,
        content: bytes,
    ) -> None:
        evidence.add_file(
            member, self.db, assessment_id, requirement_id,
            title=title, filename=filename, content=content,
        )  # fmt: skip

    def submit(self, admin: Principal, assessment_id: str) -> None:
        version = self.versions[assessment_id]
        done = assessments.submit_assessment(admin, self.db, assessment_id, version)
        self.versions[assessment_id] = done.row_version

    def assign(self, assessment_id: str, reviewer: Principal) -> None:
        reviews.assign_reviewer(SYSTEM, self.db, assessment_id, reviewer.user_id)

    def assign_decider(self, assessment_id: str, decider: Principal) -> None:
        deciders.assign_decider(SYSTEM, self.db, assessment_id, decider.user_id)

    def start_review(self, reviewer: Principal, assessment_id: str) -> None:
        reviews.start_review(reviewer, self.db, assessment_id, self._next(assessment_id))

    def verdict(
        self,
        reviewer: Principal,
        assessment_id: str,
        requirement_id: str,
        adjusted: tuple[int, str] | None,
    ) -> None:
        rating, reason = adjusted if adjusted else (None, None)
        reviews.record_verdict(
            reviewer,
            self.db,
            assessment_id,
            requirement_id,
            "adjust" if adjusted else "agree",
            expected_version=self._next(assessment_id),
            adjusted_rating=rating,
            reason=reason,
        )

    def request_changes(self, reviewer: Principal, assessment_id: str, reason: str) -> None:
        version = self._next(assessment_id)
        reviews.request_changes(reviewer, self.db, assessment_id, version, reason)

    def decide(self, decider: Principal, assessment_id: str) -> None:
        decide(decider, self.db, assessment_id, self._next(assessment_id))

    def commit(self) -> None:
        """Every service call has committed already."""

    def finish(self) -> None:
        aftercare(self.db)

    def _next(self, assessment_id: str) -> int:
        """The row version now; the step about to run makes it one more."""
        version = self.versions[assessment_id]
        self.versions[assessment_id] = version + 1
        return version
