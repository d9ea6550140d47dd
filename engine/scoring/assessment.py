"""Scoring one self-assessment: applicability, figures, findings, metrics and the decision.

Same inputs, same result: nothing here reads the clock or draws a random number; `as_of` is
passed in.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from engine import __version__
from engine.models.assessment import Response
from engine.models.bundle import ReleaseBundle
from engine.models.profile import OrganisationProfile
from engine.rules.applicability import Applicability, applicability
from engine.scoring import figures
from engine.scoring.context import RequirementFacts, ScoringContext, build_context
from engine.scoring.decision import decide, improvement_actions
from engine.scoring.findings import find_all
from engine.scoring.metrics import compute_metrics, overall_score
from engine.scoring.result import (
    AssessmentResult,
    ImprovementAction,
    RequirementResult,
    StandardResult,
)


def _requirement_result(facts: RequirementFacts, top: int) -> RequirementResult:
    return RequirementResult(
        requirement_id=facts.id,
        standard_id=facts.standard.id,
        title=facts.requirement.title,
        critical=facts.requirement.critical,
        applicable=facts.applies,
        reason=facts.reason,
        answer=facts.state,
        rating=facts.rating,
        na=facts.applies and facts.accepted_na,
        score=figures.requirement_score(facts.rating, top) if facts.scored else None,
        weight=facts.weight,
    )


def _standard_results(
    context: ScoringContext, applies: Applicability
) -> tuple[StandardResult, ...]:
    results: list[StandardResult] = []
    for standard in context.bundle.standards:
        entry = applies.standard(standard.id)
        assert entry is not None  # applicability lists every standard of the bundle
        mine = [f for f in context.requirements if f.standard.id == standard.id]
        applicable = [f for f in mine if f.applies]
        answered = sum(1 for f in applicable if f.answered)
        scored = ((f.weight, f.rating) for f in mine if f.scored)
        results.append(
            StandardResult(
                standard_id=standard.id,
                code=standard.code,
                version=standard.version,
                title=standard.title,
                applicable=entry.applies,
                reason=entry.reason,
                score=figures.weighted_score(scored, context.top),
                progress=figures.fraction(answered, len(applicable)),
                applicable_requirements=len(applicable),
                answered_requirements=answered,
            )
        )
    return tuple(results)


def improvement_plan(
    bundle: ReleaseBundle,
    profile: OrganisationProfile,
    responses: Mapping[str, Response],
    *,
    due: datetime.date,
) -> tuple[ImprovementAction, ...]:
    """The improvement actions of a self-assessment whatever band its figures reach: what a
    decider who departs from the engine's outcome makes a certificate conditional on (the
    decision's actions, where the band asks for a plan, are the same)."""
    context = build_context(bundle, applicability(bundle, profile), responses)
    return improvement_actions(context, find_all(context), due)


def evaluate_assessment(
    bundle: ReleaseBundle,
    profile: OrganisationProfile,
    responses: Mapping[str, Response],
    *,
    as_of: datetime.date,
) -> AssessmentResult:
    """Score a self-assessment against a release bundle as of a date, explaining every step.

    Raises `engine.rules.EvaluationError` when a condition of the release cannot be evaluated.
    """
    applies = applicability(bundle, profile)
    context = build_context(bundle, applies, responses)
    standards = _standard_results(context, applies)
    findings = find_all(context)
    metrics = compute_metrics(context, standards, findings)
    return AssessmentResult(
        engine_version=__version__,
        release_version=bundle.version,
        policy_version=bundle.policy.version,
        as_of=as_of,
        requirements=tuple(_requirement_result(f, context.top) for f in context.requirements),
        standards=standards,
        overall_score=overall_score(context),
        coverage=metrics["coverage"],
        metrics=metrics,
        findings=findings,
        decision=decide(context, metrics, findings, as_of),
    )
