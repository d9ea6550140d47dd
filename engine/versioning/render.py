"""Plain data (for JSON) and plain text forms of the diffs, for the CLI and the dashboard."""

from __future__ import annotations

from engine.models.standard import Standard
from engine.versioning.changes import AspectChange
from engine.versioning.policy_diff import PolicyDiff
from engine.versioning.release_diff import ReleaseDiff
from engine.versioning.standard_diff import StandardDiff

JsonObject = dict[str, object]


def _change(change: AspectChange) -> JsonObject:
    return {
        "aspect": change.aspect,
        "kind": change.kind,
        "bump": change.bump.label,
        "old": change.old,
        "new": change.new,
    }


def standard_diff_data(diff: StandardDiff) -> JsonObject:
    """A standard diff as JSON-ready data."""
    return {
        "standard": diff.standard_id,
        "old_version": diff.old_version,
        "new_version": diff.new_version,
        "required_bump": diff.required_bump.label,
        "standard_changes": [_change(c) for c in diff.standard_changes],
        "added": [r.id for r in diff.added],
        "removed": [r.id for r in diff.removed],
        "changed": [
            {
                "requirement": c.requirement_id,
                "bump": c.bump.label,
                "changes": [_change(a) for a in c.changes],
            }
            for c in diff.changed
        ],
    }


def _policy_data(diff: PolicyDiff | None) -> JsonObject | None:
    if diff is None:
        return None
    return {
        "old_version": diff.old_version,
        "new_version": diff.new_version,
        "required_bump": diff.required_bump.label,
        "changes": [_change(c) for c in diff.changes],
    }


def _pinned(standard: Standard) -> JsonObject:
    return {"standard": standard.id, "version": standard.version}


def release_diff_data(diff: ReleaseDiff) -> JsonObject:
    """A release diff as JSON-ready data."""
    return {
        "old_release": diff.old_release,
        "new_release": diff.new_release,
        "required_bump": diff.required_bump.label,
        "policy": _policy_data(diff.policy),
        "standards_added": [_pinned(s) for s in diff.standards_added],
        "standards_removed": [_pinned(s) for s in diff.standards_removed],
        "standards_changed": [standard_diff_data(d) for d in diff.standards_changed],
    }


def _change_text(subject: str, change: AspectChange) -> str:
    return f"  ~ {subject}: {change.aspect} {change.kind} [{change.bump.label}]"


def standard_diff_text(diff: StandardDiff) -> str:
    """A standard diff as lines of plain text (+ added, - removed, ~ changed)."""
    head = f"{diff.standard_id} {diff.old_version} -> {diff.new_version}"
    needs = "no changes" if diff.is_empty else f"needs a {diff.required_bump.label} bump"
    lines = [f"{head}: {needs}"]
    lines += [_change_text("standard", c) for c in diff.standard_changes]
    lines += [f"  + {r.id} {r.title.en} [minor]" for r in diff.added]
    lines += [f"  - {r.id} {r.title.en} [major]" for r in diff.removed]
    lines += [_change_text(c.requirement_id, a) for c in diff.changed for a in c.changes]
    return "\n".join(lines) + "\n"


def release_diff_text(diff: ReleaseDiff) -> str:
    """A release diff as plain text."""
    lines = [f"release {diff.old_release} -> {diff.new_release}: {diff.required_bump.label}"]
    if diff.policy is not None:
        policy = diff.policy
        lines.append(f"policy {policy.old_version} -> {policy.new_version}")
        lines += [_change_text("policy", c) + c.values for c in policy.changes]
    lines += [f"+ standard {s.id} {s.version}" for s in diff.standards_added]
    lines += [f"- standard {s.id} {s.version}" for s in diff.standards_removed]
    text = "\n".join(lines) + "\n"
    return text + "".join(standard_diff_text(d) for d in diff.standards_changed)
