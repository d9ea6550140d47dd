"""SA07: an answer to a requirement id that the pinned release does not contain."""

from __future__ import annotations

from collections.abc import Iterator

from engine.scoring.context import ScoringContext
from engine.scoring.findings.base import FindingRule, Hit, Location


def _check(context: ScoringContext) -> Iterator[Hit]:
    for requirement_id, _response in context.unknown_responses:
        yield Hit(
            location=Location(requirement_id=requirement_id, field="responses"),
            values={"requirement_id": requirement_id, "release": context.bundle.version},
        )


RULE = FindingRule(
    code="SA07",
    name="unknown-requirement",
    severity="warning",
    template=(
        "There is an answer to {requirement_id}, but release {release} has no such "
        "requirement; it is ignored."
    ),
    check=_check,
)
