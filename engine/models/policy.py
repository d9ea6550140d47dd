"""The accreditation policy: scale, N/A and evidence rules, weights, decision bands. Data only."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from engine.models.common import LocalizedText, SemanticVersion, StrictModel
from engine.models.conditions import Condition

Outcome = Literal["accredited", "conditionally_accredited", "not_accredited"]


class RatingLevel(StrictModel):
    value: int = Field(ge=0, le=10)
    label: LocalizedText
    descriptor: LocalizedText


class RatingScale(StrictModel):
    levels: list[RatingLevel] = Field(min_length=2)
    implemented_at: int = Field(description='Lowest rating that counts as "implemented"')
    partly_at: int = Field(description='Lowest rating that counts as "partly implemented"')


class NotApplicableRule(StrictModel):
    only_where_marked: bool = Field(
        default=True, description="N/A only on requirements with na_allowed: true"
    )
    reason_required: bool = True
    min_reason_length: int = Field(default=20, ge=0)
    forbidden_on_critical_universal: bool = True


class EvidenceRule(StrictModel):
    min_rating: int = Field(description="From this rating upwards ...")
    min_references: int = Field(ge=1, description="... at least this many evidence references")


class Weights(StrictModel):
    default: float = Field(default=1.0, gt=0)
    critical: float = Field(default=2.0, gt=0)


class DecisionBand(StrictModel):
    """An outcome and when it is reached. Bands are tried in order; the first that holds wins."""

    outcome: Outcome
    label: LocalizedText
    when: Condition | None = Field(
        default=None, description="Over assessment metrics; absent on the last band (otherwise)"
    )
    validity_months: int | None = Field(default=None, ge=1, le=120)
    improvement_plan_due_days: int | None = Field(default=None, ge=1, le=730)


class Review(StrictModel):
    independent_decision: bool = Field(
        default=True,
        description="The decision is taken by someone other than the reviewer (ISO/IEC 17065)",
    )


class Policy(StrictModel):
    kind: Literal["policy"]
    schema_version: Literal[1]
    version: SemanticVersion
    title: LocalizedText
    rating_scale: RatingScale
    not_applicable: NotApplicableRule
    evidence: list[EvidenceRule] = Field(default_factory=list)
    weights: Weights
    critical_threshold: int = Field(
        description="Rating that every applicable critical requirement must reach"
    )
    decision_bands: list[DecisionBand] = Field(min_length=1)
    review: Review = Field(default_factory=Review)
