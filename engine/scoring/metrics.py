"""Assessment metrics: the figures that the policy's decision bands read (MetricField)."""

from __future__ import annotations

from collections.abc import Callable

from engine.models.conditions import MetricField
from engine.scoring import figures
from engine.scoring.context import ScoringContext
from engine.scoring.findings import Finding
from engine.scoring.result import MetricValue, StandardResult


def _share(context: ScoringContext, at_least: int) -> float | None:
    scored = context.scored()
    good = sum(1 for f in scored if f.rating is not None and f.rating >= at_least)
    return figures.fraction(good, len(scored))


def _critical_below(context: ScoringContext, threshold: int) -> int:
    return sum(
        1
        for f in context.scored()
        if f.requirement.critical and (f.rating is None or f.rating < threshold)
    )


def _coverage(context: ScoringContext) -> float | None:
    applicable = context.applicable()
    return figures.fraction(sum(1 for f in applicable if f.answered), len(applicable))


def overall_score(context: ScoringContext) -> float | None:
    return figures.weighted_score(((f.weight, f.rating) for f in context.scored()), context.top)


def _min_standard(standards: tuple[StandardResult, ...]) -> float | None:
    scores = [s.score for s in standards if s.applicable and s.score is not None]
    return min(scores, default=None)


Reader = Callable[[ScoringContext, tuple[StandardResult, ...], tuple[Finding, ...]], MetricValue]

METRICS: dict[MetricField, Reader] = {
    "overall_score": lambda c, s, f: overall_score(c),
    "min_standard_score": lambda c, s, f: _min_standard(s),
    "share_implemented": lambda c, s, f: _share(c, c.policy.rating_scale.implemented_at),
    "share_partly_or_better": lambda c, s, f: _share(c, c.policy.rating_scale.partly_at),
    "coverage": lambda c, s, f: _coverage(c),
    "critical_below_implemented": lambda c, s, f: _critical_below(c, c.policy.critical_threshold),
    "critical_below_partly": lambda c, s, f: _critical_below(c, c.policy.rating_scale.partly_at),
    "unanswered": lambda c, s, f: sum(1 for x in c.applicable() if not x.answered),
    "blocking_findings": lambda c, s, f: sum(1 for x in f if x.severity == "error"),
}
"""Every metric a decision band may use, defined once (CONTRIBUTING.md, shared definitions)."""


def compute_metrics(
    context: ScoringContext, standards: tuple[StandardResult, ...], findings: tuple[Finding, ...]
) -> dict[str, MetricValue]:
    return {name: read(context, standards, findings) for name, read in METRICS.items()}
