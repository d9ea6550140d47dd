"""YAML cases per finding code and per decision band, parametrised from tests/scoring/cases.

Each case's id starts with its finding code (e.g. `SA03-...`) or `band-<outcome>-...`, so that
`pytest -k SA03` runs one code's cases.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from scoring_builders import evidence, policy, profile, response, sample_bundle

from engine.models import Response
from engine.scoring import FINDING_RULES, AssessmentResult, evaluate_assessment

CASES = Path(__file__).parent / "cases"
AS_OF = datetime.date(2026, 11, 22)
BASE: dict[str, dict[str, Any]] = {
    "SG-01": {"rating": 3, "evidence": 1},
    "SG-02": {"rating": 3, "evidence": 1},
    "SG-03": {"not_applicable": True, "na_reason": "We run no residential services."},
    "CM-01": {"rating": 3, "evidence": 1},
    "CM-02": {"rating": 3, "evidence": 1},
}


def _load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _responses(case: dict[str, Any]) -> dict[str, Response]:
    merged: dict[str, Any] = {} if case.get("replace_responses") else dict(BASE)
    merged.update(case.get("responses") or {})
    built: dict[str, Response] = {}
    for rid, data in merged.items():
        if data is None:
            continue
        fields = dict(data)
        if isinstance(fields.get("evidence"), int):
            fields["evidence"] = evidence(fields["evidence"])
        built[rid] = response(fields)
    return built


def _score(case: dict[str, Any]) -> AssessmentResult:
    the_policy = policy(**case.get("policy", {}))
    return evaluate_assessment(
        sample_bundle(the_policy),
        profile(**case.get("profile", {})),
        _responses(case),
        as_of=AS_OF,
    )


def _finding_cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("SA*.yaml")):
        document = _load(path)
        for case in document["cases"]:
            case_id = f"{document['code']}-{_slug(case['name'])}"
            params.append(pytest.param(document["code"], case, id=case_id))
    return params


def _band_cases() -> list[Any]:
    params = []
    for band in _load(CASES / "bands.yaml")["bands"]:
        for case in band["cases"]:
            case_id = f"band-{band['outcome']}-{_slug(case['name'])}"
            params.append(pytest.param(case, id=case_id))
    return params


@pytest.mark.parametrize(("code", "case"), _finding_cases())
def test_finding_case(code: str, case: dict[str, Any]) -> None:
    result = _score(case)
    where = case.get("fires_at") or case["silent_at"]
    found = [f for f in result.findings if f.code == code and f.location.requirement_id == where]
    if "silent_at" in case:
        assert found == [], [f.message for f in found]
        return
    assert len(found) == 1, [f.message for f in result.findings]
    finding = found[0]
    rule = FINDING_RULES.get(code)
    assert rule is not None
    assert finding.severity == rule.severity
    assert where in finding.message
    for key, value in (case.get("values") or {}).items():
        assert finding.values[key] == value, key


@pytest.mark.parametrize("case", _band_cases())
def test_decision_band_case(case: dict[str, Any]) -> None:
    result = _score(case)
    decision = result.decision
    assert decision.outcome == case["outcome"], decision.why()
    if "overall" in case:
        assert result.overall_score == pytest.approx(case["overall"], abs=1e-12)
    if "valid_until" in case:
        assert str(decision.valid_until) == case["valid_until"]
    if "actions" in case:
        assert [a.requirement_id for a in decision.improvement_actions] == case["actions"]
    if "due" in case:
        assert {str(a.due) for a in decision.improvement_actions} == {case["due"]}
    if "barred" in case:
        barred = [c for c in decision.trace if c.barred_because]
        assert [c.position for c in barred] == [case["barred"]]


def test_every_finding_code_has_cases_that_fire_and_stay_silent() -> None:
    fired: dict[str, set[str]] = {}
    for param in _finding_cases():
        code, case = param.values
        fired.setdefault(code, set()).add("fires" if "fires_at" in case else "silent")
    assert {rule.code for rule in FINDING_RULES} == set(fired)
    assert all(kinds == {"fires", "silent"} for kinds in fired.values()), fired
