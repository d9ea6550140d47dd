"""Every kind of change and every bump rule, table-driven over the fixture standards."""

from __future__ import annotations

from typing import Any

import pytest
from versioning_fixtures import policy, standard

from engine.models import Policy, Requirement, Standard
from engine.versioning import BUMP_RULES, Bump, diff_policies, diff_standards, requirement_changes

SAFEGUARDING = standard("safeguarding", "1.0.0")
MINORS = SAFEGUARDING.requirement("SG-02")  # context-specific: works_with_minors, not critical
RISK = SAFEGUARDING.requirement("SG-01")  # universal, critical
assert MINORS is not None
assert RISK is not None

WITH_MINORS = {"op": "eq", "field": "works_with_minors", "value": True}
FAMILY = {"op": "contains_any", "field": "settings", "values": ["family"]}
TWO_EXAMPLES = [{"en": "Training register"}, {"en": "Training plan"}]


def _requirement(base: Requirement, **changes: Any) -> Requirement:
    return Requirement.model_validate({**base.model_dump(exclude_none=True), **changes})


def _standard(base: Standard, **changes: Any) -> Standard:
    return Standard.model_validate({**base.model_dump(exclude_none=True), **changes})


def _policy(base: Policy, **changes: Any) -> Policy:
    return Policy.model_validate({**base.model_dump(exclude_none=True), **changes})


def _in(*values: object) -> dict[str, object]:
    return {"op": "in", "field": "works_with_minors", "values": list(values)}


REQUIREMENT_CASES: list[tuple[str, Requirement, dict[str, Any], str, str, Bump]] = [
    ("title", MINORS, {"title": {"en": "Protecting minors"}}, "title", "reworded", Bump.PATCH),
    ("title translated", MINORS, {"title": {"en": "Safeguarding minors", "de": "Kinderschutz"}},
     "title", "reworded", Bump.PATCH),
    ("statement punctuation and case", MINORS, {"statement": {
        "en": "staff who work with minors have had safeguarding-training in the last two years"}},
     "statement", "reworded", Bump.PATCH),
    ("statement translated", MINORS, {"statement": {
        "en": MINORS.statement.en, "fr": "Le personnel est formé."}},
     "statement", "reworded", Bump.PATCH),
    ("statement rewritten", MINORS, {"statement": {
        "en": "Staff who work with minors have had safeguarding training in the last year."}},
     "statement", "rewritten", Bump.MAJOR),
    ("guidance", MINORS, {"guidance": {"en": "Cover referral routes."}},
     "guidance", "reworded", Bump.PATCH),
    ("evidence reworded", MINORS, {"evidence_examples": [{"en": "Training records"}]},
     "evidence_examples", "reworded", Bump.PATCH),
    ("evidence added", MINORS, {"evidence_examples": TWO_EXAMPLES},
     "evidence_examples", "added", Bump.MINOR),
    ("evidence removed", _requirement(MINORS, evidence_examples=TWO_EXAMPLES),
     {"evidence_examples": [{"en": "Training register"}]},
     "evidence_examples", "removed", Bump.MINOR),
    ("sources", MINORS, {"sources": ["index-handbook"]}, "sources", "changed", Bump.PATCH),
    ("now universal", MINORS, {"scope": "universal", "applies_when": None},
     "scope", "widened", Bump.MINOR),
    ("no longer universal", RISK, {"scope": "context-specific", "applies_when": WITH_MINORS},
     "scope", "narrowed", Bump.MAJOR),
    ("condition with an alternative", MINORS,
     {"applies_when": {"op": "any", "conditions": [WITH_MINORS, FAMILY]}},
     "scope", "widened", Bump.MINOR),
    ("condition with an extra clause", MINORS,
     {"applies_when": {"op": "all", "conditions": [WITH_MINORS, FAMILY]}},
     "scope", "narrowed", Bump.MAJOR),
    ("condition on another field", MINORS, {"applies_when": FAMILY},
     "scope", "changed", Bump.MAJOR),
    ("condition written another way", MINORS, {"applies_when": _in(True)},
     "scope", "rephrased", Bump.PATCH),
    ("made critical", MINORS, {"critical": True}, "critical", "made critical", Bump.MAJOR),
    ("no longer critical", RISK, {"critical": False},
     "critical", "no longer critical", Bump.MAJOR),
    ("N/A allowed", MINORS, {"na_allowed": True}, "na_allowed", "allowed", Bump.MINOR),
    ("N/A withdrawn", _requirement(MINORS, na_allowed=True), {"na_allowed": False},
     "na_allowed", "withdrawn", Bump.MAJOR),
]  # fmt: skip

STANDARD_CASES: list[tuple[str, dict[str, Any], str, str, Bump]] = [
    ("title", {"title": {"en": "Safeguarding and protection"}}, "title", "reworded", Bump.PATCH),
    ("purpose", {"purpose": {"en": "Keep everyone safe."}}, "purpose", "reworded", Bump.PATCH),
    ("code", {"code": "SF"}, "code", "changed", Bump.MAJOR),
    ("sources", {"sources": [{"id": "index-handbook", "title": "INDEX handbook, 2nd ed."}]},
     "sources", "changed", Bump.PATCH),
    ("narrowed", {"scope": "context-specific", "applies_when": FAMILY},
     "scope", "narrowed", Bump.MAJOR),
]  # fmt: skip

