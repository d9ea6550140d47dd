"""The administrators' release preview: a candidate release of the library against the release
in effect, per standard and requirement, with the version bump each change needs, the library's
own problems with the candidate's files, and the release notes. Nothing here writes.

The library is cached and reloaded only when one of its files changes (a load takes ~1 s).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from engine.loading import Library, Problem, load_library
from engine.locations import library_root
from engine.models.bundle import ReleaseBundle
from engine.models.common import LocalizedText
from engine.models.policy import Policy
from engine.models.standard import Requirement, Standard
from engine.service.access import require
from engine.service.errors import InvalidInput
from engine.service.principals import Principal
from engine.service.releases import list_releases, release_bundle
from engine.service.versioning import render_release_diff
from engine.storage import Database
from engine.versioning import (
    AspectChange,
    Bump,
    ReleaseDiff,
    StandardDiff,
    VersionProblem,
    bump_for,
    check_policy_bump,
    check_version_bump,
    diff_releases,
)
from engine.versioning.bumps import max_bump

__all__ = [
    "AspectChange",
    "Bump",
    "LibraryChoices",
    "ReleasePreview",
    "RequirementRow",
    "StandardSummary",
    "candidate_bundle",
    "library_choices",
    "release_preview",
    "version_key",
]


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split(".") if p.isdigit())


_LIBRARIES: dict[Path, tuple[object, Library, list[Problem]]] = {}
_LIBRARIES_LOCK = threading.Lock()


def _library(root: Path | None) -> tuple[Library, list[Problem]]:
    """The library and its problems, loaded again only when a file was added or changed
    (loading and checking a library takes seconds; a page asks for it on every rerun)."""
    where = (root or library_root()).resolve()
    files = sorted(p for p in where.rglob("*") if p.is_file()) if where.is_dir() else []
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    with _LIBRARIES_LOCK:
        found = _LIBRARIES.get(where)
    if found is not None and found[0] == stamp:
        return found[1], found[2]
    loaded, report = load_library(where)
    with _LIBRARIES_LOCK:
        _LIBRARIES[where] = (stamp, loaded, report.errors)
    return loaded, report.errors


@dataclass(frozen=True)
class LibraryChoices:
    releases: tuple[str, ...]
    policies: tuple[str, ...]


def library_choices(principal: Principal, root: Path | None = None) -> LibraryChoices:
    """The releases and policy versions of the library, oldest first."""
    require(principal, "release.preview")
    found, _ = _library(root)
    policies = tuple(sorted(found.policies, key=version_key))
    return LibraryChoices(tuple(found.release_versions()), policies)


@dataclass(frozen=True)
class RequirementRow:
    """One requirement added, removed or changed, with the aspects that changed and the bump."""

    requirement_id: str
    title: LocalizedText
    change: str
    aspects: tuple[AspectChange, ...]
    bump: Bump


@dataclass(frozen=True)
class StandardSummary:
    """A standard added, removed or changed: its versions (None: not in that release), the
    bump its changes need, and its requirements that changed."""

    standard_id: str
    title: LocalizedText
    old_version: str | None
    new_version: str | None
    required_bump: Bump
    rows: tuple[RequirementRow, ...]
    itself: tuple[AspectChange, ...] = ()
    """Changes to the standard itself (title, purpose, code, scope/context)."""


@dataclass(frozen=True)
class ReleasePreview:
    diff: ReleaseDiff
    standards: tuple[StandardSummary, ...]
    bump_problems: tuple[VersionProblem, ...]
    notes_markdown: str
    candidate: ReleaseBundle
    library_problems: tuple[Problem, ...]
    """Errors the library reports in the candidate's files (hashes, checks, bumps)."""


def candidate_bundle(principal: Principal, version: str, root: Path | None = None) -> ReleaseBundle:
    """A release of the library with everything it names, or InvalidInput saying why not."""
    require(principal, "release.preview")
    found, _ = _library(root)
    bundle = found.bundle(version)
    if bundle is None:
        known = ", ".join(found.release_versions()) or "none"
        raise InvalidInput(
            f"release {version} is not in the library, or a file it names is missing or "
            f"invalid (releases: {known})",
            "release",
        )
    return bundle


def _weight(policy: Policy, requirement: Requirement) -> float:
    return policy.weights.critical if requirement.critical else policy.weights.default


