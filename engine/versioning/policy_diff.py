"""What changed between two versions of the accreditation policy, and the bump it needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engine.models.policy import Policy
from engine.versioning.bumps import Bump, max_bump
from engine.versioning.changes import AspectChange, Comparer, compare_aspects


def _scale_values(policy: Policy) -> object:
    scale = policy.rating_scale
    return ([level.value for level in scale.levels], scale.implemented_at, scale.partly_at)


def _band_rules(policy: Policy) -> object:
    return [band.model_dump(exclude={"label"}) for band in policy.decision_bands]


def _reworded_in_both(old: dict[object, object], new: dict[object, object]) -> bool:
    return any(old[key] != new[key] for key in old.keys() & new.keys())


def _labels_reworded(old: Policy, new: Policy) -> str | None:
    """Labels of the rating levels and decision bands that both policies have, reworded."""

    def levels(p: Policy) -> dict[object, object]:
        return {lv.value: (lv.label, lv.descriptor) for lv in p.rating_scale.levels}

    def bands(p: Policy) -> dict[object, object]:
        return {band.outcome: band.label for band in p.decision_bands}

    reworded = _reworded_in_both(levels(old), levels(new)) or _reworded_in_both(
        bands(old), bands(new)
    )
    return "reworded" if reworded else None


def _compare_by(read: str | Callable[[Policy], object], kind: str) -> Comparer[Policy]:
    """A comparer: the policies differ in what `read` (an attribute name or function) gives."""

    def value(policy: Policy) -> object:
        return getattr(policy, read) if isinstance(read, str) else read(policy)

    def compare(old: Policy, new: Policy) -> str | None:
        return None if value(old) == value(new) else kind

    return compare


POLICY_ASPECTS: dict[str, Comparer[Policy]] = {
    "title": _compare_by("title", "reworded"),
    "labels": _labels_reworded,
    "rating_scale": _compare_by(_scale_values, "changed"),
    "weights": _compare_by("weights", "changed"),
    "critical_threshold": _compare_by("critical_threshold", "changed"),
    "decision_bands": _compare_by(_band_rules, "changed"),
    "not_applicable": _compare_by("not_applicable", "changed"),
    "evidence": _compare_by("evidence", "changed"),
    "review": _compare_by("review", "changed"),
}
"""Aspect of the policy -> how to tell whether it changed (labels apart from the rules)."""


@dataclass(frozen=True)
class PolicyDiff:
    old_version: str
    new_version: str
    changes: tuple[AspectChange, ...]

    @property
    def required_bump(self) -> Bump:
        return max_bump(c.bump for c in self.changes)

    @property
    def scale_changed(self) -> bool:
        return any(c.aspect == "rating_scale" for c in self.changes)


def diff_policies(old: Policy, new: Policy) -> PolicyDiff:
    """The aspects of the policy that changed from `old` to `new`, each with its bump."""
    return PolicyDiff(old.version, new.version, compare_aspects(old, new, POLICY_ASPECTS))
