"""The one definition of each figure (CONTRIBUTING.md, "Shared definitions").

Everything that shows a score (CLI, dashboard, reports) gets it from here; the SQL back-end
(`engine.scoring.sql_scoring`) writes the same formulas as SQL and a property test proves that
both agree. Weighted means are computed as sum(weight x rating) / (sum(weight) x max rating), in
that order, so that the two back-ends round identically.
"""

from __future__ import annotations

from collections.abc import Iterable

from engine.models.assessment import Response
from engine.models.policy import Policy
from engine.models.standard import Requirement

REASON_WHITESPACE = " \t\n\r\f"
"""Characters stripped from both ends of an N/A reason before its length is measured."""


def max_rating(policy: Policy) -> int:
    """The top of the rating scale: a requirement rated this scores 1."""
    return max(level.value for level in policy.rating_scale.levels)


def scale_values(policy: Policy) -> frozenset[int]:
    return frozenset(level.value for level in policy.rating_scale.levels)


def weight(requirement: Requirement, policy: Policy) -> float:
    """policy.weights.critical for a critical requirement, policy.weights.default otherwise."""
    return policy.weights.critical if requirement.critical else policy.weights.default


def requirement_score(rating: int | None, top: int) -> float:
    """rating / max rating (0..1); an unanswered scored requirement scores 0."""
    return 0.0 if rating is None else rating / top


def weighted_score(items: Iterable[tuple[float, int | None]], top: int) -> float | None:
    """Weighted mean of requirement scores; None when there is nothing to score."""
    pairs = list(items)
    total_weight = sum(w for w, _ in pairs)
    if not pairs:
        return None
    return sum(w * (r or 0) for w, r in pairs) / (total_weight * top)


def fraction(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, None when the denominator is 0 (nothing to count)."""
    return None if denominator == 0 else numerator / denominator


def na_permitted(requirement: Requirement, policy: Policy) -> bool:
    """Whether the policy lets an organisation answer this requirement 'not applicable'."""
    rule = policy.not_applicable
    if rule.only_where_marked and not requirement.na_allowed:
        return False
    return not (
        rule.forbidden_on_critical_universal
        and requirement.critical
        and requirement.scope == "universal"
    )


def na_reason_length(response: Response) -> int:
    """Length of the N/A reason without surrounding white space (0 when there is none)."""
    return len((response.na_reason or "").strip(REASON_WHITESPACE))


def na_reason_ok(response: Response, policy: Policy) -> bool:
    rule = policy.not_applicable
    return not rule.reason_required or na_reason_length(response) >= max(rule.min_reason_length, 1)


def evidence_needed(rating: int, policy: Policy) -> int:
    """How many evidence references a rating needs: the most any evidence rule asks for."""
    return max((r.min_references for r in policy.evidence if rating >= r.min_rating), default=0)