BASE_POLICY = policy("1.0.0")
LEVELS = BASE_POLICY.rating_scale.model_dump()["levels"]
BANDS = BASE_POLICY.model_dump(exclude_none=True)["decision_bands"]


def _scale(**changes: Any) -> dict[str, Any]:
    return {**BASE_POLICY.rating_scale.model_dump(), **changes}


def _band_label(label: str) -> list[dict[str, Any]]:
    return [{**BANDS[0], "label": {"en": label}}, *BANDS[1:]]


POLICY_CASES: list[tuple[str, dict[str, Any], str, str, Bump]] = [
    ("title", {"title": {"en": "Policy"}}, "title", "reworded", Bump.PATCH),
    ("level label", {"rating_scale": _scale(levels=[
        {**LEVELS[0], "label": {"en": "Absent"}}, *LEVELS[1:]])}, "labels", "reworded", Bump.PATCH),
    ("band label", {"decision_bands": _band_label("Certified")}, "labels", "reworded", Bump.PATCH),
    ("scale", {"rating_scale": _scale(implemented_at=2)}, "rating_scale", "changed", Bump.MAJOR),
    ("weights", {"weights": {"default": 1.0, "critical": 3.0}}, "weights", "changed", Bump.MAJOR),
    ("threshold", {"critical_threshold": 2}, "critical_threshold", "changed", Bump.MAJOR),
    ("bands", {"decision_bands": [{**BANDS[0], "validity_months": 24}, *BANDS[1:]]},
     "decision_bands", "changed", Bump.MAJOR),
    ("N/A rule", {"not_applicable": {"min_reason_length": 10}},
     "not_applicable", "changed", Bump.MAJOR),
    ("evidence rule", {"evidence": []}, "evidence", "changed", Bump.MAJOR),
    ("review", {"review": {"independent_decision": False}}, "review", "changed", Bump.MINOR),
]  # fmt: skip


@pytest.mark.parametrize(
    ("base", "changes", "aspect", "kind", "bump"),
    [case[1:] for case in REQUIREMENT_CASES],
    ids=[case[0] for case in REQUIREMENT_CASES],
)
def test_requirement_change_and_its_bump(
    base: Requirement, changes: dict[str, Any], aspect: str, kind: str, bump: Bump
) -> None:
    found = requirement_changes(base, _requirement(base, **changes))
    assert [(c.aspect, c.kind, c.bump) for c in found] == [(aspect, kind, bump)]


@pytest.mark.parametrize(
    ("changes", "aspect", "kind", "bump"),
    [case[1:] for case in STANDARD_CASES],
    ids=[case[0] for case in STANDARD_CASES],
)
def test_standard_change_and_its_bump(
    changes: dict[str, Any], aspect: str, kind: str, bump: Bump
) -> None:
    diff = diff_standards(SAFEGUARDING, _standard(SAFEGUARDING, **changes))
    assert [(c.aspect, c.kind, c.bump) for c in diff.standard_changes] == [(aspect, kind, bump)]
    assert diff.required_bump == bump


@pytest.mark.parametrize(
    ("changes", "aspect", "kind", "bump"),
    [case[1:] for case in POLICY_CASES],
    ids=[case[0] for case in POLICY_CASES],
)
def test_policy_change_and_its_bump(
    changes: dict[str, Any], aspect: str, kind: str, bump: Bump
) -> None:
    diff = diff_policies(BASE_POLICY, _policy(BASE_POLICY, **changes))
    assert [(c.aspect, c.kind, c.bump) for c in diff.changes] == [(aspect, kind, bump)]
    assert diff.required_bump == bump


def test_added_and_removed_requirements_need_minor_and_major() -> None:
    fewer = _standard(
        SAFEGUARDING, requirements=[r.model_dump() for r in SAFEGUARDING.requirements[:2]]
    )
    assert diff_standards(fewer, SAFEGUARDING).required_bump == Bump.MINOR
    assert diff_standards(SAFEGUARDING, fewer).required_bump == Bump.MAJOR
    assert [r.id for r in diff_standards(SAFEGUARDING, fewer).removed] == ["SG-03"]


def test_the_cases_cover_every_rule_of_the_bump_table() -> None:
    covered = {(c[3], c[4]) for c in REQUIREMENT_CASES}
    covered |= {(c[2], c[3]) for c in (*STANDARD_CASES, *POLICY_CASES)}
    covered |= {("requirement", "added"), ("requirement", "removed")}  # test above
    covered |= {("standard", "added"), ("standard", "removed")}  # test_versioning_diff
    assert covered == set(BUMP_RULES)


def test_a_policy_change_carries_its_values_for_the_notes() -> None:
    """The board must see what moved (critical weight 2 → 3), not only that something did."""
    heavier = _policy(BASE_POLICY, weights={"default": 1.0, "critical": 3.0})
    (change,) = diff_policies(BASE_POLICY, heavier).changes
    assert (change.old, change.new) == ("default=1.0, critical=2.0", "default=1.0, critical=3.0")
    assert change.values == ": default=1.0, critical=2.0 → default=1.0, critical=3.0"
    bands = [b.model_dump(exclude_none=True) for b in BASE_POLICY.decision_bands]
    bands[0]["outcome"] = "conditionally_accredited"
    (band_change,) = diff_policies(BASE_POLICY, _policy(BASE_POLICY, decision_bands=bands)).changes
    assert band_change.old and band_change.new and band_change.old != band_change.new
