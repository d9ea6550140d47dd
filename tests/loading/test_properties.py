"""Property tests of the loader: valid models survive a trip through YAML; random damage to a
valid file never crashes the loader and is always reported with a location."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from engine.loading import load_document, read_text
from engine.loading.documents import validate_document
from engine.models import SelfAssessment, Standard
from tests.strategies import self_assessments, standards

FIXTURE = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "library"
    / "staff-supervision"
    / "1.0.0.yaml"
)


def to_yaml(model: Standard | SelfAssessment) -> str:
    yaml = YAML()
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump(model.model_dump(mode="json", exclude_none=True), out)
    return out.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(standards())
def test_every_valid_standard_dumped_to_yaml_loads_back_equal(standard: Standard) -> None:
    read = read_text(to_yaml(standard), "generated.yaml")
    assert read.ok, [p.to_text() for p in read.problems]
    model, problems = validate_document(read.data, read.source)
    assert problems == []
    assert model == standard


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(self_assessments())
def test_every_valid_self_assessment_dumped_to_yaml_loads_back_equal(doc: SelfAssessment) -> None:
    read = read_text(to_yaml(doc), "generated.yaml")
    assert read.ok, [p.to_text() for p in read.problems]
    model, problems = validate_document(read.data, read.source)
    assert problems == []
    assert model == doc


ORIGINAL = FIXTURE.read_text(encoding="utf-8")
NOISE = st.sampled_from(
    [
        "\t",
        ":",
        "- ",
        "&a ",
        "*a",
        "!!str ",
        "{",
        "]",
        '"',
        "\\",
        "\x00",
        "é",
        "\n",
        "  ",
        "#",
        "%",
        "@",
        "~",
        "1.10",
        "null",
    ]
)


@st.composite
def damaged(draw: st.DrawFn) -> str:
    text = ORIGINAL
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate-line", "truncate"]))
        if action == "insert":
            text = text[:at] + draw(NOISE) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 30)) :]
        elif action == "duplicate-line":
            lines = text.splitlines(keepends=True)
            i = draw(st.integers(0, max(len(lines) - 1, 0)))
            text = "".join(lines[: i + 1] + lines[i:])
        else:
            text = text[:at]
    return text


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(damaged())
def test_damaged_files_load_or_are_rejected_with_located_errors(
    tmp_path_factory, text: str
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("damaged") / "1.0.0.yaml"
    path.write_text(text, encoding="utf-8")
    document, report = load_document(path)
    if document is not None:
        assert report.valid
        return
    assert report.problems, "rejected without saying why"
    for problem in report.problems:
        assert problem.location.file == str(path)
        if problem.code not in {"empty-document", "file-too-large"}:
            assert problem.location.line is not None and problem.location.line >= 1, problem
            assert problem.location.column is not None and problem.location.column >= 1, problem
