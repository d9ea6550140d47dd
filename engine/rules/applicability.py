"""Which standards and requirements of a release apply to an organisation, and why.

A requirement applies when its standard applies (universal, or its applies_when holds) and it
applies itself (universal, or its applies_when holds). The applicable set is always derived.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict

from engine.models.bundle import ReleaseBundle
from engine.models.conditions import Condition
from engine.models.profile import OrganisationProfile
from engine.rules.evaluator import evaluate
from engine.rules.trace import TraceNode

ReasonKind = Literal[
    "universal", "context_matches", "context_does_not_match", "standard_does_not_apply"
]

_REASON_TEXT: dict[ReasonKind, str] = {
    "universal": "universal: applies to every member",
    "context_matches": "context-specific: the organisation's profile matches",
    "context_does_not_match": "context-specific: the organisation's profile does not match",
    "standard_does_not_apply": "its standard does not apply to this organisation",
}


class Reason(BaseModel):
    """Why something applies or not: a kind and, for a context-specific item, the trace."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ReasonKind
    trace: TraceNode | None = None

    def to_text(self) -> str:
        lines = [_REASON_TEXT[self.kind]]
        if self.trace is not None:
            lines.extend("  " + line for line in self.trace.to_lines())
        return "\n".join(lines)


class StandardApplicability(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    standard_id: str
    applies: bool
    reason: Reason


class RequirementApplicability(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    requirement_id: str
    standard_id: str
    applies: bool
    reason: Reason


class Applicability(BaseModel):
    """Every standard and requirement of a release, each with applies and the reason."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    standards: tuple[StandardApplicability, ...]
    requirements: tuple[RequirementApplicability, ...]

    def requirement(self, requirement_id: str) -> RequirementApplicability | None:
        return next((r for r in self.requirements if r.requirement_id == requirement_id), None)

    def standard(self, standard_id: str) -> StandardApplicability | None:
        return next((s for s in self.standards if s.standard_id == standard_id), None)

    def applicable_requirement_ids(self) -> tuple[str, ...]:
        return tuple(r.requirement_id for r in self.requirements if r.applies)


def profile_facts(profile: OrganisationProfile) -> dict[str, object]:
    """The organisation profile as the facts that applies_when conditions read."""
    return profile.model_dump(mode="python")


def _scoped(condition: Condition | None, facts: Mapping[str, object]) -> tuple[bool, Reason]:
    if condition is None:
        return True, Reason(kind="universal")
    result = evaluate(condition, facts)
    kind: ReasonKind = "context_matches" if result.value else "context_does_not_match"
    return result.value, Reason(kind=kind, trace=result.trace)


def applicability(bundle: ReleaseBundle, profile: OrganisationProfile) -> Applicability:
    """Every standard and requirement of the release, with whether it applies and why.

    Raises `engine.rules.EvaluationError` when a condition cannot be evaluated on the profile.
    """
    facts = profile_facts(profile)
    standards: list[StandardApplicability] = []
    requirements: list[RequirementApplicability] = []
    for standard in bundle.standards:
        standard_applies, standard_reason = _scoped(standard.applies_when, facts)
        standards.append(
            StandardApplicability(
                standard_id=standard.id, applies=standard_applies, reason=standard_reason
            )
        )
        for requirement in standard.requirements:
            applies, reason = _scoped(requirement.applies_when, facts)
            if not standard_applies:
                applies = False
                reason = Reason(kind="standard_does_not_apply", trace=standard_reason.trace)
            requirements.append(
                RequirementApplicability(
                    requirement_id=requirement.id,
                    standard_id=standard.id,
                    applies=applies,
                    reason=reason,
                )
            )
    return Applicability(standards=tuple(standards), requirements=tuple(requirements))
