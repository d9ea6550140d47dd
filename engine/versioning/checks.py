"""Checks that a new version's number moves as far as its changes need (DESIGN.md section 1).

The library loader calls `check_standard_history` with every version of every standard it finds
(or `check_version_bump` for one consecutive pair) and turns the problems into its report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Literal

from engine.models.policy import Policy
from engine.models.standard import Standard
from engine.versioning.bumps import Bump, actual_bump, parse_version
from engine.versioning.changes import AspectChange
from engine.versioning.policy_diff import diff_policies
from engine.versioning.standard_diff import StandardDiff, diff_standards
from engine.wording import first_few


@dataclass(frozen=True)
class VersionLocation:
    """Where a problem is: the document (a standard's id, "policy", or a self-assessment's
    organisation id), its version (or release), and the requirement id where one is concerned."""

    document: str
    version: str
    requirement_id: str | None = None


@dataclass(frozen=True)
class VersionProblem:
    code: str
    message: str
    location: VersionLocation
    severity: Literal["error", "warning"] = "error"


MESSAGES: dict[str, str] = {
    "version-bump": (
        "{document} {new}: the changes since {old} need a {needed} version bump, "
        "but {new} is {actual} ({reasons})"
    ),
    "requirement-id-reused": (
        "{document} {new}: requirement id {requirement} was removed after version {last_seen} "
        "and must never be used again"
    ),
    "standard-mismatch": "{old_document} and {document} are different standards",
}
"""Problem code -> message template."""


def _problem(code: str, where: VersionLocation, **values: str) -> VersionProblem:
    return VersionProblem(code, MESSAGES[code].format(**values), where)


def _reasons(changes: Iterable[tuple[str, AspectChange | str]], needed: Bump) -> str:
    def text(subject: str, change: AspectChange | str) -> str:
        if isinstance(change, str):
            return f"{subject} {change}"
        return f"{subject} {change.aspect} {change.kind}"

    wanted = [text(s, c) for s, c in changes if isinstance(c, str) or c.bump == needed]
    return first_few(wanted, 3)


def _standard_reasons(diff: StandardDiff) -> Iterable[tuple[str, AspectChange | str]]:
    yield from (("standard", c) for c in diff.standard_changes)
    yield from ((r.id, "removed") for r in diff.removed)
    yield from ((r.id, "added") for r in diff.added)
    yield from ((c.requirement_id, a) for c in diff.changed for a in c.changes)


def _bump_problem(
    document: str, old: str, new: str, needed: Bump, reasons: str
) -> list[VersionProblem]:
    actual = actual_bump(old, new)
    if actual is not None and actual >= needed:
        return []
    actual_text = "not a higher version" if actual is None else f"a {actual.label} bump"
    where = VersionLocation(document, new)
    values = {"document": document, "old": old, "new": new, "actual": actual_text}
    return [_problem("version-bump", where, needed=needed.label, reasons=reasons, **values)]


def _reused_ids(old: Standard, new: Standard, earlier: Sequence[Standard]) -> list[VersionProblem]:
    current = {r.id for r in old.requirements}
    last_seen = {r.id: s.version for s in _in_order(earlier) for r in s.requirements}
    return [
        _problem(
            "requirement-id-reused",
            VersionLocation(new.id, new.version, r.id),
            document=new.id,
            new=new.version,
            requirement=r.id,
            last_seen=last_seen[r.id],
        )
        for r in new.requirements
        if r.id not in current and r.id in last_seen
    ]


def check_version_bump(
    old: Standard, new: Standard, earlier: Sequence[Standard] = ()
) -> list[VersionProblem]:
    """Problems with `new` as the version of a standard that follows `old`; [] when it is fine.

    - "version-bump": `new.version` is not higher than `old.version`, or moves less than the
      changes need (`diff_standards(old, new).required_bump`; e.g. a removed requirement in a
      MINOR version).
    - "requirement-id-reused": `new` has a requirement id that `old` lacks but one of the
      `earlier` versions (those before `old`, in any order) had: removed ids are never reused.
    - "standard-mismatch": `old` and `new` are not versions of the same standard.

    Each problem carries a code, a message and its location (standard id, version of `new`,
    requirement id where one is concerned).
    """
    if old.id != new.id:
        where = VersionLocation(new.id, new.version)
        return [_problem("standard-mismatch", where, old_document=old.id, document=new.id)]
    diff = diff_standards(old, new)
    needed = max(diff.required_bump, Bump.PATCH)
    reasons = _reasons(_standard_reasons(diff), needed) or "a new version"
    bump = _bump_problem(new.id, old.version, new.version, needed, reasons)
    return bump + _reused_ids(old, new, earlier)


def check_policy_bump(old: Policy, new: Policy) -> list[VersionProblem]:
    """Problems with `new` as the policy version that follows `old` ("version-bump" only)."""
    diff = diff_policies(old, new)
    needed = max(diff.required_bump, Bump.PATCH)
    reasons = _reasons((("policy", c) for c in diff.changes), needed) or "a new version"
    return _bump_problem("policy", old.version, new.version, needed, reasons)


def _in_order(versions: Iterable[Standard]) -> list[Standard]:
    return sorted(versions, key=lambda s: parse_version(s.version) or (0, 0, 0))


def check_standard_history(versions: Iterable[Standard]) -> list[VersionProblem]:
    """Check every pair of consecutive versions of every standard given (any order, any mix)."""
    problems: list[VersionProblem] = []
    ordered = sorted(versions, key=lambda s: s.id)
    for _, group in groupby(ordered, key=lambda s: s.id):
        history = _in_order(group)
        for index in range(1, len(history)):
            old, new = history[index - 1], history[index]
            problems.extend(check_version_bump(old, new, history[: index - 1]))
    return problems
