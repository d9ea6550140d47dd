"""The difference between two versions of a standard, and the bump it needs."""

from __future__ import annotations

from dataclasses import dataclass

from engine.models.common import LocalizedText
from engine.models.standard import Requirement, Standard
from engine.versioning.bumps import Bump, max_bump
from engine.versioning.changes import AspectChange, requirement_changes, standard_changes
from engine.versioning.rules import bump_for


@dataclass(frozen=True)
class RequirementChange:
    """A requirement present in both versions whose content changed."""

    requirement_id: str
    title: LocalizedText
    changes: tuple[AspectChange, ...]

    @property
    def bump(self) -> Bump:
        return max_bump(c.bump for c in self.changes)


@dataclass(frozen=True)
class StandardDiff:
    """Requirements added, removed and changed between two versions of one standard."""

    standard_id: str
    title: LocalizedText
    old_version: str
    new_version: str
    standard_changes: tuple[AspectChange, ...] = ()
    added: tuple[Requirement, ...] = ()
    removed: tuple[Requirement, ...] = ()
    changed: tuple[RequirementChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.standard_changes or self.added or self.removed or self.changed)

    @property
    def required_bump(self) -> Bump:
        """The largest bump any of the changes needs (NONE when nothing changed)."""
        return max_bump(
            [
                *(c.bump for c in self.standard_changes),
                *(bump_for("requirement", "added") for _ in self.added),
                *(bump_for("requirement", "removed") for _ in self.removed),
                *(c.bump for c in self.changed),
            ]
        )

    def changed_ids(self) -> frozenset[str]:
        return frozenset(c.requirement_id for c in self.changed)


def diff_standards(old: Standard, new: Standard) -> StandardDiff:
    """What changed from `old` to `new` (two versions of one standard), requirement by requirement.

    Requirements are matched by id, which stays stable across versions. The result lists the
    requirements added, removed and changed (with each aspect that changed and the bump it
    needs) and the changes to the standard itself; `required_bump` is the largest of them.
    """
    old_ids = {r.id: r for r in old.requirements}
    new_ids = {r.id: r for r in new.requirements}
    pairs = ((old_ids[r.id], r) for r in new.requirements if r.id in old_ids)
    changed = tuple(
        RequirementChange(b.id, b.title, changes)
        for a, b in pairs
        if (changes := requirement_changes(a, b))
    )
    return StandardDiff(
        standard_id=new.id,
        title=new.title,
        old_version=old.version,
        new_version=new.version,
        standard_changes=standard_changes(old, new),
        added=tuple(r for r in new.requirements if r.id not in old_ids),
        removed=tuple(r for r in old.requirements if r.id not in new_ids),
        changed=changed,
    )
