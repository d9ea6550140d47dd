"""The demo record in memory while the bulk writer builds it: look-ups by key and the steps
that change a self-assessment's state, as the service makes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.models.assessment import EvidenceReference, Response
from engine.models.bundle import ReleaseBundle
from engine.models.profile import OrganisationProfile
from engine.service import clock
from engine.service.assessments import evidence_reference
from engine.service.demo_sink import Sink
from engine.service.errors import IllegalTransition
from engine.service.lifecycle import assessment_step
from engine.service.principals import Principal
from engine.service.reviews import Verdict
from engine.storage import records


@dataclass
class MemoryRecord:
    sink: Sink
    bundle: ReleaseBundle
    profiles: dict[str, OrganisationProfile] = field(default_factory=dict)

    def assessment(self, assessment_id: str) -> records.Row:
        return self.sink.tables["assessments"][(assessment_id,)]

    def responses(self, assessment_id: str) -> list[records.Row]:
        """The answers of a self-assessment, looked up by the release's requirement ids."""
        stored = self.sink.tables.get("responses", {})
        found = (stored.get((assessment_id, rid)) for rid in self.bundle.requirement_ids())
        return [row for row in found if row is not None]

    def evidence(self, assessment_id: str) -> list[records.Row]:
        """Evidence ids are numbered from e001 without gaps, so they are looked up in turn."""
        stored = self.sink.tables.get("evidence", {})
        found: list[records.Row] = []
        while (row := stored.get((f"{assessment_id}-e{len(found) + 1:03d}",))) is not None:
            found.append(row)
        return found

    def add_evidence(self, row: records.Row) -> None:
        self.sink.insert("evidence", row)

    def update(self, assessment_id: str, changes: records.Row) -> None:
        """A change with optimistic locking: the row version goes up by one."""
        row = self.assessment(assessment_id)
        row.update(changes, row_version=row["row_version"] + 1)

    def step(
        self, principal: Principal, assessment_id: str, step: str, payload: dict[str, Any]
    ) -> None:
        """A review step of the lifecycle (as engine.service.reviews does it)."""
        row = self.assessment(assessment_id)
        state = assessment_step(row["state"], step)
        self.update(assessment_id, {"state": state, "updated_at": clock.now()})
        subject = ("assessment", assessment_id, row["org_id"])
        self.sink.log(principal, f"review.{step}", subject, payload)

    def verdict(
        self,
        reviewer: Principal,
        assessment_id: str,
        requirement_id: str,
        adjusted: tuple[int, str] | None,
    ) -> None:
        row = self.assessment(assessment_id)
        if row["state"] != "in_review":
            raise IllegalTransition(
                "verdicts are recorded while the review is in progress", assessment_id
            )
        rating, reason = adjusted if adjusted else (None, None)
        verdict = "adjust" if adjusted else "agree"
        self.update(assessment_id, {"updated_at": clock.now()})
        self.sink.delete("review_verdicts", (assessment_id, requirement_id))
        self.sink.insert(
            "review_verdicts",
            {
                "assessment_id": assessment_id,
                "requirement_id": requirement_id,
                "reviewer_id": reviewer.user_id,
                "verdict": verdict,
                "adjusted_rating": rating,
                "reason": reason,
                "recorded_at": clock.now(),
            },
        )
        payload = {
            "requirement": requirement_id,
            "verdict": verdict,
            "rating": rating,
            "reason": reason,
        }
        subject = ("assessment", assessment_id, row["org_id"])
        self.sink.log(reviewer, "review.verdict", subject, payload)

    def verdicts(self, assessment_id: str) -> list[Verdict]:
        """Ordered by requirement, as engine.service.reviews.load_verdicts gives them."""
        stored = self.sink.tables.get("review_verdicts", {})
        found = (stored.get((assessment_id, rid)) for rid in self.bundle.requirement_ids())
        rows = sorted((r for r in found if r is not None), key=lambda r: r["requirement_id"])
        return [
            Verdict(
                r["requirement_id"],
                r["reviewer_id"],
                r["verdict"],
                r["adjusted_rating"],
                r["reason"],
            )
            for r in rows
        ]

    def loaded_responses(self, assessment_id: str) -> dict[str, Response]:
        """The answers with their evidence, as engine.service.assessments loads them."""
        evidence: dict[str, list[EvidenceReference]] = {}
        for row in self.evidence(assessment_id):
            evidence.setdefault(row["requirement_id"], []).append(evidence_reference(row))
        return {
            row["requirement_id"]: Response(
                rating=row["rating"],
                not_applicable=bool(row["not_applicable"]),
                na_reason=row["na_reason"],
                comment=row["comment"],
                needs_reconfirmation=bool(row["needs_reconfirmation"]),
                evidence=evidence.get(row["requirement_id"], []),
            )
            for row in self.responses(assessment_id)
        }
