"""The report of a planning run: outcome changes, aggregated with small groups suppressed.

Every group (all organisations, each region, each standard) of fewer than `MIN_GROUP`
organisations is dropped and only counted; the figures of a dropped group never leave here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from engine.service.analytics import MIN_GROUP
from engine.service.decided_answers import DecidedAnswers
from engine.service.principals import Principal


@dataclass(frozen=True)
class Impact:
    """One organisation: its engine outcome before and after the change asked about."""

    answers: DecidedAnswers
    standards: frozenset[str]
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class OutcomeChange:
    org_id: str
    assessment_id: str
    release_version: str
    region: str
    decided: str
    """The outcome people decided (it may differ from the engine's 'before')."""
    before: str
    after: str


@dataclass(frozen=True)
class ImpactGroup:
    dimension: str
    group: str
    organisations: int
    changed: int


@dataclass(frozen=True)
class ScoringProblem:
    """A self-assessment that could not be scored: an error, never silently a pass or fail."""

    code: str
    message: str
    location: str


@dataclass(frozen=True)
class WhatIfReport:
    subject: str
    organisations: int | None
    """None when fewer than MIN_GROUP organisations took part (suppressed)."""
    changed: int | None
    groups: tuple[ImpactGroup, ...]
    suppressed_groups: int
    changes: tuple[OutcomeChange, ...]
    changes_shown: bool
    """False for the board: aggregates only."""
    problems: tuple[ScoringProblem, ...]
    """Shown to administrators; the board sees only their number in `unscored`."""
    unscored: int


Grouping = Callable[[Impact], Iterable[str]]

DIMENSIONS: dict[str, Grouping] = {
    "all": lambda impact: ("all",),
    "region": lambda impact: (impact.answers.region,),
    "standard": lambda impact: sorted(impact.standards),
}
"""How organisations are grouped; an organisation counts in every standard that applies."""

SEES_ORGANISATIONS = frozenset({"admin"})


def _groups(dimension: str, impacts: list[Impact]) -> list[ImpactGroup]:
    members: Counter[str] = Counter()
    changed: Counter[str] = Counter()
    for impact in impacts:
        for group in DIMENSIONS[dimension](impact):
            members[group] += 1
            changed[group] += impact.changed
    return [ImpactGroup(dimension, g, members[g], changed[g]) for g in sorted(members)]


def _change(impact: Impact) -> OutcomeChange:
    item = impact.answers
    return OutcomeChange(
        item.org_id,
        item.assessment_id,
        item.release_version,
        item.region,
        item.decided_outcome,
        impact.before,
        impact.after,
    )


def summarise(
    principal: Principal,
    subject: str,
    impacts: list[Impact],
    problems: list[ScoringProblem],
) -> WhatIfReport:
    every = [g for dimension in DIMENSIONS for g in _groups(dimension, impacts)]
    shown = [g for g in every if g.organisations >= MIN_GROUP]
    total = next((g for g in shown if g.dimension == "all"), None)
    sees = principal.role in SEES_ORGANISATIONS
    changes = tuple(_change(i) for i in impacts if i.changed) if sees else ()
    return WhatIfReport(
        subject=subject,
        organisations=total.organisations if total else None,
        changed=total.changed if total else None,
        groups=tuple(g for g in shown if g.dimension != "all"),
        suppressed_groups=len(every) - len(shown),
        changes=changes,
        changes_shown=sees,
        problems=tuple(problems) if sees else (),
        unscored=len(problems),
    )
