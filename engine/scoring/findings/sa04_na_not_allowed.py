"""SA04: 'not applicable' on a requirement where the policy does not permit it."""

from __future__ import annotations

from collections.abc import Iterator

from engine.scoring import figures
from engine.scoring.context import ScoringContext
from engine.scoring.findings.base import FindingRule, Hit, at


def _check(context: ScoringContext) -> Iterator[Hit]:
    for facts in context.applicable():
        if facts.marked_na and not figures.na_permitted(facts.requirement, context.policy):
            yield at(
                facts,
                "not_applicable",
                na_allowed=facts.requirement.na_allowed,
                critical=facts.requirement.critical,
            )


RULE = FindingRule(
    code="SA04",
    name="na-not-allowed",
    severity="error",
    template=(
        "{requirement_id} ({title}) may not be answered 'not applicable' under the policy; "
        "give a rating. It is scored as unanswered."
    ),
    check=_check,
)
