"""SA01: an applicable critical requirement is rated below the policy's critical threshold."""

from __future__ import annotations

from collections.abc import Iterator

from engine.scoring.context import ScoringContext
from engine.scoring.findings.base import FindingRule, Hit, at


def _check(context: ScoringContext) -> Iterator[Hit]:
    threshold = context.policy.critical_threshold
    for facts in context.scored():
        if facts.requirement.critical and (facts.rating is None or facts.rating < threshold):
            shown = "unanswered" if facts.rating is None else f"rated {facts.rating}"
            yield at(facts, "rating", rating=facts.rating, shown=shown, threshold=threshold)


RULE = FindingRule(
    code="SA01",
    name="critical-below-threshold",
    severity="error",
    template=(
        "Critical requirement {requirement_id} ({title}) is {shown}; "
        "every critical requirement must reach at least {threshold}."
    ),
    check=_check,
)
