"""The facts of one self-assessment, per requirement, computed once and read by every rule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from engine.models.assessment import Response
from engine.models.bundle import ReleaseBundle
from engine.models.policy import Policy
from engine.models.standard import Requirement, Standard
from engine.rules.applicability import Applicability, Reason
from engine.scoring import figures

AnswerState = Literal["rated", "not_applicable", "unanswered"]


@dataclass(frozen=True)
class RequirementFacts:
    """One requirement of the release, whether it applies, and the answer given to it.

    `rating` is the rating that counts: the given rating if it is on the policy's scale.
    `accepted_na`: marked N/A, N/A permitted here, and the reason long enough (not scored).
    """

    standard: Standard
    requirement: Requirement
    applies: bool
    reason: Reason
    response: Response | None
    weight: float
    rating: int | None
    accepted_na: bool

    @property
    def id(self) -> str:
        return self.requirement.id

    @property
    def marked_na(self) -> bool:
        return self.response is not None and self.response.not_applicable

    @property
    def given_rating(self) -> int | None:
        return None if self.response is None else self.response.rating

    @property
    def state(self) -> AnswerState:
        if self.accepted_na:
            return "not_applicable"
        return "rated" if self.rating is not None else "unanswered"

    @property
    def scored(self) -> bool:
        """Applicable and not (permitted) N/A."""
        return self.applies and not self.accepted_na

    @property
    def answered(self) -> bool:
        return self.accepted_na or self.rating is not None


def requirement_facts(
    standard: Standard,
    requirement: Requirement,
    applies: tuple[bool, Reason],
    response: Response | None,
    policy: Policy,
    scale: frozenset[int],
) -> RequirementFacts:
    given = None if response is None else response.rating
    accepted_na = (
        response is not None
        and response.not_applicable
        and figures.na_permitted(requirement, policy)
        and figures.na_reason_ok(response, policy)
    )
    return RequirementFacts(
        standard=standard,
        requirement=requirement,
        applies=applies[0],
        reason=applies[1],
        response=response,
        weight=figures.weight(requirement, policy),
        rating=given if given in scale else None,
        accepted_na=accepted_na,
    )


@dataclass(frozen=True)
class ScoringContext:
    bundle: ReleaseBundle
    requirements: tuple[RequirementFacts, ...]
    unknown_responses: tuple[tuple[str, Response], ...]
    top: int
    _applicable: tuple[RequirementFacts, ...] = field(init=False, repr=False)
    _scored: tuple[RequirementFacts, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_applicable", tuple(r for r in self.requirements if r.applies))
        object.__setattr__(self, "_scored", tuple(r for r in self.requirements if r.scored))

    @property
    def policy(self) -> Policy:
        return self.bundle.policy

    def applicable(self) -> tuple[RequirementFacts, ...]:
        return self._applicable

    def scored(self) -> tuple[RequirementFacts, ...]:
        return self._scored


def build_context(
    bundle: ReleaseBundle, applies: Applicability, responses: Mapping[str, Response]
) -> ScoringContext:
    entries = {e.requirement_id: (e.applies, e.reason) for e in applies.requirements}
    policy = bundle.policy
    scale = figures.scale_values(policy)
    facts = tuple(
        requirement_facts(
            standard,
            requirement,
            entries[requirement.id],
            responses.get(requirement.id),
            policy,
            scale,
        )
        for standard in bundle.standards
        for requirement in standard.requirements
    )
    unknown = tuple(
        (rid, response)
        for rid, response in sorted(responses.items())
        if bundle.requirement(rid) is None
    )
    return ScoringContext(
        bundle=bundle, requirements=facts, unknown_responses=unknown, top=figures.max_rating(policy)
    )
