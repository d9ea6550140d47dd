"""Scoring a self-assessment file against the release it pins: what `accredit score` and
`accredit explain` call. No principal is needed: the file is the caller's own and nothing here
reads or writes stored organisation data. The date is passed in; nothing here reads the clock.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from engine.loading import (
    Location,
    Problem,
    ValidationReport,
    load_library,
    load_self_assessment,
    read_file,
)
from engine.models import ReleaseBundle, SelfAssessment
from engine.rules import EvaluationError
from engine.scoring import AssessmentResult, evaluate_assessment
from engine.scoring.text import explain_lines, score_lines
from engine.service.library_checks import release_problems

__all__ = ["ScoredFile", "explain_lines", "score_lines", "score_self_assessment_file"]


@dataclass(frozen=True)
class ScoredFile:
    """A scored file, or the problems that stopped it from being scored."""

    report: ValidationReport
    assessment: SelfAssessment | None = None
    bundle: ReleaseBundle | None = None
    result: AssessmentResult | None = None

    @property
    def scored(self) -> bool:
        return self.result is not None


def _bundle_for(
    assessment: SelfAssessment, path: Path, display: str, library_root: Path | None
) -> tuple[ReleaseBundle | None, ValidationReport]:
    library, library_report = load_library(library_root)
    bundle = library.bundle(assessment.release)
    report = ValidationReport(files=[display])
    if bundle is None:
        broken = release_problems(library, library_report, assessment.release)
        known = ", ".join(library.release_versions()) or "none"
        message = f"release {assessment.release} is not in the library (known: {known})"
        hint = None
        if broken:
            message = f"release {assessment.release} cannot be used: its files have errors"
            hint = "Fix the library files named here (`accredit validate` lists every error)."
        at = read_file(path, display).source.locate(("release",))
        report.problems.append(Problem("unknown-reference", message, at, hint=hint))
        report.problems.extend(broken)
        return None, report
    report.problems.extend(release_problems(library, library_report, bundle.version))
    return (bundle if report.valid else None), report


def score_self_assessment_file(
    path: Path, *, as_of: datetime.date, library_root: Path | None = None
) -> ScoredFile:
    """Load a self-assessment (YAML or JSON), find its pinned release and score it."""
    display = str(path)
    assessment, report = load_self_assessment(path, display)
    if assessment is None:
        return ScoredFile(report=report)
    bundle, bundle_report = _bundle_for(assessment, path, display, library_root)
    report.extend(bundle_report)
    if bundle is None:
        return ScoredFile(report=report, assessment=assessment)
    try:
        result = evaluate_assessment(bundle, assessment.profile, assessment.responses, as_of=as_of)
    except EvaluationError as error:
        problem = error.problem
        message = f"a condition of release {bundle.version} cannot be evaluated: {problem.message}"
        report.problems.append(
            Problem("condition-field", message, Location(display, field=problem.field))
        )
        return ScoredFile(report=report, assessment=assessment, bundle=bundle)
    return ScoredFile(report=report, assessment=assessment, bundle=bundle, result=result)
