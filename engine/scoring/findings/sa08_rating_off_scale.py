"""SA08: a rating that is not a level of the policy's rating scale."""

from __future__ import annotations

from collections.abc import Iterator

from engine.scoring import figures
from engine.scoring.context import ScoringContext
from engine.scoring.findings.base import FindingRule, Hit, at


def _check(context: ScoringContext) -> Iterator[Hit]:
    levels = sorted(figures.scale_values(context.policy))
    for facts in context.applicable():
        given = facts.given_rating
        if given is not None and given not in levels:
            yield at(facts, "rating", rating=given, levels=[str(v) for v in levels])


RULE = FindingRule(
    code="SA08",
    name="rating-off-scale",
    severity="error",
    template=(
        "{requirement_id} ({title}) is rated {rating}, which is not on the scale {levels}; "
        "it is scored as unanswered."
    ),
    check=_check,
)
