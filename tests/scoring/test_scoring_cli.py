"""`accredit score` and `accredit explain`, end to end through engine.cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CONDITIONAL = str(EXAMPLES / "conditionally-accredited.yaml")
AS_OF = ["--as-of", "2026-11-22"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_score_text_shows_standards_findings_decision_and_why(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "score", CONDITIONAL, *AS_OF)
    assert code == 0
    assert "Decision: Conditionally accredited, valid until 2027-11-22" in out
    assert "RAE  Risk assessment" in out
    assert "SA01 critical-below-threshold" in out
    assert "band 2 (conditionally_accredited): holds" in out
    assert "by 2027-02-20:" in out  # 90 days of the policy's improvement plan


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("accredited.yaml", "accredited"),
        ("conditionally-accredited.yaml", "conditionally_accredited"),
        ("not-accredited.yaml", "not_accredited"),
    ],
)
def test_score_json_of_each_example(
    capsys: pytest.CaptureFixture[str], name: str, outcome: str
) -> None:
    code, out, _ = run(capsys, "score", str(EXAMPLES / name), "--format", "json", *AS_OF)
    assert code == 0
    payload = json.loads(out)
    assert payload["decision"]["outcome"] == outcome
    assert payload["release_version"] == "2026.1"
    assert payload["as_of"] == "2026-11-22"


def test_same_file_same_date_same_json(capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "score", CONDITIONAL, "--format", "json", *AS_OF)
    second = run(capsys, "score", CONDITIONAL, "--format", "json", *AS_OF)
    assert first == second


def test_explain_shows_why_a_requirement_applies_and_its_score(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "explain", CONDITIONAL, "--requirement", "CM-04", *AS_OF)
    assert code == 0
    assert "context-specific: the organisation's profile matches" in out
    assert "settings contains any of ['custodial']" in out
    assert "Score: 0.500" in out


def test_explain_of_a_requirement_that_does_not_apply(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", CONDITIONAL, "--requirement", "FOR-01", *AS_OF)
    assert code == 0
    assert "Applies: no" in out
    assert "its standard does not apply" in out


def test_explain_unknown_requirement_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "explain", CONDITIONAL, "--requirement", "ZZ-01", *AS_OF)
    assert code == 2
    assert "no requirement 'ZZ-01'" in err


def test_invalid_file_exits_1_with_located_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    text = (EXAMPLES / "accredited.yaml").read_text("utf-8").replace("rating: 4", "rating: four", 1)
    bad.write_text(text, "utf-8")
    code, out, _ = run(capsys, "score", str(bad), *AS_OF)
    assert code == 1
    assert "bad.yaml:" in out
    assert "Traceback" not in out


def test_release_not_in_library_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    text = (EXAMPLES / "accredited.yaml").read_text("utf-8").replace("'2026.1'", "'2031.4'")
    other.write_text(text, "utf-8")
    code, out, _ = run(capsys, "score", str(other), "--format", "json", *AS_OF)
    assert code == 1
    problems = json.loads(out)["problems"]
    assert any("2031.4" in p["message"] and p["code"] == "unknown-reference" for p in problems)


def test_missing_file_and_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "score", "/nonexistent/file.yaml", *AS_OF)[0] == 1
    assert run(capsys, "score", CONDITIONAL, "--as-of", "tomorrow")[0] == 2


def test_explain_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "explain", CONDITIONAL, "--requirement", "RAE-03", "--format", "json", *AS_OF
    )
    assert code == 0
    payload = json.loads(out)
    assert payload["requirement"]["reason"]["kind"] == "universal"
    assert [f["code"] for f in payload["findings"]] == ["SA01"]
    assert payload["findings"][0]["values"] == {
        "requirement_id": "RAE-03",
        "title": "Escalation protocol with a two-person decision",
        "rating": 2,
        "shown": "rated 2",
        "threshold": 3,
    }
