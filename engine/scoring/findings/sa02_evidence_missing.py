"""SA02: a rating without the evidence that the policy asks for at that rating."""

from __future__ import annotations

from collections.abc import Iterator

from engine.scoring import figures
from engine.scoring.context import ScoringContext
from engine.scoring.findings.base import FindingRule, Hit, at


def _check(context: ScoringContext) -> Iterator[Hit]:
    for facts in context.applicable():
        if facts.rating is None or facts.response is None:
            continue
        needed = figures.evidence_needed(facts.rating, context.policy)
        given = len(facts.response.evidence)
        if given < needed:
            yield at(facts, "evidence", rating=facts.rating, needed=needed, given=given)


RULE = FindingRule(
    code="SA02",
    name="evidence-missing",
    severity="error",
    template=(
        "{requirement_id} ({title}) is rated {rating}, which needs at least {needed} "
        "evidence reference(s); {given} given."
    ),
    check=_check,
)
