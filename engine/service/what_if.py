"""Planning tools: what would change under another policy, or under a new release.

Both re-score every organisation's latest decided self-assessment in memory and never write
anything: no decision, no engine result, no audit entry. The outcome "before" is the engine's
outcome today under the assessment's own release, so that only the change asked about shows.

- `what_if`: the same answers, the assessment's release with another policy (board, admin).
- `preview_release_impact`: the answers moved onto a new release by engine.versioning's
  migration plan (carried answers taken as confirmed, removed requirements dropped) and
  scored under it (admin).

Aggregates by standard and by region drop every group of fewer than 5 organisations. The
list of organisations whose outcome would change is for administrators; the board sees
aggregates only (DESIGN.md section 6).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from engine.models.assessment import Response
from engine.models.bundle import ReleaseBundle
from engine.models.policy import Policy
from engine.rules import EvaluationError
from engine.scoring import AssessmentResult, evaluate_assessment
from engine.service import clock
from engine.service.access import require
from engine.service.analytics import MIN_GROUP
from engine.service.decided_answers import DecidedAnswers, latest_decided
from engine.service.impact import Impact, ScoringProblem, WhatIfReport, summarise
from engine.service.library_checks import checked_policy
from engine.service.principals import Principal
from engine.service.releases import release_bundle
from engine.storage import Database
from engine.versioning import MigrationPlan, plan_migration
from engine.versioning.migration import ACTIONS

__all__ = ["MIN_GROUP", "WhatIfReport", "library_policy", "preview_release_impact", "what_if"]

Candidate = Callable[[DecidedAnswers], tuple[ReleaseBundle, dict[str, Response], date]]
"""For one organisation: the bundle, the answers and the date to score the 'after' with."""


def _with_policy(bundle: ReleaseBundle, policy: Policy) -> ReleaseBundle:
    return ReleaseBundle(release=bundle.release, policy=policy, standards=bundle.standards)


def _score(
    bundle: ReleaseBundle, item: DecidedAnswers, answers: dict[str, Response], on: date
) -> AssessmentResult:
    return evaluate_assessment(bundle, item.profile, answers, as_of=on)


def _impact(db: Database, item: DecidedAnswers, candidate: Candidate) -> Impact:
    own = release_bundle(db, item.release_version)
    before = _score(own, item, item.responses, item.decided_on)
    bundle, answers, on = candidate(item)
    after = _score(bundle, item, answers, on)
    standards = frozenset(s.standard_id for s in after.standards if s.applicable)
    return Impact(item, standards, before.decision.outcome, after.decision.outcome)


def _run(principal: Principal, db: Database, subject: str, candidate: Candidate) -> WhatIfReport:
    with db.read() as cursor:
        decided = latest_decided(cursor)
    impacts: list[Impact] = []
    problems: list[ScoringProblem] = []
    for item in decided:
        try:
            impacts.append(_impact(db, item, candidate))
        except EvaluationError as error:
            problem = error.problem
            problems.append(ScoringProblem(problem.code, problem.message, item.assessment_id))
    return summarise(principal, subject, impacts, problems)


def what_if(principal: Principal, db: Database, policy: Policy) -> WhatIfReport:
    """Whose outcome would change if `policy` replaced the policy of their release."""
    require(principal, "policy.what_if")
    bundles: dict[str, ReleaseBundle] = {}

    def candidate(item: DecidedAnswers) -> tuple[ReleaseBundle, dict[str, Response], date]:
        if item.release_version not in bundles:
            own = release_bundle(db, item.release_version)
            bundles[item.release_version] = _with_policy(own, policy)
        return bundles[item.release_version], item.responses, item.decided_on

    return _run(principal, db, f"policy {policy.version}", candidate)


def _confirmed(plan: MigrationPlan, responses: dict[str, Response]) -> dict[str, Response]:
    """The answers as engine.versioning moves them, every carried answer taken as confirmed."""
    moved: dict[str, Response] = {}
    for requirement_id, response in responses.items():
        kept = ACTIONS[plan.action(requirement_id)](response)
        if kept is not None:
            moved[requirement_id] = kept.model_copy(update={"needs_reconfirmation": False})
    return moved


def preview_release_impact(
    principal: Principal, db: Database, new_bundle: ReleaseBundle
) -> WhatIfReport:
    """How many organisations' outcomes would change if they moved to `new_bundle`."""
    require(principal, "release.preview")
    plans: dict[str, MigrationPlan] = {}
    today = clock.today()

    def candidate(item: DecidedAnswers) -> tuple[ReleaseBundle, dict[str, Response], date]:
        if item.release_version not in plans:
            own = release_bundle(db, item.release_version)
            plans[item.release_version] = plan_migration(own, new_bundle)
        return new_bundle, _confirmed(plans[item.release_version], item.responses), today

    return _run(principal, db, f"release {new_bundle.version}", candidate)


def library_policy(version: str, root: Path | None = None) -> Policy:
    """A policy version of the standards library (default: the installed one), refused while
    a problem concerns it (its file, or a release pinning other bytes than it has now)."""
    return checked_policy(version, root)
