"""How standards evolve: diffs, version-bump rules, release notes and file-level migration.

Pure functions over loaded documents (`engine.models`); no files, no database. The bump table
is in `engine.versioning.rules`.
"""

from engine.versioning.bumps import Bump, actual_bump, parse_version
from engine.versioning.changes import AspectChange, requirement_changes
from engine.versioning.checks import (
    VersionLocation,
    VersionProblem,
    check_policy_bump,
    check_standard_history,
    check_version_bump,
)
from engine.versioning.migration import (
    MigrationPlan,
    MigrationResult,
    apply_plan,
    migrate_self_assessment,
    migrate_self_assessments,
    plan_migration,
)
from engine.versioning.notes import release_notes_markdown, standard_notes_markdown
from engine.versioning.policy_diff import PolicyDiff, diff_policies
from engine.versioning.release_diff import ReleaseDiff, diff_releases
from engine.versioning.render import (
    release_diff_data,
    release_diff_text,
    standard_diff_data,
    standard_diff_text,
)
from engine.versioning.rules import BUMP_RULES, bump_for
from engine.versioning.standard_diff import RequirementChange, StandardDiff, diff_standards

__all__ = [
    "BUMP_RULES",
    "AspectChange",
    "Bump",
    "MigrationPlan",
    "MigrationResult",
    "PolicyDiff",
    "ReleaseDiff",
    "RequirementChange",
    "StandardDiff",
    "VersionLocation",
    "VersionProblem",
    "actual_bump",
    "apply_plan",
    "bump_for",
    "check_policy_bump",
    "check_standard_history",
    "check_version_bump",
    "diff_policies",
    "diff_releases",
    "diff_standards",
    "migrate_self_assessment",
    "migrate_self_assessments",
    "parse_version",
    "plan_migration",
    "release_diff_data",
    "release_diff_text",
    "release_notes_markdown",
    "requirement_changes",
    "standard_diff_data",
    "standard_diff_text",
    "standard_notes_markdown",
]
