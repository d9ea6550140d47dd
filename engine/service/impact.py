"""The report of a planning run: outcome changes, aggregated with small groups suppressed.

Every group (all organisations, each region, each standard) of fewer than `MIN_GROUP`
organisations is dropped and only counted; the figures of a dropped group never leave here.
Nor can they be worked out by difference from the total (`SHOWN`): if the regions dropped
hold 1 to 4 organisations together, the smallest region shown is dropped too; a standard is
dropped when 1 to 4 organisations are outside it (those it does not apply to). For the
board, the number of self-assessments that could not be scored is withheld when it is 1-4, and
so is a number of organisations that would change outcome (or would not) when it is 1-4 or
would give such a number away by difference from the total (`board_counts`): otherwise a board
member could move a threshold of a policy of their own step by step and watch one organisation
change outcome.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

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
    changed: int | None
    """None: withheld from the board (1-4, or it would give 1-4 away; see `board_counts`)."""


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
    unscored: int | None
    """None: 1 to 4, withheld from the board."""


Grouping = Callable[[Impact], Iterable[str]]

DIMENSIONS: dict[str, Grouping] = {
    "all": lambda impact: ("all",),
    "region": lambda impact: (impact.answers.region,),
    "standard": lambda impact: sorted(impact.standards),
}
"""How organisations are grouped; an organisation counts in every standard that applies."""

SEES_ORGANISATIONS = frozenset({"admin"})


def _small(count: int) -> bool:
    return 0 < count < MIN_GROUP


def _large_enough(groups: list[ImpactGroup], everyone: int) -> list[ImpactGroup]:
    return [g for g in groups if g.organisations >= MIN_GROUP]


def _partition(groups: list[ImpactGroup], everyone: int) -> list[ImpactGroup]:
    """Groups that split everyone: the dropped ones must not be 1-4 together."""
    shown = _large_enough(groups, everyone)
    if shown and _small(everyone - sum(g.organisations for g in shown)):
        shown.remove(min(shown, key=lambda g: (g.organisations, g.group)))
    return shown


def _parts(groups: list[ImpactGroup], everyone: int) -> list[ImpactGroup]:
    """Groups that are each a part of everyone: 1-4 outside one must not show."""
    return [g for g in _large_enough(groups, everyone) if not _small(everyone - g.organisations)]


SHOWN: dict[str, Callable[[list[ImpactGroup], int], list[ImpactGroup]]] = {
    "all": _large_enough,
    "region": _partition,
    "standard": _parts,
}
"""Dimension -> the groups of it that may be shown, given how many organisations took part."""


def _groups(dimension: str, impacts: list[Impact]) -> list[ImpactGroup]:
    members: Counter[str] = Counter()
    changed: Counter[str] = Counter()
    for impact in impacts:
        for group in DIMENSIONS[dimension](impact):
            members[group] += 1
            changed[group] += impact.changed
    return [ImpactGroup(dimension, g, members[g], changed[g]) for g in sorted(members)]


def _countable(changed: int | None, organisations: int) -> bool:
    """Neither the organisations that change nor those that do not are 1-4."""
    return changed is not None and not _small(changed) and not _small(organisations - changed)


def _apart(group: ImpactGroup, total: ImpactGroup) -> bool:
    """The group's count and the count of everyone outside it are both countable."""
    assert group.changed is not None and total.changed is not None
    outside = total.organisations - group.organisations
    return _countable(group.changed, group.organisations) and _countable(
        total.changed - group.changed, outside
    )


def _regions_shown(regions: list[ImpactGroup], total: ImpactGroup) -> set[str]:
    """Regions whose count shows: each countable, and those withheld (with the regions not
    shown at all) not countable by difference from the total; the smallest shown region goes
    until they are."""
    shown = sorted((g for g in regions if _countable(g.changed, g.organisations)), key=_size)
    while shown:
        rest = ImpactGroup("region", "rest", sum(g.organisations for g in shown), 0)
        rest = replace(rest, changed=sum(g.changed or 0 for g in shown))
        if total.organisations == rest.organisations or _apart(rest, total):
            break
        shown.pop(0)
    return {g.group for g in shown}


def _size(group: ImpactGroup) -> tuple[int, str]:
    return group.organisations, group.group


def board_counts(groups: list[ImpactGroup]) -> list[ImpactGroup]:
    """The groups for the board: each count of changes withheld (None) that is 1-4, whose
    complement is 1-4, or that would give either away by difference from the total."""
    total = next((g for g in groups if g.dimension == "all"), None)
    if total is None or not _countable(total.changed, total.organisations):
        return [replace(g, changed=None) for g in groups]
    regions = _regions_shown([g for g in groups if g.dimension == "region"], total)
    keeps: dict[str, Callable[[ImpactGroup], bool]] = {
        "all": lambda g: True,
        "region": lambda g: g.group in regions,
        "standard": lambda g: _apart(g, total),
    }
    return [g if keeps[g.dimension](g) else replace(g, changed=None) for g in groups]


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
    by_dimension = {dimension: _groups(dimension, impacts) for dimension in DIMENSIONS}
    every = [g for groups in by_dimension.values() for g in groups]
    shown = [g for d, groups in by_dimension.items() for g in SHOWN[d](groups, len(impacts))]
    sees = principal.role in SEES_ORGANISATIONS
    shown = shown if sees else board_counts(shown)
    total = next((g for g in shown if g.dimension == "all"), None)
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
        unscored=None if _small(len(problems)) and not sees else len(problems),
    )
