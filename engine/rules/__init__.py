"""The condition language evaluator (with trace) and applicability."""

from engine.rules.applicability import (
    Applicability,
    Reason,
    RequirementApplicability,
    StandardApplicability,
    applicability,
    profile_facts,
)
from engine.rules.evaluator import (
    ConditionResult,
    EvaluationError,
    EvaluationProblem,
    evaluate,
)
from engine.rules.trace import FactValue, TraceNode

__all__ = [
    "Applicability",
    "ConditionResult",
    "EvaluationError",
    "EvaluationProblem",
    "FactValue",
    "Reason",
    "RequirementApplicability",
    "StandardApplicability",
    "TraceNode",
    "applicability",
    "evaluate",
    "profile_facts",
]
