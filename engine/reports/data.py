"""What the renderers need, gathered by the service: plain frozen data, no database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from engine.scoring.result import AssessmentResult


@dataclass(frozen=True)
class ActionFacts:
    """An improvement action that the decision came with."""

    requirement_id: str | None
    text: str
    due: datetime.date | None


@dataclass(frozen=True)
class DecisionFacts:
    """The human judgement on top of the engine's result, with what it recorded: the
    certificate (its number, status and expiry) and the improvement actions."""

    machine_outcome: str
    outcome: str
    rationale: str | None
    decided_by: str
    decided_on: datetime.date | None
    certificate_number: str | None
    certificate_status: str | None
    valid_until: datetime.date | None
    actions: tuple[ActionFacts, ...]


@dataclass(frozen=True)
class ReportData:
    """One self-assessment as shown in its report."""

    org_id: str
    org_name: str
    assessment_id: str
    state: str
    """The self-assessment's state: until it is "decided", the result is provisional."""
    result: AssessmentResult
    decision: DecisionFacts | None


@dataclass(frozen=True)
class ScopeEntry:
    standard_id: str
    code: str
    version: str
    title: str
    """In English; `titles` holds every language the release gives."""
    titles: tuple[tuple[str, str], ...] = ()

    def title_in(self, language: str) -> str:
        """The title in `language`, English where the release has no such translation."""
        return dict(self.titles).get(language) or self.title


@dataclass(frozen=True)
class CertificateFacts:
    """Everything printed on a certificate; the verification code is computed from it."""

    number: str
    org_id: str
    org_name: str
    outcome: str
    release_version: str
    scope: tuple[ScopeEntry, ...]
    issued_on: datetime.date
    expires_on: datetime.date

    def scope_key(self) -> str:
        """The release and the standards with their versions, in a stable order."""
        standards = ",".join(sorted(f"{s.standard_id}@{s.version}" for s in self.scope))
        return f"{self.release_version}:{standards}"


@dataclass(frozen=True)
class ReviewerVerdict:
    """A reviewer's verdict on one answer (agree, or adjust with a rating and a reason)."""

    requirement_id: str
    reviewer_id: str
    verdict: str
    adjusted_rating: int | None
    reason: str | None
