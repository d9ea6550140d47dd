"""The published standards library 2026.1: complete, multilingual, sourced and consistent.

Reads the YAML files directly (ruamel.yaml safe loader and the document models), so that the
library is checked independently of the loader package.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from engine.models import OrganisationProfile, Policy, Release, Standard
from engine.models.conditions import AllOf, AnyOf, Condition, ContainsAll, ContainsAny, Not
from engine.models.standard import Requirement
from engine.rules import evaluate, profile_facts

LIBRARY = Path(__file__).resolve().parents[2] / "standards"
RELEASE = "2026.1"
LANGS = ("en", "de", "fr")


def _load(path: Path) -> object:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@cache
def release() -> Release:
    return Release.model_validate_json(json.dumps(_load(LIBRARY / "releases" / f"{RELEASE}.yaml")))


@cache
def policy() -> Policy:
    path = LIBRARY / "policies" / f"{release().policy.version}.yaml"
    return Policy.model_validate_json(json.dumps(_load(path)))


@cache
def standards() -> tuple[Standard, ...]:
    loaded = []
    for pin in release().standards:
        data = _load(LIBRARY / pin.id / f"{pin.version}.yaml")
        loaded.append(Standard.model_validate_json(json.dumps(data)))
    return tuple(loaded)


def requirements() -> Iterator[tuple[Standard, Requirement]]:
    for standard in standards():
        for requirement in standard.requirements:
            yield standard, requirement


def _profile(**fields: object) -> OrganisationProfile:
    base: dict[str, object] = {
        "country": "DE",
        "region": "europe",
        "income_group": "high",
        "organisation_type": "civil_society",
        "settings": ["community"],
    }
    return OrganisationProfile.model_validate({**base, **fields})


PROFILES: dict[str, OrganisationProfile] = {
    "community counselling, adults only": _profile(ideologies=["right_wing"]),
    "prison and probation service": _profile(
        organisation_type="governmental",
        settings=["custodial", "probation"],
        ideologies=["islamist", "right_wing"],
        mandatory_reporting_jurisdiction=True,
        size="large",
    ),
    "online youth work": _profile(
        country="FR", settings=["online", "community", "family"], works_with_minors=True
    ),
    "exit programme run with formers": _profile(
        country="SE",
        settings=["community", "family"],
        employs_former_extremists=True,
        works_with_minors=True,
    ),
    "returnee programme": _profile(
        country="BA",
        income_group="upper_middle",
        organisation_type="mixed",
        settings=["custodial", "community", "family"],
        ideologies=["islamist"],
        works_with_returnees=True,
    ),
    "probation-only service": _profile(
        country="US", region="americas", organisation_type="governmental", settings=["probation"]
    ),
    "online counselling for adults": _profile(
        country="KE", region="africa", income_group="lower_middle", settings=["online"]
    ),
}


def holds(condition: Condition | None, profile: OrganisationProfile) -> bool:
    return condition is None or evaluate(condition, profile_facts(profile)).value


def leaves(condition: Condition | None) -> Iterator[tuple[str, object]]:
    """Every (field, value) a condition tree tests."""
    if condition is None:
        return
    if isinstance(condition, (AllOf, AnyOf)):
        for child in condition.conditions:
            yield from leaves(child)
    elif isinstance(condition, Not):
        yield from leaves(condition.condition)
    elif isinstance(condition, (ContainsAny, ContainsAll)):
        yield from ((condition.field, value) for value in condition.values)
    else:
        yield condition.field, getattr(condition, "value", getattr(condition, "values", None))


def applicable_ids(profile: OrganisationProfile) -> set[str]:
    return {
        r.id
        for s, r in requirements()
        if holds(s.applies_when, profile) and holds(r.applies_when, profile)
    }


def test_twelve_standards_and_at_least_seventy_requirements() -> None:
    assert len(standards()) == 12
    assert len({s.id for s in standards()}) == 12
    assert len({s.code for s in standards()}) == 12
    assert sum(len(s.requirements) for s in standards()) >= 70
    assert all(5 <= len(s.requirements) <= 8 for s in standards())


def test_every_standard_folder_is_in_the_release() -> None:
    folders = {p.parent.name for p in LIBRARY.glob("*/*.yaml")} - {"policies", "releases"}
    assert folders == {pin.id for pin in release().standards}


@pytest.mark.parametrize("standard", standards(), ids=lambda s: s.id)
def test_titles_statements_and_purpose_exist_in_every_language(standard: Standard) -> None:
    texts = [standard.title, standard.purpose]
    texts += [t for r in standard.requirements for t in (r.title, r.statement)]
    for text in texts:
        for lang in LANGS:
            value = getattr(text, lang)
            assert value, f"{standard.id}: missing {lang} in {text.en!r}"
            assert value.strip(), f"{standard.id}: blank {lang} in {text.en!r}"
        assert text.en not in (text.de, text.fr), f"untranslated: {text.en!r}"


@pytest.mark.parametrize("standard", standards(), ids=lambda s: s.id)
def test_requirements_are_numbered_and_sourced(standard: Standard) -> None:
    source_ids = {source.id for source in standard.sources}
    assert source_ids, standard.id
    expected = [f"{standard.code}-{n:02d}" for n in range(1, len(standard.requirements) + 1)]
    assert [r.id for r in standard.requirements] == expected
    for requirement in standard.requirements:
        assert requirement.sources, requirement.id
        assert set(requirement.sources) <= source_ids, requirement.id
        assert 2 <= len(requirement.evidence_examples) <= 4, requirement.id
        sentences = re.split(r"(?<=[.!?])\s+", requirement.guidance.en.strip())
        assert 2 <= len(sentences) <= 6, f"{requirement.id}: guidance is not 2-5 sentences"
    cited = {sid for r in standard.requirements for sid in r.sources}
    assert cited == source_ids, f"{standard.id}: sources never cited: {source_ids - cited}"


def test_sources_name_their_publisher_and_use_web_addresses() -> None:
    for standard in standards():
        for source in standard.sources:
            assert source.publisher, f"{standard.id}/{source.id}"
            assert source.url is None or source.url.startswith(("http://", "https://"))


def test_not_applicable_is_never_allowed_on_a_critical_universal_requirement() -> None:
    for standard, requirement in requirements():
        if requirement.critical and requirement.scope == "universal":
            assert standard.scope == "context-specific" or not requirement.na_allowed, (
                requirement.id
            )
    assert any(r.na_allowed for _, r in requirements())


def test_both_scopes_and_critical_requirements_in_both_scopes() -> None:
    assert {s.scope for s in standards()} == {"universal", "context-specific"}
    assert {r.scope for _, r in requirements()} == {"universal", "context-specific"}
    assert {r.scope for _, r in requirements() if r.critical} == {
        "universal",
        "context-specific",
    }


def _context_items() -> Iterator[tuple[str, Condition]]:
    for standard in standards():
        if standard.applies_when is not None:
            yield standard.id, standard.applies_when
        for requirement in standard.requirements:
            if requirement.applies_when is not None:
                yield requirement.id, requirement.applies_when


@pytest.mark.parametrize("item", list(_context_items()), ids=lambda item: item[0])
def test_every_context_specific_item_separates_realistic_profiles(
    item: tuple[str, Condition],
) -> None:
    _, condition = item
    results = {name: holds(condition, profile) for name, profile in PROFILES.items()}
    assert any(results.values()), "no realistic profile meets the condition"
    assert not all(results.values()), "every realistic profile meets the condition"


def test_no_requirement_widens_its_standard_context() -> None:
    for standard, requirement in requirements():
        if requirement.applies_when is None:
            continue
        for profile in PROFILES.values():
            if holds(requirement.applies_when, profile):
                assert holds(standard.applies_when, profile), (
                    f"{requirement.id} applies where {standard.id} does not"
                )


ISSUE_CONTEXTS = {
    "custodial settings": ("settings", "custodial"),
    "probation settings": ("settings", "probation"),
    "online counselling": ("settings", "online"),
    "family counselling": ("settings", "family"),
    "work with minors": ("works_with_minors", True),
    "organisations involving formers": ("employs_former_extremists", True),
    "mandatory reporting duties": ("mandatory_reporting_jurisdiction", True),
    "returnees": ("works_with_returnees", True),
}


@pytest.mark.parametrize("context", ISSUE_CONTEXTS, ids=str)
def test_every_context_of_the_issue_is_used_by_a_requirement(context: str) -> None:
    used = {leaf for _, r in requirements() for leaf in leaves(r.applies_when)}
    assert ISSUE_CONTEXTS[context] in used


def test_custodial_work_adds_release_planning_aftercare_and_prison_disclosure() -> None:
    community = PROFILES["community counselling, adults only"]
    custodial = community.model_copy(update={"settings": ["community", "custodial"]})
    added = applicable_ids(custodial) - applicable_ids(community)
    titles = {r.id: r.title.en.lower() for _, r in requirements() if r.id in added}
    for topic in ("pre-release", "aftercare", "inside prisons"):
        assert any(topic in title for title in titles.values()), (topic, titles)


def test_release_pins_every_file_by_its_exact_hash() -> None:
    pinned = [(LIBRARY / "policies" / f"{release().policy.version}.yaml", release().policy.sha256)]
    pinned += [(LIBRARY / p.id / f"{p.version}.yaml", p.sha256) for p in release().standards]
    for path, sha256 in pinned:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256, path
    assert release().effective_from == "2026-07-01"


def _metrics(**overrides: float) -> dict[str, object]:
    good: dict[str, object] = {
        "overall_score": 0.9,
        "min_standard_score": 0.8,
        "share_implemented": 0.9,
        "share_partly_or_better": 1.0,
        "coverage": 1.0,
        "critical_below_implemented": 0,
        "critical_below_partly": 0,
        "unanswered": 0,
        "blocking_findings": 0,
    }
    return {**good, **overrides}


def decide(metrics: dict[str, object]) -> tuple[str, int | None, int | None]:
    for band in policy().decision_bands:
        if band.when is None or evaluate(band.when, metrics).value:
            return band.outcome, band.validity_months, band.improvement_plan_due_days
    raise AssertionError("no band applied")


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, ("accredited", 36, None)),
        ({"share_implemented": 0.85}, ("accredited", 36, None)),
        ({"critical_below_implemented": 1}, ("conditionally_accredited", 12, 90)),
        ({"min_standard_score": 0.59}, ("conditionally_accredited", 12, 90)),
        ({"share_implemented": 0.8}, ("conditionally_accredited", 12, 90)),
        ({"share_implemented": 0.7}, ("conditionally_accredited", 12, 90)),
        ({"share_implemented": 0.69}, ("not_accredited", None, None)),
        (
            {"critical_below_implemented": 1, "critical_below_partly": 1},
            ("not_accredited", None, None),
        ),
    ],
)
def test_default_policy_decides_as_the_issue_says(
    overrides: dict[str, float], expected: tuple[str, int | None, int | None]
) -> None:
    assert decide(_metrics(**overrides)) == expected


def test_default_policy_scale_weights_and_rules() -> None:
    p = policy()
    assert [level.value for level in p.rating_scale.levels] == [0, 1, 2, 3, 4]
    for level in p.rating_scale.levels:
        for lang in LANGS:
            assert getattr(level.label, lang)
            assert getattr(level.descriptor, lang)
    assert (p.rating_scale.implemented_at, p.rating_scale.partly_at) == (3, 2)
    assert (p.weights.default, p.weights.critical, p.critical_threshold) == (1.0, 2.0, 3)
    assert [(rule.min_rating, rule.min_references) for rule in p.evidence] == [(3, 1)]
    na = p.not_applicable
    assert na.only_where_marked
    assert na.reason_required
    assert na.forbidden_on_critical_universal
