"""SA05: an applicable requirement with no answer (neither a rating nor 'not applicable')."""

from __future__ import annotations

from collections.abc import Iterator

from engine.scoring.context import ScoringContext
from engine.scoring.findings.base import FindingRule, Hit, at


def _check(context: ScoringContext) -> Iterator[Hit]:
    for facts in context.applicable():
        response = facts.response
        if response is None or (response.rating is None and not response.not_applicable):
            yield at(facts, "rating", answered=False)


RULE = FindingRule(
    code="SA05",
    name="unanswered",
    severity="warning",
    template="{requirement_id} ({title}) applies to your organisation but has no answer.",
    check=_check,
)
