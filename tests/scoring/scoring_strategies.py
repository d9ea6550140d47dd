"""Hypothesis strategies: random conditions, releases, policies, profiles and answers."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from scoring_builders import bundle, default_bands, evidence, policy, requirement, standard

from engine.models import OrganisationProfile, Policy, ReleaseBundle, Response
from engine.models.profile import PROFILE_VOCABULARY

TEXT_FIELDS = ("region", "income_group", "organisation_type", "size")
BOOL_FIELDS = (
    "works_with_minors",
    "employs_former_extremists",
    "works_with_returnees",
    "mandatory_reporting_jurisdiction",
)
LIST_FIELDS = ("settings", "ideologies")
COUNTRIES = ("DE", "FR", "NG", "ID")
REASONS = (None, "no", "   short   ", "We run no residential services at all.", "\t\tx\t\t")


@st.composite
def leaf(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(("text", "country", "bool", "list")))
    if kind == "bool":
        return {
            "op": "eq",
            "field": draw(st.sampled_from(BOOL_FIELDS)),
            "value": draw(st.booleans()),
        }
    if kind == "country":
        values = draw(st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=2, unique=True))
        return {"op": "in", "field": "country", "values": values}
    if kind == "text":
        name = draw(st.sampled_from(TEXT_FIELDS))
        values = draw(
            st.lists(st.sampled_from(PROFILE_VOCABULARY[name]), min_size=1, max_size=2, unique=True)
        )
        if len(values) == 1 and draw(st.booleans()):
            return {"op": "eq", "field": name, "value": values[0]}
        return {"op": "in", "field": name, "values": values}
    name = draw(st.sampled_from(LIST_FIELDS))
    values = draw(
        st.lists(st.sampled_from(PROFILE_VOCABULARY[name]), min_size=1, max_size=2, unique=True)
    )
    return {
        "op": draw(st.sampled_from(("contains_any", "contains_all"))),
        "field": name,
        "values": values,
    }


def conditions() -> st.SearchStrategy[dict[str, Any]]:
    return st.recursive(
        leaf(),
        lambda inner: st.one_of(
            st.builds(
                lambda c: {"op": "all", "conditions": c}, st.lists(inner, min_size=1, max_size=3)
            ),
            st.builds(
                lambda c: {"op": "any", "conditions": c}, st.lists(inner, min_size=1, max_size=3)
            ),
            st.builds(lambda c: {"op": "not", "condition": c}, inner),
        ),
        max_leaves=4,
    )


@st.composite
def profiles(draw: st.DrawFn) -> OrganisationProfile:
    data: dict[str, Any] = {
        "country": draw(st.sampled_from(COUNTRIES)),
        **{name: draw(st.sampled_from(PROFILE_VOCABULARY[name])) for name in TEXT_FIELDS},
        **{name: draw(st.booleans()) for name in BOOL_FIELDS},
        "settings": draw(
            st.lists(st.sampled_from(PROFILE_VOCABULARY["settings"]), min_size=1, unique=True)
        ),
        "ideologies": draw(
            st.lists(st.sampled_from(PROFILE_VOCABULARY["ideologies"]), unique=True)
        ),
    }
    return OrganisationProfile.model_validate(data)


@st.composite
def random_policy(draw: st.DrawFn) -> Policy:
    weights = st.sampled_from((0.5, 1.0, 1.5, 2.0, 3.0))
    return policy(
        weights={"default": draw(weights), "critical": draw(weights)},
        critical_threshold=draw(st.integers(1, 3)),
        evidence=[
            {"min_rating": draw(st.integers(1, 3)), "min_references": draw(st.integers(1, 2))}
        ],
        not_applicable={
            "only_where_marked": draw(st.booleans()),
            "reason_required": draw(st.booleans()),
            "min_reason_length": draw(st.sampled_from((0, 5, 20))),
            "forbidden_on_critical_universal": draw(st.booleans()),
        },
        decision_bands=draw(st.sampled_from((default_bands(), permissive_bands()))),
    )


def permissive_bands() -> list[dict[str, Any]]:
    """A careless policy: accredited unless the score is very low. The engine still bars it."""
    return [
        {
            "outcome": "accredited",
            "label": {"en": "Accredited"},
            "when": {"op": "gte", "field": "overall_score", "value": 0.25},
        },
        {"outcome": "not_accredited", "label": {"en": "Not accredited"}},
    ]


@st.composite
def bundles(draw: st.DrawFn, the_policy: Policy | None = None) -> ReleaseBundle:
    codes = ("AA", "BB", "CC")
    count = draw(st.integers(1, 3))
    standards = []
    for code in codes[:count]:
        requirements = [
            requirement(
                f"{code}-{n:02d}",
                critical=draw(st.booleans()),
                na_allowed=draw(st.booleans()),
                applies_when=draw(st.none() | conditions()),
            )
            for n in range(1, draw(st.integers(1, 4)) + 1)
        ]
        standards.append(
            standard(code.lower() + "-std", code, requirements, draw(st.none() | conditions()))
        )
    chosen = the_policy if the_policy is not None else draw(random_policy())
    return bundle(standards, chosen)


@st.composite
def answer(draw: st.DrawFn, max_rating: int = 4) -> Response | None:
    kind = draw(st.sampled_from(("none", "rated", "rated", "na", "comment")))
    if kind == "none":
        return None
    if kind == "rated":
        data: dict[str, Any] = {
            "rating": draw(st.integers(0, max_rating)),
            "evidence": evidence(draw(st.integers(0, 2))),
            "needs_reconfirmation": draw(st.booleans()),
        }
    elif kind == "na":
        data = {"not_applicable": True}
        reason = draw(st.sampled_from(REASONS))
        if reason is not None:
            data["na_reason"] = reason
    else:
        data = {"comment": "later"}
    return Response.model_validate(data)


@st.composite
def answers(
    draw: st.DrawFn, the_bundle: ReleaseBundle, max_rating: int = 4, extra: bool = True
) -> dict[str, Response]:
    ids = list(the_bundle.requirement_ids()) + (["ZZ-01"] if extra else [])
    drawn = {rid: draw(answer(max_rating)) for rid in ids}
    return {rid: r for rid, r in drawn.items() if r is not None}
