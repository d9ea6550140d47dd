"""A file named .json is read as JSON: what the YAML parser would forgive (a trailing comma,
a comment, single quotes) is refused at its line and column, as any JSON reader would."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.loading import load_self_assessment
from engine.loading.reader import read_file

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "accredited.yaml"


@pytest.fixture
def example_json() -> str:
    return json.dumps(read_file(EXAMPLE).data, indent=2, ensure_ascii=False)


def test_a_json_self_assessment_scores_as_its_yaml(tmp_path: Path, example_json: str) -> None:
    path = tmp_path / "accredited.json"
    path.write_text(example_json, encoding="utf-8")
    from_json, report = load_self_assessment(path)
    assert report.valid, report.to_text()
    from_yaml, _ = load_self_assessment(EXAMPLE)
    assert from_json == from_yaml


def _trailing_comma(text: str) -> str:
    return text.rstrip().removesuffix("}").rstrip() + ",\n}\n"


def _single_quotes(text: str) -> str:
    return text.replace('"kind": "self_assessment"', "'kind': 'self_assessment'", 1)


def _comment(text: str) -> str:
    return text.replace("{", "{ // the example", 1)


@pytest.mark.parametrize(
    ("broken", "says", "at"),
    [
        (_trailing_comma, "a comma before }: JSON allows no trailing comma", "end"),
        (_single_quotes, "double quotes", (2, 3)),
        (_comment, "double quotes", (1, 3)),
    ],
)
def test_what_json_does_not_allow_is_located(
    tmp_path: Path, example_json: str, broken: Callable[[str], str], says: str, at: object
) -> None:
    text = broken(example_json)
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    document, report = load_self_assessment(path)
    assert document is None
    (problem,) = report.errors
    assert problem.code == "json-syntax"
    assert says in problem.message
    lines = text.splitlines()
    if at == "end":  # the comma itself, at the end of the line before the last
        at = (len(lines) - 1, len(lines[-2]))
    assert (problem.location.line, problem.location.column) == at
    assert "trailing commas" in problem.hint_text


def test_the_same_text_named_yaml_is_still_read_as_yaml(tmp_path: Path) -> None:
    path = tmp_path / "flow.yaml"
    path.write_text('{"a": [1, 2,], "b": 3,}\n', encoding="utf-8")
    assert read_file(path).data == {"a": [1, 2], "b": 3}
