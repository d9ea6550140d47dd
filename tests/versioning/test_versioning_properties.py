"""Invariants of diffs and migrations over random standards, releases and answers."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from versioning_fixtures import policy

from engine.models import (
    OrganisationProfile,
    Release,
    ReleaseBundle,
    Response,
    SelfAssessment,
    Standard,
)
from engine.rules import evaluate, profile_facts
from engine.versioning import Bump, diff_releases, diff_standards, migrate_self_assessment
from engine.versioning.scope import implies

SETTINGS = ["custodial", "probation", "community", "online", "family"]
TEXTS = st.sampled_from(["Alpha.", "alpha", "Beta gamma.", "Delta, epsilon!", "Zeta"])
LEAVES = st.one_of(
    st.builds(lambda v: {"op": "eq", "field": "works_with_minors", "value": v}, st.booleans()),
    st.builds(
        lambda vs: {"op": "in", "field": "size", "values": vs},
        st.lists(
            st.sampled_from(["small", "medium", "large"]), min_size=1, max_size=3, unique=True
        ),
    ),
    st.builds(
        lambda op, vs: {"op": op, "field": "settings", "values": vs},
        st.sampled_from(["contains_any", "contains_all"]),
        st.lists(st.sampled_from(SETTINGS), min_size=1, max_size=3, unique=True),
    ),
)
CONDITIONS = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.builds(lambda op, cs: {"op": op, "conditions": cs}, st.sampled_from(["all", "any"]),
                  st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda c: {"op": "not", "condition": c}, inner),
    ),
    max_leaves=5,
)  # fmt: skip


def _text(value: str) -> dict[str, str]:
    return {"en": value}


@st.composite
def requirements(draw: st.DrawFn, requirement_id: str) -> dict[str, Any]:
    condition = draw(st.none() | CONDITIONS)
    scope = {"scope": "universal"} if condition is None else {
        "scope": "context-specific", "applies_when": condition}  # fmt: skip
    return {
        "id": requirement_id,
        **scope,
        "title": _text(draw(TEXTS)),
        "statement": _text(draw(TEXTS)),
        "guidance": _text(draw(TEXTS)),
        "evidence_examples": [_text(t) for t in draw(st.lists(TEXTS, min_size=1, max_size=2))],
        "critical": draw(st.booleans()),
        "na_allowed": draw(st.booleans()),
    }


@st.composite
def standards(draw: st.DrawFn, standard_id: str = "safeguarding", code: str = "SG") -> Standard:
    numbers = draw(st.lists(st.integers(1, 8), min_size=1, max_size=6, unique=True))
    return Standard.model_validate({
        "kind": "standard", "schema_version": 1, "id": standard_id, "code": code,
        "version": f"{draw(st.integers(1, 3))}.0.0", "title": _text(draw(TEXTS)),
        "purpose": _text("Purpose."), "scope": "universal",
        "sources": [{"id": "handbook", "title": "Handbook"}],
        "requirements": [draw(requirements(f"{code}-{n:02d}")) for n in numbers],
    })  # fmt: skip


def _bundle(version: str, standard_list: list[Standard]) -> ReleaseBundle:
    release = Release.model_validate({
        "kind": "release", "schema_version": 1, "version": version, "title": _text(version),
        "effective_from": "2026-01-01", "policy": {"version": "1.0.0", "sha256": "0" * 64},
        "standards": [{"id": s.id, "version": s.version, "sha256": "0" * 64}
                      for s in standard_list],
    })  # fmt: skip
    return ReleaseBundle(release, policy("1.0.0"), tuple(standard_list))


@st.composite
def bundles(draw: st.DrawFn, version: str) -> ReleaseBundle:
    chosen = [draw(standards())]
    if draw(st.booleans()):
        chosen.append(draw(standards("staff-care", "SC")))
    return _bundle(version, chosen)


RESPONSES = st.one_of(
    st.builds(lambda r, c: Response(rating=r, needs_reconfirmation=c), st.integers(0, 3),
              st.booleans()),
    st.just(Response(not_applicable=True, na_reason="Not part of our work at all.")),
)  # fmt: skip
PROFILE = OrganisationProfile(
    country="DE", region="europe", income_group="high", organisation_type="civil_society",
    settings=["community"],
)  # fmt: skip


@st.composite
def assessments(draw: st.DrawFn, bundle: ReleaseBundle) -> SelfAssessment:
    ids = draw(st.lists(st.sampled_from(bundle.requirement_ids()), unique=True))
    return SelfAssessment(
        kind="self_assessment", schema_version=1, release=bundle.version, profile=PROFILE,
        organisation={"id": "alpha-exit", "name": "Alpha"},  # type: ignore[arg-type]
        responses={rid: draw(RESPONSES) for rid in ids},
    )  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(standards())
def test_a_diff_of_a_version_with_itself_is_empty(standard: Standard) -> None:
    copy = Standard.model_validate(standard.model_dump())
    diff = diff_standards(standard, copy)
    assert diff.is_empty
    assert diff.required_bump == Bump.NONE


@settings(max_examples=100, deadline=None)
@given(standards(), standards())
def test_what_one_direction_adds_the_other_removes(old: Standard, new: Standard) -> None:
    forward, backward = diff_standards(old, new), diff_standards(new, old)
    assert [r.id for r in forward.added] == [r.id for r in backward.removed]
    assert forward.changed_ids() == backward.changed_ids()
    assert (forward.required_bump == Bump.MAJOR) or not forward.removed


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_migrating_to_the_same_release_changes_nothing(data: st.DataObject) -> None:
    bundle = data.draw(bundles("2026.1"))
    assessment = data.draw(assessments(bundle))
    assert diff_releases(bundle, bundle).is_empty
    result = migrate_self_assessment(assessment, bundle, bundle)
    assert result.assessment == assessment
    assert result.archived == {}
    assert result.new_requirements == ()


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_a_to_b_to_a_keeps_every_answer_whose_requirement_is_in_both(data: st.DataObject) -> None:
    a, b = data.draw(bundles("2026.1")), data.draw(bundles("2027.1"))
    assessment = data.draw(assessments(a))
    there = migrate_self_assessment(assessment, a, b)
    back = migrate_self_assessment(there.assessment, b, a)
    in_both = set(a.requirement_ids()) & set(b.requirement_ids())
    assert back.ok
    assert back.assessment.release == assessment.release
    assert set(back.assessment.responses) == set(assessment.responses) & in_both
    for rid, response in back.assessment.responses.items():
        original = assessment.responses[rid]
        same = response.model_copy(update={"needs_reconfirmation": original.needs_reconfirmation})
        assert same == original
        assert response.needs_reconfirmation or not original.needs_reconfirmation


FACTS = st.builds(
    lambda minors, size, where: {**profile_facts(PROFILE), "works_with_minors": minors,
                                 "size": size, "settings": where},
    st.booleans(), st.sampled_from(["small", "medium", "large"]),
    st.lists(st.sampled_from(SETTINGS), min_size=1, unique=True),
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(CONDITIONS, CONDITIONS, CONDITIONS, FACTS)
def test_implication_is_sound_on_random_profiles(
    a: dict[str, Any], b: dict[str, Any], x: dict[str, Any], facts: dict[str, object]
) -> None:
    provable = [
        ({"op": "all", "conditions": [a, x]}, a),
        (a, {"op": "any", "conditions": [x, a]}),
        ({"op": "not", "condition": {"op": "any", "conditions": [a, x]}},
         {"op": "not", "condition": a}),
    ]  # fmt: skip
    for first, second in provable:
        assert implies(_condition(first), _condition(second))
    for first, second in [*provable, (a, b), (b, x)]:
        node_a, node_b = _condition(first), _condition(second)
        if implies(node_a, node_b) and _holds(node_a, facts):
            assert _holds(node_b, facts)


def _condition(data: dict[str, Any]) -> Any:
    return Standard.model_validate({
        "kind": "standard", "schema_version": 1, "id": "x", "code": "XX", "version": "1.0.0",
        "title": _text("x"), "purpose": _text("x"), "scope": "context-specific",
        "applies_when": data, "sources": [{"id": "h", "title": "h"}],
        "requirements": [{"id": "XX-01", "scope": "universal", "title": _text("x"),
                          "statement": _text("x"), "guidance": _text("x"),
                          "evidence_examples": [_text("x")]}],
    }).applies_when  # fmt: skip


def _holds(condition: Any, facts: dict[str, object]) -> bool:
    return condition is None or evaluate(condition, facts).value
