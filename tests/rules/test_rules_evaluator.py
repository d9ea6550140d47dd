"""The condition evaluator: results, traces, and errors that are never a silent false."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from engine.models.conditions import Condition
from engine.rules import EvaluationError, evaluate

CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)
FACTS: dict[str, object] = {
    "country": "DE",
    "region": "europe",
    "settings": ["custodial", "community"],
    "works_with_minors": False,
    "overall_score": 0.8,
    "unanswered": 0,
    "min_standard_score": None,
}


def cond(data: dict[str, Any]) -> Condition:
    return CONDITION.validate_python(data)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"op": "eq", "field": "country", "value": "DE"}, True),
        ({"op": "eq", "field": "country", "value": "FR"}, False),
        ({"op": "eq", "field": "works_with_minors", "value": False}, True),
        ({"op": "in", "field": "region", "values": ["africa", "europe"]}, True),
        ({"op": "contains_any", "field": "settings", "values": ["online", "custodial"]}, True),
        ({"op": "contains_all", "field": "settings", "values": ["online", "custodial"]}, False),
        ({"op": "gte", "field": "overall_score", "value": 0.8}, True),
        ({"op": "lte", "field": "unanswered", "value": 0}, True),
        ({"op": "gte", "field": "min_standard_score", "value": 0.1}, False),
        (
            {"op": "not", "condition": {"op": "gte", "field": "min_standard_score", "value": 0}},
            True,
        ),
    ],
)
def test_each_operator(data: dict[str, Any], expected: bool) -> None:
    result = evaluate(cond(data), FACTS)
    assert result.value is expected
    assert result.trace.value is expected


def test_trace_names_the_deciding_node_and_its_values() -> None:
    condition = cond(
        {
            "op": "all",
            "conditions": [
                {"op": "eq", "field": "country", "value": "DE"},
                {"op": "contains_any", "field": "settings", "values": ["online"]},
            ],
        }
    )
    result = evaluate(condition, FACTS)
    assert result.value is False
    (decider,) = result.trace.deciding()
    assert (decider.field, decider.expected, decider.actual) == (
        "settings",
        ["online"],
        ["community", "custodial"],
    )
    assert "settings contains any of ['online']" in result.trace.to_text()
    assert "country" not in result.trace.to_text()  # only the deciding path is shown


def test_unknown_field_is_an_error_even_in_a_branch_that_does_not_decide() -> None:
    condition = cond(
        {
            "op": "any",
            "conditions": [
                {"op": "eq", "field": "country", "value": "DE"},
                {"op": "eq", "field": "size", "value": "small"},
            ],
        }
    )
    with pytest.raises(EvaluationError) as caught:
        evaluate(condition, FACTS)
    assert caught.value.problem.code == "unknown-field"
    assert caught.value.problem.field == "size"


@pytest.mark.parametrize(
    "data",
    [
        {"op": "eq", "field": "works_with_minors", "value": "no"},
        {"op": "eq", "field": "country", "value": 1},
        {"op": "contains_any", "field": "country", "values": ["DE"]},
        {"op": "gte", "field": "country", "value": 3},
        {"op": "in", "field": "unanswered", "values": ["zero"]},
    ],
)
def test_wrong_type_is_an_error(data: dict[str, Any]) -> None:
    with pytest.raises(EvaluationError) as caught:
        evaluate(cond(data), FACTS)
    assert caught.value.problem.code == "wrong-type"
    assert caught.value.problem.field == data["field"]


def test_trace_is_json_serialisable() -> None:
    result = evaluate(cond({"op": "eq", "field": "country", "value": "DE"}), FACTS)
    assert result.trace.model_dump(mode="json")["actual"] == "DE"
