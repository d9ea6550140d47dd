"""The bulk demo writer: the rows and audit entries that the service calls would make, made in
memory and appended by Arrow in one transaction per batch of organisations
(engine.service.demo_sink).

Each step mirrors one service call (its rows, row versions, ids and audit payload) and checks
the same lifecycle transitions; tests/service/test_demo_bulk.py proves that the record, audit
chain included, equals the one `ServiceWriter` makes. Access checks are not repeated: the demo
is written by the system account, as `accredit db init` writes the first accounts.
"""

from __future__ import annotations

from typing import Any

from engine.models.assessment import Response
from engine.models.bundle import ReleaseBundle
from engine.models.profile import OrganisationProfile
from engine.service import clock, demo_decide, evidence, releases
from engine.service.demo_memory import MemoryRecord
from engine.service.demo_sink import Sink, flush
from engine.service.errors import IllegalTransition, InvalidInput
from engine.service.lifecycle import assessment_step, require_editable
from engine.service.principals import SYSTEM, Principal, Role
from engine.storage import Database, evidence_store

CHANGED_LATER = frozenset({"certificates", "improvement_actions"})


class BulkWriter:
    """A `DemoWriter` that writes only at `commit()` and `finish()`."""

    def __init__(self, db: Database, bundle: ReleaseBundle) -> None:
        self.db = db
        self.sink = Sink()
        self.bundle = releases.release_bundle(db, bundle.version)
        self.memory = MemoryRecord(self.sink, self.bundle)
        self.started: dict[str, int] = {}
        """Self-assessments started per organisation (for their ids)."""

    def organisation(self, org_id: str, name: str, profile: OrganisationProfile) -> None:
        moment = clock.now()
        self.sink.insert(
            "organisations", {"id": org_id, "name": name, "created_at": moment, "row_version": 1}
        )
        self.sink.insert(
            "organisation_profiles",
            {
                "org_id": org_id,
                "version": 1,
                "profile_json": profile.model_dump_json(),
                "country": profile.country,
                "region": profile.region,
                "income_group": profile.income_group,
                "organisation_type": profile.organisation_type,
                "size": profile.size,
                "created_at": moment,
                "created_by": SYSTEM.user_id,
            },
        )
        self.memory.profiles[org_id] = profile
        self.sink.log(SYSTEM, "organisation.create", ("organisation", org_id, org_id))

    def account(
        self, user_id: str, name: str, role: Role, org_id: str | None, password_hash: str | None
    ) -> Principal:
        made = Principal(user_id, role, org_id)
        self.sink.insert(
            "users",
            {
                "id": user_id,
                "display_name": name,
                "role": role,
                "org_id": org_id,
                "password_hash": password_hash,
                "active": True,
                "oidc_issuer": None,
                "oidc_subject": None,
                "created_at": clock.now(),
                "row_version": 1,
            },
        )
        self.sink.log(SYSTEM, "user.create", ("user", user_id, org_id), {"role": role})
        return made

    def start(self, member: Principal, previous: str | None, release: str) -> str:
        if previous and self.memory.assessment(previous)["state"] != "decided":
            raise IllegalTransition("only a decided self-assessment can be renewed", previous)
        org_id = str(member.org_id)
        number = self.started[org_id] = self.started.get(org_id, 0) + 1
        assessment_id = f"{org_id}-{number:03d}"
        moment = clock.now()
        self.sink.insert(
            "assessments",
            {
                "id": assessment_id,
                "org_id": org_id,
                "release_version": release,
                "profile_version": 1,
                "state": "draft",
                "previous_assessment_id": previous,
                "created_at": moment,
                "created_by": member.user_id,
                "updated_at": moment,
                "submitted_at": None,
                "decided_at": None,
                "row_version": 1,
            },
        )
        payload = {"release": release, "previous": previous}
        subject = ("assessment", assessment_id, org_id)
        self.sink.log(member, "assessment.start", subject, payload)
        if previous:
            self._carry(member, previous, assessment_id)
        return assessment_id

    def _carry(self, member: Principal, source: str, target: str) -> None:
        """Renewal: answers and evidence copied, every answer to be confirmed again."""
        moment = clock.now()
        wanted = set(self.bundle.requirement_ids())
        carried = []
        for row in self.memory.responses(source):
            if row["requirement_id"] in wanted:
                copy = {**row, "assessment_id": target, "needs_reconfirmation": True}
                self.sink.insert("responses", {**copy, "updated_at": moment, "row_version": 1})
                carried.append(row["requirement_id"])
        for number, row in enumerate(self.memory.evidence(source), 1):
            if row["requirement_id"] in wanted:
                copy = {**row, "id": f"{target}-e{number:03d}", "assessment_id": target}
                self.memory.add_evidence(copy)
        # the demo renews within its one release: nothing is archived, nothing is new
        payload = {"from": source, "carried": sorted(carried), "archived": [], "new": []}
        subject = ("assessment", target, member.org_id)
        self.sink.log(member, "assessment.renew", subject, payload)

    def save(self, member: Principal, assessment_id: str, answers: dict[str, Response]) -> None:
        row = self.memory.assessment(assessment_id)
        require_editable(row["state"])
        self.memory.update(assessment_id, {"updated_at": clock.now()})
        for rid, response in answers.items():
            self.sink.delete("responses", (assessment_id, rid))
            self.sink.insert(
                "responses",
                {
                    "assessment_id": assessment_id,
                    "requirement_id": rid,
                    "rating": response.rating,
                    "not_applicable": response.not_applicable,
                    "na_reason": response.na_reason,
                    "comment": response.comment,
                    "needs_reconfirmation": False,
                    "updated_at": clock.now(),
                    "updated_by": member.user_id,
                    "row_version": 1,
                },
            )
        payload = {k: v.model_dump(mode="json", exclude={"evidence"}) for k, v in answers.items()}
        subject = ("assessment", assessment_id, row["org_id"])
        self.sink.log(member, "assessment.save", subject, payload)

    def add_link(
        self, member: Principal, assessment_id: str, requirement_id: str, title: str, url: str
    ) -> None:
        values = {"kind": "link", "title": title, "url": url}
        self._add_evidence(member, assessment_id, requirement_id, values)

    def add_file(
        self,
        member: Principal,
        assessment_id: str,
        requirement_id: str,
        title: str,
        filename: str,
        content: bytes,
    ) -> None:
        values = {
            "kind": "file",
            "title": title,
            "filename": filename,
            "sha256": evidence_store.put(self.db.evidence_root, content),
            "size_bytes": len(content),
            "media_type": evidence.check_file(filename, content),
        }
        self._add_evidence(member, assessment_id, requirement_id, values)

    def _add_evidence(
        self, member: Principal, assessment_id: str, requirement_id: str, values: dict[str, Any]
    ) -> None:
        """As `evidence._add` does (a file is in the store already)."""
        row = self.memory.assessment(assessment_id)
        require_editable(row["state"])
        evidence_id = f"{assessment_id}-e{len(self.memory.evidence(assessment_id)) + 1:03d}"
        self.memory.add_evidence(
            {
                "id": evidence_id,
                "assessment_id": assessment_id,
                "requirement_id": requirement_id,
                **dict.fromkeys(("filename", "sha256", "size_bytes", "media_type", "url")),
                **values,
                "added_at": clock.now(),
                "added_by": member.user_id,
            }
        )
        payload = {k: v for k, v in values.items() if k != "size_bytes"}
        subject = ("evidence", evidence_id, row["org_id"])
        self.sink.log(member, "evidence.add", subject, {**payload, "requirement": requirement_id})

    def submit(self, admin: Principal, assessment_id: str) -> None:
        row = self.memory.assessment(assessment_id)
        state = assessment_step(row["state"], "submit")
        if any(r["needs_reconfirmation"] for r in self.memory.responses(assessment_id)):
            raise InvalidInput("confirm or change the carried-over answers first", "responses")
        moment = clock.now()
        changes = {"state": state, "submitted_at": moment, "updated_at": moment}
        self.memory.update(assessment_id, changes)
        subject = ("assessment", assessment_id, row["org_id"])
        self.sink.log(admin, "assessment.submit", subject)

    def assign(self, assessment_id: str, reviewer: Principal) -> None:
        org_id = self.memory.assessment(assessment_id)["org_id"]
        self.sink.insert(
            "review_assignments",
            {
                "assessment_id": assessment_id,
                "reviewer_id": reviewer.user_id,
                "assigned_at": clock.now(),
                "assigned_by": SYSTEM.user_id,
            },
        )
        subject = ("assessment", assessment_id, org_id)
        self.sink.log(SYSTEM, "review.assign", subject, {"reviewer": reviewer.user_id})

    def assign_decider(self, assessment_id: str, decider: Principal) -> None:
        """As engine.service.deciders.assign_decider, for a self-assessment without one."""
        org_id = self.memory.assessment(assessment_id)["org_id"]
        self.sink.insert(
            "decider_assignments",
            {
                "assessment_id": assessment_id,
                "decider_id": decider.user_id,
                "assigned_at": clock.now(),
                "assigned_by": SYSTEM.user_id,
            },
        )
        payload = {"decider": decider.user_id, "replaces": None}
        self.sink.log(SYSTEM, "decision.assign", ("assessment", assessment_id, org_id), payload)

    def start_review(self, reviewer: Principal, assessment_id: str) -> None:
        self.memory.step(reviewer, assessment_id, "start_review", {})

    def verdict(
        self,
        reviewer: Principal,
        assessment_id: str,
        requirement_id: str,
        adjusted: tuple[int, str] | None,
    ) -> None:
        self.memory.verdict(reviewer, assessment_id, requirement_id, adjusted)

    def request_changes(self, reviewer: Principal, assessment_id: str, reason: str) -> None:
        self.memory.step(reviewer, assessment_id, "request_changes", {"reason": reason})

    def decide(self, decider: Principal, assessment_id: str) -> None:
        demo_decide.decide(self.memory, decider, assessment_id)

    def commit(self) -> None:
        """Write the organisations made so far (certificates and actions stay in memory until
        the aftercare has changed them)."""
        flush(self.db, self.sink, keep=CHANGED_LATER)

    def finish(self) -> None:
        demo_decide.aftercare(self.memory)
        flush(self.db, self.sink)
