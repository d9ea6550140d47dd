"""SA03: 'not applicable' without a reason, or with a reason shorter than the policy asks."""

from __future__ import annotations

from collections.abc import Iterator

from engine.scoring import figures
from engine.scoring.context import ScoringContext
from engine.scoring.findings.base import FindingRule, Hit, at


def _check(context: ScoringContext) -> Iterator[Hit]:
    rule = context.policy.not_applicable
    for facts in context.applicable():
        if facts.response is None or not facts.marked_na:
            continue
        if not figures.na_reason_ok(facts.response, context.policy):
            length = figures.na_reason_length(facts.response)
            needed = max(rule.min_reason_length, 1)
            yield at(facts, "na_reason", length=length, needed=needed)


RULE = FindingRule(
    code="SA03",
    name="na-reason-missing",
    severity="error",
    template=(
        "{requirement_id} ({title}) is marked not applicable with a reason of {length} "
        "character(s); give a reason of at least {needed}. It is scored as unanswered."
    ),
    check=_check,
)
