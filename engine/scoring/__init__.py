"""Scores, findings and decisions (Python) and the DuckDB SQL back-end."""

from engine.scoring.assessment import evaluate_assessment, improvement_plan
from engine.scoring.findings import FINDING_RULES, Finding, Location
from engine.scoring.result import (
    AssessmentResult,
    BandCheck,
    Decision,
    ImprovementAction,
    RequirementResult,
    StandardResult,
)

__all__ = [
    "FINDING_RULES",
    "AssessmentResult",
    "BandCheck",
    "Decision",
    "Finding",
    "ImprovementAction",
    "Location",
    "RequirementResult",
    "StandardResult",
    "evaluate_assessment",
    "improvement_plan",
]
