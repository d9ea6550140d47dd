"""A policy must be consistent with itself: its scale, thresholds and bands."""

from __future__ import annotations

from collections.abc import Iterator

from engine.loading.checks import DocumentCheck, DocumentContext
from engine.loading.problems import Problem
from engine.models import Policy


def _policy(ctx: DocumentContext) -> Policy:
    assert isinstance(ctx.document, Policy)
    return ctx.document


def scale_is_contiguous(ctx: DocumentContext) -> Iterator[Problem]:
    levels = [level.value for level in _policy(ctx).rating_scale.levels]
    if levels != list(range(len(levels))):
        message = f"rating levels must be 0, 1, 2, ... in order; found {levels}"
        yield Problem("policy-rule", message, ctx.at(("rating_scale", "levels")))


def thresholds_on_scale(ctx: DocumentContext) -> Iterator[Problem]:
    policy = _policy(ctx)
    values = {level.value for level in policy.rating_scale.levels}
    named = [
        (("rating_scale", "implemented_at"), policy.rating_scale.implemented_at),
        (("rating_scale", "partly_at"), policy.rating_scale.partly_at),
        (("critical_threshold",), policy.critical_threshold),
        *[
            (("evidence", i, "min_rating"), rule.min_rating)
            for i, rule in enumerate(policy.evidence)
        ],
    ]
    for path, value in named:
        if value not in values:
            yield Problem(
                "policy-rule", f"{value} is not a level of the rating scale", ctx.at(path)
            )
    if policy.rating_scale.partly_at > policy.rating_scale.implemented_at:
        message = "partly_at must not be above implemented_at"
        yield Problem("policy-rule", message, ctx.at(("rating_scale", "partly_at")))


def last_band_is_otherwise(ctx: DocumentContext) -> Iterator[Problem]:
    bands = _policy(ctx).decision_bands
    for index, band in enumerate(bands):
        last = index == len(bands) - 1
        if last and band.when is not None:
            message = "the last decision band must have no `when`: it is the outcome otherwise"
            yield Problem("policy-rule", message, ctx.at(("decision_bands", index, "when")))
        if not last and band.when is None:
            message = "only the last decision band may omit `when`; the bands after it never apply"
            yield Problem("policy-rule", message, ctx.at(("decision_bands", index)))
    outcomes = [band.outcome for band in bands]
    if len(set(outcomes)) != len(outcomes):
        yield Problem("policy-rule", "each outcome may have one band", ctx.at(("decision_bands",)))


_POLICY = frozenset({"policy"})
CHECKS = (
    DocumentCheck("rating-scale-contiguous", _POLICY, scale_is_contiguous),
    DocumentCheck("thresholds-on-scale", _POLICY, thresholds_on_scale),
    DocumentCheck("last-band-otherwise", _POLICY, last_band_is_otherwise),
)
