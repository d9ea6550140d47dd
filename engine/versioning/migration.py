"""File-level migration of a self-assessment from one release to another (no database).

The source assessment is never changed: a new `SelfAssessment` pinned to the new release is
built. Per answered requirement, by the table `ACTIONS`:

- unchanged in the new release: carried over as it is ("carry");
- changed (any aspect, by default; see `reconfirm_from`), or the rating scale of the policy
  changed: carried and flagged `needs_reconfirmation` ("reconfirm");
- rated off the new release's scale (a rating the file already had wrong: it is scored as
  unanswered): carried and flagged as well, and listed in `MigrationResult.off_scale`;
- gone from the new release: kept in `MigrationResult.archived`, not in the responses
  ("archive").

Requirements of the new release that the old one lacked are listed in `new_requirements`.
The plan (what happens to each requirement id) depends only on the two releases, so the bulk
form `migrate_self_assessments` computes it once for any number of assessments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from engine.models.assessment import Response, SelfAssessment
from engine.models.bundle import ReleaseBundle
from engine.scoring.figures import scale_values
from engine.versioning.bumps import Bump, max_bump
from engine.versioning.changes import requirement_changes
from engine.versioning.checks import VersionLocation, VersionProblem
from engine.versioning.policy_diff import diff_policies

Action = Literal["carry", "reconfirm", "archive"]


def _flagged(response: Response) -> Response:
    if response.needs_reconfirmation:
        return response
    return response.model_copy(update={"needs_reconfirmation": True})


ACTIONS: dict[Action, Callable[[Response], Response | None]] = {
    "carry": lambda response: response,
    "reconfirm": _flagged,
    "archive": lambda response: None,
}
"""What each action does to an answer: the response to keep, or None to archive it."""

WRONG_RELEASE = (
    "the self-assessment of {organisation} is pinned to release {pinned}, "
    "not to {source}, the release it is being migrated from"
)


@dataclass(frozen=True)
class MigrationPlan:
    """What happens to the answer to each requirement id when moving `source` -> `target`."""

    source: str
    target: str
    actions: dict[str, Action]
    new_requirements: tuple[str, ...]
    target_ids: frozenset[str]
    target_scale: frozenset[int]

    def action(self, requirement_id: str) -> Action:
        """The action for an answered requirement; ids unknown to the source release are
        carried for re-confirmation when the target has them, archived otherwise."""
        planned = self.actions.get(requirement_id)
        if planned is not None:
            return planned
        return "reconfirm" if requirement_id in self.target_ids else "archive"


@dataclass(frozen=True)
class MigrationResult:
    source_release: str
    target_release: str
    assessment: SelfAssessment
    carried: tuple[str, ...] = ()
    reconfirm: tuple[str, ...] = ()
    off_scale: tuple[str, ...] = ()
    """Answers rated off the new release's scale (flagged, among `reconfirm`)."""
    new_requirements: tuple[str, ...] = ()
    archived: dict[str, Response] = field(default_factory=dict)
    problems: tuple[VersionProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def plan_migration(
    old: ReleaseBundle, new: ReleaseBundle, reconfirm_from: Bump = Bump.PATCH
) -> MigrationPlan:
    """The plan for moving answers from release `old` to `new`.

    A changed requirement is flagged for re-confirmation when its changes need at least
    `reconfirm_from` (PATCH: any change at all). A changed rating scale flags every answer.
    """
    scale_changed = diff_policies(old.policy, new.policy).scale_changed

    def action(requirement_id: str) -> Action:
        found_old, found_new = old.requirement(requirement_id), new.requirement(requirement_id)
        if found_old is None or found_new is None:
            return "archive"
        bump = max_bump(c.bump for c in requirement_changes(found_old[1], found_new[1]))
        return "reconfirm" if scale_changed or bump >= max(reconfirm_from, Bump.PATCH) else "carry"

    old_ids = set(old.requirement_ids())
    return MigrationPlan(
        source=old.version,
        target=new.version,
        actions={rid: action(rid) for rid in old.requirement_ids()},
        new_requirements=tuple(r for r in new.requirement_ids() if r not in old_ids),
        target_ids=frozenset(new.requirement_ids()),
        target_scale=frozenset(scale_values(new.policy)),
    )


def apply_plan(plan: MigrationPlan, assessment: SelfAssessment) -> MigrationResult:
    """Migrate one self-assessment by a plan; the input is never changed."""
    if assessment.release != plan.source:
        return _wrong_release(plan, assessment)
    kept: dict[str, Response] = {}
    archived: dict[str, Response] = {}
    groups: dict[Action, list[str]] = {"carry": [], "reconfirm": [], "archive": []}
    off_scale: list[str] = []
    for requirement_id, response in assessment.responses.items():
        action = plan.action(requirement_id)
        if action != "archive" and not _on_scale(plan, response):
            action = "reconfirm"
            off_scale.append(requirement_id)
        groups[action].append(requirement_id)
        moved = ACTIONS[action](response)
        if moved is None:
            archived[requirement_id] = response
        else:
            kept[requirement_id] = moved
    migrated = assessment.model_copy(update={"release": plan.target, "responses": kept})
    return MigrationResult(
        source_release=plan.source,
        target_release=plan.target,
        assessment=migrated,
        carried=tuple(groups["carry"]),
        reconfirm=tuple(groups["reconfirm"]),
        off_scale=tuple(off_scale),
        new_requirements=plan.new_requirements,
        archived=archived,
    )


def _on_scale(plan: MigrationPlan, response: Response) -> bool:
    return response.rating is None or response.rating in plan.target_scale


def _wrong_release(plan: MigrationPlan, assessment: SelfAssessment) -> MigrationResult:
    organisation = assessment.organisation.id
    message = WRONG_RELEASE.format(
        organisation=organisation, pinned=assessment.release, source=plan.source
    )
    where = VersionLocation(organisation, assessment.release)
    problem = VersionProblem("wrong-release", message, where)
    return MigrationResult(plan.source, plan.target, assessment, problems=(problem,))


def migrate_self_assessment(
    assessment: SelfAssessment,
    old: ReleaseBundle,
    new: ReleaseBundle,
    reconfirm_from: Bump = Bump.PATCH,
) -> MigrationResult:
    """Move one self-assessment pinned to release `old` onto release `new`."""
    return apply_plan(plan_migration(old, new, reconfirm_from), assessment)


def migrate_self_assessments(
    assessments: Iterable[SelfAssessment],
    old: ReleaseBundle,
    new: ReleaseBundle,
    reconfirm_from: Bump = Bump.PATCH,
) -> list[MigrationResult]:
    """Move many self-assessments from `old` to `new`, computing the plan only once."""
    plan = plan_migration(old, new, reconfirm_from)
    return [apply_plan(plan, assessment) for assessment in assessments]
