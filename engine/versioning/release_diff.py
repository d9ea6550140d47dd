"""The difference between two releases: standards added, removed and changed, and the policy."""

from __future__ import annotations

from dataclasses import dataclass

from engine.models.bundle import ReleaseBundle
from engine.models.standard import Standard
from engine.versioning.bumps import Bump, max_bump
from engine.versioning.policy_diff import PolicyDiff, diff_policies
from engine.versioning.rules import bump_for
from engine.versioning.standard_diff import StandardDiff, diff_standards


@dataclass(frozen=True)
class ReleaseDiff:
    """What changed from one release to another.

    `standards_changed` holds a diff for every standard in both releases whose version or
    content differs; `policy` is None when both releases pin the same policy content.
    """

    old_release: str
    new_release: str
    standards_added: tuple[Standard, ...] = ()
    standards_removed: tuple[Standard, ...] = ()
    standards_changed: tuple[StandardDiff, ...] = ()
    policy: PolicyDiff | None = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.standards_added or self.standards_removed or self.standards_changed or self.policy
        )

    @property
    def required_bump(self) -> Bump:
        """The largest bump among all changes: MAJOR means assessments need a migration."""
        return max_bump(
            [
                *(bump_for("standard", "added") for _ in self.standards_added),
                *(bump_for("standard", "removed") for _ in self.standards_removed),
                *(d.required_bump for d in self.standards_changed),
                self.policy.required_bump if self.policy else Bump.NONE,
            ]
        )


def _changed_standards(old: ReleaseBundle, new: ReleaseBundle) -> tuple[StandardDiff, ...]:
    pairs = ((old.standard(s.id), s) for s in new.standards)
    diffs = (diff_standards(a, b) for a, b in pairs if a is not None)
    return tuple(d for d in diffs if d.old_version != d.new_version or not d.is_empty)


def diff_releases(old: ReleaseBundle, new: ReleaseBundle) -> ReleaseDiff:
    """What changed from release `old` to release `new` (each a loaded `ReleaseBundle`)."""
    old_ids = {s.id for s in old.standards}
    new_ids = {s.id for s in new.standards}
    policy = diff_policies(old.policy, new.policy)
    same_policy = policy.old_version == policy.new_version and not policy.changes
    return ReleaseDiff(
        old_release=old.version,
        new_release=new.version,
        standards_added=tuple(s for s in new.standards if s.id not in old_ids),
        standards_removed=tuple(s for s in old.standards if s.id not in new_ids),
        standards_changed=_changed_standards(old, new),
        policy=None if same_policy else policy,
    )
