"""The engine's result for a stored self-assessment, and which of its findings stop a
submission. One place for both, used by the workflow, the workspace, reviews and reports."""

from __future__ import annotations

from collections.abc import Mapping

from engine.models.assessment import Response
from engine.models.bundle import ReleaseBundle
from engine.models.profile import OrganisationProfile
from engine.rules import EvaluationError
from engine.scoring import AssessmentResult, evaluate_assessment
from engine.service import clock
from engine.service.errors import ScoringFailed

SUBMISSION_BLOCKERS: dict[str, str] = {
    "SA02": "a rating that needs evidence has none",
    "SA03": "not applicable without its reason",
    "SA04": "not applicable where the policy does not allow it",
    "SA08": "a rating that is not on the scale",
}
"""Findings that make a submission incomplete: the answer breaks the policy's rules. Other
findings (a critical requirement rated low, for example) are judged by the reviewers and do not
stop a submission."""


def score(
    bundle: ReleaseBundle, profile: OrganisationProfile, responses: Mapping[str, Response]
) -> AssessmentResult:
    """The engine's result as of today; a condition it cannot evaluate is ScoringFailed."""
    try:
        return evaluate_assessment(bundle, profile, responses, as_of=clock.today())
    except EvaluationError as error:
        problem = error.problem
        raise ScoringFailed(problem.message, problem.field) from None
