"""SA09: an answer carried over from an earlier assessment that has not been confirmed."""

from __future__ import annotations

from collections.abc import Iterator

from engine.scoring.context import ScoringContext
from engine.scoring.findings.base import FindingRule, Hit, at


def _check(context: ScoringContext) -> Iterator[Hit]:
    for facts in context.applicable():
        if facts.response is not None and facts.response.needs_reconfirmation:
            yield at(facts, "needs_reconfirmation", needs_reconfirmation=True)


RULE = FindingRule(
    code="SA09",
    name="needs-reconfirmation",
    severity="warning",
    template=(
        "{requirement_id} ({title}) was carried over from an earlier assessment; "
        "confirm or change the answer."
    ),
    check=_check,
)