def _weight_change(old: ReleaseBundle, new: ReleaseBundle, rid: str) -> tuple[AspectChange, ...]:
    before, after = old.requirement(rid), new.requirement(rid)
    if before is None or after is None:
        return ()
    was, now = _weight(old.policy, before[1]), _weight(new.policy, after[1])
    if was == now:
        return ()
    bump = bump_for("weights", "changed")
    return (AspectChange("weight", "changed", bump, f"{was:g}", f"{now:g}"),)


def _whole(standard: Standard, change: str) -> StandardSummary:
    """A standard added to or removed from the release: every requirement with it."""
    bump = bump_for("standard", change)
    rows = tuple(RequirementRow(r.id, r.title, change, (), bump) for r in standard.requirements)
    old, new = (standard.version, None) if change == "removed" else (None, standard.version)
    return StandardSummary(standard.id, standard.title, old, new, bump, rows)


def _changed(standard: StandardDiff, old: ReleaseBundle, new: ReleaseBundle) -> StandardSummary:
    """A standard in both releases: its requirements added, removed and changed."""
    added, removed = bump_for("requirement", "added"), bump_for("requirement", "removed")
    rows = [RequirementRow(r.id, r.title, "added", (), added) for r in standard.added]
    rows += [RequirementRow(r.id, r.title, "removed", (), removed) for r in standard.removed]
    for c in standard.changed:
        aspects = (*c.changes, *_weight_change(old, new, c.requirement_id))
        rows.append(
            RequirementRow(
                c.requirement_id, c.title, "changed", aspects, max_bump(a.bump for a in aspects)
            )
        )
    versions = (standard.old_version, standard.new_version)
    return StandardSummary(
        standard.standard_id,
        standard.title,
        *versions,
        standard.required_bump,
        tuple(rows),
        standard.standard_changes,
    )


def _summaries(diff: ReleaseDiff, old: ReleaseBundle, new: ReleaseBundle) -> list[StandardSummary]:
    return [
        *(_whole(s, "added") for s in diff.standards_added),
        *(_whole(s, "removed") for s in diff.standards_removed),
        *(_changed(s, old, new) for s in diff.standards_changed),
    ]


def _bump_problems(old: ReleaseBundle, new: ReleaseBundle) -> list[VersionProblem]:
    problems: list[VersionProblem] = []
    for standard in new.standards:
        before = old.standard(standard.id)
        if before is not None and before.version != standard.version:
            problems += check_version_bump(before, standard)
    if old.policy.version != new.policy.version:
        problems += check_policy_bump(old.policy, new.policy)
    return problems


def _any_bundle(
    principal: Principal, db: Database, version: str, root: Path | None
) -> ReleaseBundle:
    """A release as the record keeps it when it is registered, else from the library."""
    if version in {r.version for r in list_releases(db)}:
        return release_bundle(db, version)
    return candidate_bundle(principal, version, root)


def release_preview(
    principal: Principal,
    db: Database,
    current: str,
    candidate: str,
    root: Path | None = None,
    language: str = "en",
) -> ReleasePreview:
    """What changes from release `current` (of the record or the library) to `candidate` (of
    the library): per standard, the requirements added, removed and changed with the bump each
    needs, the bump problems of the new version numbers, and the release notes."""
    require(principal, "release.preview")
    old = _any_bundle(principal, db, current, root)
    new = candidate_bundle(principal, candidate, root)
    diff = diff_releases(old, new)
    return ReleasePreview(
        diff=diff,
        standards=tuple(_summaries(diff, old, new)),
        bump_problems=tuple(_bump_problems(old, new)),
        notes_markdown=render_release_diff(diff, "markdown", language),
        candidate=new,
        library_problems=tuple(_file_problems(candidate, root)),
    )


def _file_problems(version: str, root: Path | None) -> list[Problem]:
    found, errors = _library(root)
    bundle = found.bundle(version)
    if bundle is None:
        return []
    keys: list[tuple[str, ...]] = [("release", version), ("policy", bundle.policy.version)]
    keys += [("standard", s.id, s.version) for s in bundle.standards]
    files = {f.display for key in keys if (f := found.file_of(*key)) is not None}
    return [p for p in errors if p.location.file in files]
