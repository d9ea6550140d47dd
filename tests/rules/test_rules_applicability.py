"""Applicability: every standard and requirement with applies and the reason."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))
from scoring_builders import (
    bundle,
    profile,
    requirement,
    sample_bundle,
    standard,
)

from engine.rules import EvaluationError, applicability


def test_universal_context_and_standard_reasons() -> None:
    result = applicability(sample_bundle(), profile(settings=["community"]))
    reasons = {r.requirement_id: (r.applies, r.reason.kind) for r in result.requirements}
    assert reasons["SG-01"] == (True, "universal")
    assert reasons["SG-04"] == (False, "context_does_not_match")
    assert reasons["PW-01"] == (False, "standard_does_not_apply")
    prison = result.standard("prison-work")
    assert prison is not None and prison.applies is False
    assert "settings contains any of ['custodial']" in prison.reason.to_text()
    assert result.applicable_requirement_ids() == ("SG-01", "SG-02", "SG-03", "CM-01", "CM-02")


def test_matching_context_applies_with_its_trace() -> None:
    result = applicability(sample_bundle(), profile(settings=["custodial"], works_with_minors=True))
    minors = result.requirement("SG-04")
    assert minors is not None and minors.applies
    assert minors.reason.kind == "context_matches"
    assert minors.reason.trace is not None and minors.reason.trace.actual is True
    assert {"PW-01", "PW-02"} <= set(result.applicable_requirement_ids())


def test_requirement_narrows_but_never_widens_its_standard() -> None:
    custodial = {"op": "contains_any", "field": "settings", "values": ["custodial"]}
    online = {"op": "contains_any", "field": "settings", "values": ["online"]}
    the_bundle = bundle(
        [standard("prison-work", "PW", [requirement("PW-01", applies_when=online)], custodial)]
    )
    result = applicability(the_bundle, profile(settings=["online"]))
    entry = result.requirement("PW-01")
    assert entry is not None and entry.applies is False
    assert entry.reason.kind == "standard_does_not_apply"


def test_a_condition_on_a_metric_field_is_an_error_not_false() -> None:
    bad = {"op": "gte", "field": "overall_score", "value": 0.5}
    the_bundle = bundle([standard("odd", "OD", [requirement("OD-01", applies_when=bad)])])
    with pytest.raises(EvaluationError) as caught:
        applicability(the_bundle, profile())
    assert caught.value.problem.code == "unknown-field"
