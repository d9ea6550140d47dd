"""The Python evaluator of the condition language: the result and its trace.

Every node is evaluated (no short cut), so that an unknown field or a wrong type anywhere in
the tree is reported as an `EvaluationError`, never silently read as false. A fact that is
present but `None` (a metric with no value, e.g. no score yet) makes a comparison false.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from engine.models.conditions import (
    AllOf,
    AnyOf,
    AtLeast,
    AtMost,
    Condition,
    ContainsAll,
    ContainsAny,
    Equals,
    Not,
    OneOf,
)
from engine.rules.trace import FactValue, TraceNode

ErrorCode = Literal["unknown-field", "wrong-type"]


@dataclass(frozen=True)
class EvaluationProblem:
    """Why a condition could not be evaluated: code, message and the field concerned."""

    code: ErrorCode
    message: str
    field: str


class EvaluationError(Exception):
    """A condition could not be evaluated. Carries the problem as data."""

    def __init__(self, problem: EvaluationProblem) -> None:
        super().__init__(f"{problem.code}: {problem.message}")
        self.problem = problem


@dataclass(frozen=True)
class ConditionResult:
    value: bool
    trace: TraceNode


def _kind(value: object) -> str:
    """The type family of a value: text, yes/no, number or list."""
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple | frozenset | set):
        return "list"
    return type(value).__name__


def _wrong_type(field: str, op: str, wanted: str, actual: object) -> EvaluationError:
    message = f"'{op}' on {field} needs {wanted}, but {field} is {_kind(actual)} ({actual!r})"
    return EvaluationError(EvaluationProblem("wrong-type", message, field))


def _read(facts: Mapping[str, object], field: str) -> object:
    if field not in facts:
        known = ", ".join(sorted(facts))
        message = f"unknown field {field!r}; known fields: {known}"
        raise EvaluationError(EvaluationProblem("unknown-field", message, field))
    return facts[field]


def _check_scalar(field: str, op: str, actual: object, expected: object) -> None:
    if actual is not None and _kind(actual) != _kind(expected):
        raise _wrong_type(field, op, f"a {_kind(expected)} value", actual)


def _as_fact(value: object) -> FactValue:
    if isinstance(value, list | tuple | frozenset | set):
        return sorted(str(v) for v in value)
    if value is None or isinstance(value, str | bool | int | float):
        return value
    return repr(value)


def _leaf(node: Equals | OneOf, facts: Mapping[str, object]) -> ConditionResult:
    actual = _read(facts, node.field)
    expected = [node.value] if isinstance(node, Equals) else list(node.values)
    for item in expected:
        _check_scalar(node.field, node.op, actual, item)
    holds = actual is not None and any(actual == item for item in expected)
    shown: FactValue = node.value if isinstance(node, Equals) else [str(v) for v in expected]
    return _result(node.op, holds, node.field, shown, actual)


def _contains(node: ContainsAny | ContainsAll, facts: Mapping[str, object]) -> ConditionResult:
    actual = _read(facts, node.field)
    if not isinstance(actual, list | tuple | frozenset | set):
        raise _wrong_type(node.field, node.op, "a list field", actual)
    present = {str(v) for v in actual}
    test = any if isinstance(node, ContainsAny) else all
    holds = test(v in present for v in node.values)
    return _result(node.op, holds, node.field, list(node.values), actual)


def _compare(node: AtLeast | AtMost, facts: Mapping[str, object]) -> ConditionResult:
    actual = _read(facts, node.field)
    if actual is not None and _kind(actual) != "number":
        raise _wrong_type(node.field, node.op, "a number", actual)
    holds = False
    if isinstance(actual, int | float):
        holds = actual >= node.value if isinstance(node, AtLeast) else actual <= node.value
    return _result(node.op, holds, node.field, node.value, actual)


def _result(
    op: str, holds: bool, field: str, expected: FactValue, actual: object
) -> ConditionResult:
    trace = TraceNode(op=op, value=holds, field=field, expected=expected, actual=_as_fact(actual))
    return ConditionResult(holds, trace)


def _combine(node: AllOf | AnyOf, facts: Mapping[str, object]) -> ConditionResult:
    parts = [evaluate(c, facts) for c in node.conditions]
    test = all if isinstance(node, AllOf) else any
    holds = test(p.value for p in parts)
    trace = TraceNode(op=node.op, value=holds, children=tuple(p.trace for p in parts))
    return ConditionResult(holds, trace)


def _negate(node: Not, facts: Mapping[str, object]) -> ConditionResult:
    inner = evaluate(node.condition, facts)
    return ConditionResult(
        not inner.value, TraceNode(op="not", value=not inner.value, children=(inner.trace,))
    )


_EVALUATORS: dict[type, Callable[[object, Mapping[str, object]], ConditionResult]] = {
    AllOf: _combine,  # type: ignore[dict-item]
    AnyOf: _combine,  # type: ignore[dict-item]
    Not: _negate,  # type: ignore[dict-item]
    Equals: _leaf,  # type: ignore[dict-item]
    OneOf: _leaf,  # type: ignore[dict-item]
    ContainsAny: _contains,  # type: ignore[dict-item]
    ContainsAll: _contains,  # type: ignore[dict-item]
    AtLeast: _compare,  # type: ignore[dict-item]
    AtMost: _compare,  # type: ignore[dict-item]
}


def evaluate(condition: Condition, facts: Mapping[str, object]) -> ConditionResult:
    """Evaluate a condition over facts (profile fields or metrics): the result and its trace.

    Raises `EvaluationError` for a field the facts do not have or a value of the wrong type.
    """
    return _EVALUATORS[type(condition)](condition, facts)
