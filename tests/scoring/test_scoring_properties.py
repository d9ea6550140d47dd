"""The invariants of the issue's "Must hold", as hypothesis properties."""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scoring_builders import bundle, requirement, sample_bundle, sample_standards, standard
from scoring_strategies import answers, bundles, profiles, random_policy

from engine.models import OrganisationProfile, ReleaseBundle, Response
from engine.models.standard import Requirement
from engine.scoring import AssessmentResult, evaluate_assessment, figures

AS_OF = datetime.date(2026, 11, 22)
RANK = {"not_accredited": 0, "conditionally_accredited": 1, "accredited": 2}
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def score(b: ReleaseBundle, p: OrganisationProfile, r: dict[str, Response]) -> AssessmentResult:
    return evaluate_assessment(b, p, r, as_of=AS_OF)


@st.composite
def assessed(draw: st.DrawFn) -> tuple[ReleaseBundle, OrganisationProfile, dict[str, Response]]:
    the_bundle = draw(bundles())
    return the_bundle, draw(profiles()), draw(answers(the_bundle))


def _requirement(the_bundle: ReleaseBundle, requirement_id: str) -> Requirement:
    found = the_bundle.requirement(requirement_id)
    assert found is not None
    return found[1]


def _bounded(value: float | None) -> bool:
    return value is None or 0.0 <= value <= 1.0


@SETTINGS
@given(assessed())
def test_scores_stay_within_bounds(
    case: tuple[ReleaseBundle, OrganisationProfile, dict[str, Response]],
) -> None:
    result = score(*case)
    assert _bounded(result.overall_score)
    assert _bounded(result.coverage)
    assert all(_bounded(r.score) for r in result.requirements)
    assert all(_bounded(s.score) and _bounded(s.progress) for s in result.standards)
    for name, value in result.metrics.items():
        assert value is None or value >= 0, name
        if isinstance(value, float):
            assert value <= 1.0, name


def _with_evidence(responses: dict[str, Response]) -> dict[str, Response]:
    """The same answers, each with enough evidence for any rating of the test policies."""
    enough = [{"type": "link", "title": "doc", "url": f"https://example.org/{i}"} for i in range(2)]
    return {
        rid: Response.model_validate({**r.model_dump(exclude={"evidence"}), "evidence": enough})
        for rid, r in responses.items()
    }


@SETTINGS
@given(assessed(), st.data())
def test_raising_a_rating_never_lowers_a_score_or_worsens_the_decision(
    case: tuple[ReleaseBundle, OrganisationProfile, dict[str, Response]], data: st.DataObject
) -> None:
    """Given the evidence each rating needs: without it, a higher rating may rightly raise a
    blocking finding (SA02), which is the policy's intent, not a loss of monotonicity."""
    the_bundle, the_profile, raw = case
    responses = _with_evidence(raw)
    rated = [rid for rid, r in responses.items() if r.rating is not None and r.rating < 3]
    assume(rated)
    rid = data.draw(st.sampled_from(rated))
    old = responses[rid]
    assert old.rating is not None
    raised = old.model_copy(update={"rating": data.draw(st.integers(old.rating + 1, 3))})
    before = score(the_bundle, the_profile, responses)
    after = score(the_bundle, the_profile, {**responses, rid: raised})
    for b, a in zip(
        before.requirements + before.standards, after.requirements + after.standards, strict=True
    ):  # type: ignore[operator]
        assert (a.score or 0) >= (b.score or 0)
    assert (after.overall_score or 0) >= (before.overall_score or 0)
    assert RANK[after.decision.outcome] >= RANK[before.decision.outcome]


@SETTINGS
@given(profiles(), random_policy(), st.data())
def test_a_context_that_does_not_match_changes_nothing(
    the_profile: OrganisationProfile, the_policy: object, data: st.DataObject
) -> None:
    missing = [
        s
        for s in ("custodial", "probation", "community", "online", "family")
        if s not in the_profile.settings
    ]
    assume(missing)
    elsewhere = {"op": "contains_any", "field": "settings", "values": missing}
    base = sample_standards()
    extra_requirement = requirement("SG-09", critical=True, applies_when=elsewhere)
    widened = [
        standard("safeguarding", "SG", [*base[0].model_dump()["requirements"], extra_requirement]),
        *base[1:],
        standard("elsewhere", "EW", [requirement("EW-01", critical=True)], applies_when=elsewhere),
    ]
    plain = bundle(base, the_policy)  # type: ignore[arg-type]
    wider = bundle(widened, the_policy)  # type: ignore[arg-type]
    responses = data.draw(answers(plain, extra=False))
    before, after = score(plain, the_profile, responses), score(wider, the_profile, responses)
    assert after.metrics == before.metrics
    assert after.findings == before.findings
    assert after.decision == before.decision
    assert [s for s in after.standards if s.standard_id != "elsewhere"] == list(before.standards)


@SETTINGS
@given(assessed())
def test_a_critical_failure_always_prevents_accreditation(
    case: tuple[ReleaseBundle, OrganisationProfile, dict[str, Response]],
) -> None:
    result = score(*case)
    if result.metrics["critical_below_implemented"]:
        assert result.decision.outcome != "accredited"
        assert any(f.code == "SA01" for f in result.findings)


@SETTINGS
@given(profiles(), st.data())
def test_na_where_allowed_never_changes_other_requirements_scores(
    the_profile: OrganisationProfile, data: st.DataObject
) -> None:
    the_bundle = sample_bundle(data.draw(random_policy()))
    responses = data.draw(answers(the_bundle))
    first = score(the_bundle, the_profile, responses)
    allowed = [
        r.requirement_id
        for r in first.requirements
        if r.applicable
        and figures.na_permitted(_requirement(the_bundle, r.requirement_id), the_bundle.policy)
    ]
    assume(allowed)
    rid = data.draw(st.sampled_from(allowed))
    na = Response.model_validate(
        {"not_applicable": True, "na_reason": "We never work in this setting."}
    )
    second = score(the_bundle, the_profile, {**responses, rid: na})
    assert second.requirement(rid).na  # type: ignore[union-attr]
    for a, b in zip(first.requirements, second.requirements, strict=True):
        if a.requirement_id != rid:
            assert (a.score, a.weight, a.applicable) == (b.score, b.weight, b.applicable)


@settings(max_examples=30, deadline=None)
@given(assessed())
def test_same_inputs_give_the_same_result(
    case: tuple[ReleaseBundle, OrganisationProfile, dict[str, Response]],
) -> None:
    first, second = score(*case), score(*case)
    assert first.model_dump(mode="json") == second.model_dump(mode="json")
