"""Hypothesis strategies for valid documents: standards, conditions, profiles, self-assessments."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from engine.models import (
    LocalizedText,
    OrganisationProfile,
    Requirement,
    Response,
    SelfAssessment,
    SourceReference,
    Standard,
)
from engine.models.assessment import LinkEvidence, OrganisationRef
from engine.models.conditions import AllOf, AnyOf, ContainsAny, Equals, Not, OneOf
from engine.models.profile import PROFILE_VOCABULARY

# Printable text without surrogates; YAML must carry it unchanged.
words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and s != "")
localized = st.builds(LocalizedText, en=words, de=st.none() | words, fr=st.none() | words)
slugs = st.from_regex(r"\A[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}\Z")
codes = st.from_regex(r"\A[A-Z]{2,4}\Z")


def _profile_leaf() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.builds(
            Equals, op=st.just("eq"), field=st.just("works_with_minors"), value=st.booleans()
        ),
        st.builds(
            OneOf,
            op=st.just("in"),
            field=st.just("region"),
            values=st.lists(st.sampled_from(PROFILE_VOCABULARY["region"]), min_size=1, max_size=3),
        ),
        st.builds(
            ContainsAny,
            op=st.just("contains_any"),
            field=st.just("settings"),
            values=st.lists(
                st.sampled_from(PROFILE_VOCABULARY["settings"]), min_size=1, max_size=3
            ),
        ),
    )


conditions = st.recursive(
    _profile_leaf(),
    lambda inner: st.one_of(
        st.builds(AllOf, op=st.just("all"), conditions=st.lists(inner, min_size=1, max_size=3)),
        st.builds(AnyOf, op=st.just("any"), conditions=st.lists(inner, min_size=1, max_size=3)),
        st.builds(Not, op=st.just("not"), condition=inner),
    ),
    max_leaves=6,
)


@st.composite
def standards(draw: st.DrawFn) -> Standard:
    code = draw(codes)
    count = draw(st.integers(min_value=1, max_value=4))
    requirements = []
    for number in range(1, count + 1):
        specific = draw(st.booleans())
        requirements.append(
            Requirement(
                id=f"{code}-{number:02d}",
                title=draw(localized),
                statement=draw(localized),
                guidance=draw(localized),
                evidence_examples=draw(st.lists(localized, min_size=1, max_size=2)),
                scope="context-specific" if specific else "universal",
                applies_when=draw(conditions) if specific else None,
                critical=draw(st.booleans()),
                na_allowed=draw(st.booleans()),
                sources=["src"],
            )
        )
    return Standard(
        kind="standard",
        schema_version=1,
        id=draw(slugs),
        code=code,
        version=f"{draw(st.integers(0, 20))}.{draw(st.integers(0, 20))}.{draw(st.integers(0, 20))}",
        title=draw(localized),
        purpose=draw(localized),
        scope="universal",
        sources=[
            SourceReference(
                id="src", title=draw(words), year=draw(st.none() | st.integers(1990, 2030))
            )
        ],
        requirements=requirements,
    )


profiles = st.builds(
    OrganisationProfile,
    country=st.sampled_from(["DE", "SE", "KE", "ID", "AU", "US", "CO", "NG"]),
    region=st.sampled_from(PROFILE_VOCABULARY["region"]),
    income_group=st.sampled_from(PROFILE_VOCABULARY["income_group"]),
    organisation_type=st.sampled_from(PROFILE_VOCABULARY["organisation_type"]),
    settings=st.lists(
        st.sampled_from(PROFILE_VOCABULARY["settings"]), min_size=1, max_size=5, unique=True
    ),
    ideologies=st.lists(st.sampled_from(PROFILE_VOCABULARY["ideologies"]), max_size=3, unique=True),
    works_with_minors=st.booleans(),
    employs_former_extremists=st.booleans(),
    works_with_returnees=st.booleans(),
    mandatory_reporting_jurisdiction=st.booleans(),
    size=st.sampled_from(PROFILE_VOCABULARY["size"]),
)

responses = st.one_of(
    st.builds(
        Response,
        rating=st.integers(0, 4),
        comment=st.none() | words,
        evidence=st.lists(
            st.builds(
                LinkEvidence,
                type=st.just("link"),
                title=words,
                url=st.just("https://example.org/doc"),
            ),
            max_size=2,
        ),
    ),
    st.builds(Response, not_applicable=st.just(True), na_reason=words),
)


@st.composite
def self_assessments(draw: st.DrawFn) -> SelfAssessment:
    ids = draw(st.lists(st.from_regex(r"\A[A-Z]{2}-0[1-9]\Z"), max_size=6, unique=True))
    return SelfAssessment(
        kind="self_assessment",
        schema_version=1,
        organisation=OrganisationRef(id=draw(slugs), name=draw(words)),
        release="2026.1",
        profile=draw(profiles),
        responses={i: draw(responses) for i in ids},
    )
