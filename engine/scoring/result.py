"""The result of scoring one self-assessment: frozen, JSON-serialisable, fully explained."""

from __future__ import annotations

import datetime

from pydantic import BaseModel, ConfigDict

from engine.models.common import LocalizedText
from engine.models.policy import Outcome
from engine.rules.applicability import Reason
from engine.rules.trace import TraceNode
from engine.scoring.context import AnswerState
from engine.scoring.findings import Finding

MetricValue = float | int | None


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RequirementResult(_Frozen):
    requirement_id: str
    standard_id: str
    title: LocalizedText
    critical: bool
    applicable: bool
    reason: Reason
    answer: AnswerState
    rating: int | None
    na: bool
    score: float | None
    """rating / max rating when scored, None when not scored (not applicable or N/A)."""
    weight: float


class StandardResult(_Frozen):
    standard_id: str
    code: str
    version: str
    title: LocalizedText
    applicable: bool
    reason: Reason
    score: float | None
    progress: float | None
    applicable_requirements: int
    answered_requirements: int


class ImprovementAction(_Frozen):
    requirement_id: str
    text: str
    due: datetime.date


class BandCheck(_Frozen):
    """One decision band as it was tried: did its condition hold, and was it barred?"""

    position: int
    outcome: Outcome
    held: bool
    barred_because: str | None = None
    trace: TraceNode | None = None


class Decision(_Frozen):
    outcome: Outcome
    label: LocalizedText
    validity_months: int | None
    valid_until: datetime.date | None
    improvement_actions: tuple[ImprovementAction, ...]
    trace: tuple[BandCheck, ...]

    def why(self) -> str:
        """Which band held and why, as text."""
        lines: list[str] = []
        for check in self.trace:
            verdict = "holds" if check.held else "does not hold"
            if check.barred_because:
                verdict += f", but is barred: {check.barred_because}"
            lines.append(f"band {check.position} ({check.outcome}): {verdict}")
            if check.trace is not None:
                lines.extend("  " + line for line in check.trace.to_lines())
        return "\n".join(lines)


class AssessmentResult(_Frozen):
    engine_version: str
    release_version: str
    policy_version: str
    as_of: datetime.date
    requirements: tuple[RequirementResult, ...]
    standards: tuple[StandardResult, ...]
    overall_score: float | None
    coverage: float | None
    metrics: dict[str, MetricValue]
    findings: tuple[Finding, ...]
    decision: Decision

    def requirement(self, requirement_id: str) -> RequirementResult | None:
        return next((r for r in self.requirements if r.requirement_id == requirement_id), None)

    def standard(self, standard_id: str) -> StandardResult | None:
        return next((s for s in self.standards if s.standard_id == standard_id), None)
