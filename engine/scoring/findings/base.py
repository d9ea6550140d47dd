"""A finding rule: a stable code, a name, a severity, a message template and one `evaluate`.

One rule per module (like sqlfluff's rules); `engine.scoring.findings` collects them into one
table that rejects duplicate codes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from engine.rules.trace import FactValue
from engine.scoring.context import RequirementFacts, ScoringContext

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[Severity, int] = {"error": 0, "warning": 1, "info": 2}


class Location(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    standard_id: str | None = None
    requirement_id: str | None = None
    field: str | None = None


class Finding(BaseModel):
    """A rule that is not met: code, severity, message, where, and the values that decided."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    values: dict[str, FactValue]


@dataclass(frozen=True)
class Hit:
    """What a rule found: where, and the values that decided (they fill the message template)."""

    location: Location
    values: dict[str, FactValue]


@dataclass(frozen=True)
class FindingRule:
    code: str
    name: str
    severity: Severity
    template: str
    check: Callable[[ScoringContext], Iterable[Hit]]

    def evaluate(self, context: ScoringContext) -> Iterator[Finding]:
        for hit in self.check(context):
            yield Finding(
                code=self.code,
                name=self.name,
                severity=self.severity,
                message=self.template.format(**hit.values),
                location=hit.location,
                values=hit.values,
            )


def at(facts: RequirementFacts, field: str, **values: FactValue) -> Hit:
    """A hit on one requirement's answer, with its id and title among the values."""
    location = Location(standard_id=facts.standard.id, requirement_id=facts.id, field=field)
    shown: dict[str, FactValue] = {
        "requirement_id": facts.id,
        "title": facts.requirement.title.en,
        **values,
    }
    return Hit(location=location, values=shown)


class DuplicateFindingCodeError(ValueError):
    pass


class FindingTable:
    """The finding rules by code; adding a code twice is refused."""

    def __init__(self, rules: Iterable[FindingRule] = ()) -> None:
        self._rules: dict[str, FindingRule] = {}
        for rule in rules:
            self.add(rule)

    def add(self, rule: FindingRule) -> None:
        if rule.code in self._rules:
            raise DuplicateFindingCodeError(f"finding code {rule.code} registered twice")
        self._rules[rule.code] = rule

    def __iter__(self) -> Iterator[FindingRule]:
        return iter(sorted(self._rules.values(), key=lambda r: r.code))

    def __len__(self) -> int:
        return len(self._rules)

    def get(self, code: str) -> FindingRule | None:
        return self._rules.get(code)
