"""SA06: an answer to a requirement of the release that does not apply to the organisation."""

from __future__ import annotations

from collections.abc import Iterator

from engine.scoring.context import ScoringContext
from engine.scoring.findings.base import FindingRule, Hit, at


def _check(context: ScoringContext) -> Iterator[Hit]:
    for facts in context.requirements:
        if not facts.applies and facts.response is not None:
            yield at(facts, "rating", applies=False, reason=facts.reason.kind)


RULE = FindingRule(
    code="SA06",
    name="answer-to-inapplicable-requirement",
    severity="info",
    template=(
        "{requirement_id} ({title}) does not apply to your organisation ({reason}); "
        "its answer is not scored."
    ),
    check=_check,
)
