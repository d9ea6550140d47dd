"""Small release bundles, policies, profiles and answers built in Python for the scoring tests."""

from __future__ import annotations

from typing import Any

from engine.models import (
    OrganisationProfile,
    Policy,
    Release,
    ReleaseBundle,
    Response,
    Standard,
)

HASH = "0" * 64
TEXT = {"en": "text"}


def scale(top: int = 3) -> list[dict[str, Any]]:
    return [
        {"value": v, "label": {"en": f"level {v}"}, "descriptor": {"en": f"level {v}"}}
        for v in range(top + 1)
    ]


def default_bands() -> list[dict[str, Any]]:
    return [
        {
            "outcome": "accredited",
            "label": {"en": "Accredited"},
            "validity_months": 36,
            "when": {
                "op": "all",
                "conditions": [
                    {"op": "gte", "field": "overall_score", "value": 0.75},
                    {"op": "eq", "field": "unanswered", "value": 0},
                    {"op": "eq", "field": "blocking_findings", "value": 0},
                ],
            },
        },
        {
            "outcome": "conditionally_accredited",
            "label": {"en": "Conditionally accredited"},
            "validity_months": 12,
            "improvement_plan_due_days": 180,
            "when": {
                "op": "all",
                "conditions": [
                    {"op": "gte", "field": "overall_score", "value": 0.5},
                    {"op": "eq", "field": "critical_below_partly", "value": 0},
                    {"op": "gte", "field": "coverage", "value": 0.8},
                ],
            },
        },
        {"outcome": "not_accredited", "label": {"en": "Not accredited"}},
    ]


def policy(**overrides: Any) -> Policy:
    data: dict[str, Any] = {
        "kind": "policy",
        "schema_version": 1,
        "version": "1.0.0",
        "title": TEXT,
        "rating_scale": {"levels": scale(), "implemented_at": 2, "partly_at": 1},
        "not_applicable": {"min_reason_length": 10},
        "evidence": [{"min_rating": 2, "min_references": 1}],
        "weights": {"default": 1.0, "critical": 2.0},
        "critical_threshold": 2,
        "decision_bands": default_bands(),
    }
    data.update(overrides)
    return Policy.model_validate(data)


def requirement(
    rid: str,
    *,
    critical: bool = False,
    na_allowed: bool = False,
    applies_when: dict[str, Any] | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": rid,
        "title": {"en": f"Requirement {rid}"},
        "statement": TEXT,
        "guidance": TEXT,
        "evidence_examples": [TEXT],
        "critical": critical,
        "na_allowed": na_allowed,
        "scope": "universal" if applies_when is None else "context-specific",
    }
    if applies_when is not None:
        data["applies_when"] = applies_when
    return data


def standard(
    sid: str,
    code: str,
    requirements: list[dict[str, Any]],
    applies_when: dict[str, Any] | None = None,
) -> Standard:
    data: dict[str, Any] = {
        "kind": "standard",
        "schema_version": 1,
        "id": sid,
        "code": code,
        "version": "1.0.0",
        "title": {"en": f"Standard {code}"},
        "purpose": TEXT,
        "sources": [{"id": "src", "title": "A source"}],
        "requirements": requirements,
        "scope": "universal" if applies_when is None else "context-specific",
    }
    if applies_when is not None:
        data["applies_when"] = applies_when
    return Standard.model_validate(data)


def bundle(standards: list[Standard], the_policy: Policy | None = None) -> ReleaseBundle:
    chosen = the_policy or policy()
    release = Release.model_validate(
        {
            "kind": "release",
            "schema_version": 1,
            "version": "2026.1",
            "title": TEXT,
            "effective_from": "2026-01-01",
            "policy": {"version": chosen.version, "sha256": HASH},
            "standards": [{"id": s.id, "version": s.version, "sha256": HASH} for s in standards],
        }
    )
    return ReleaseBundle(release=release, policy=chosen, standards=tuple(standards))


CUSTODIAL = {"op": "contains_any", "field": "settings", "values": ["custodial"]}
MINORS = {"op": "eq", "field": "works_with_minors", "value": True}


def sample_standards() -> list[Standard]:
    """Two universal standards and one for custodial settings; one critical per standard."""
    return [
        standard(
            "safeguarding",
            "SG",
            [
                requirement("SG-01", critical=True),
                requirement("SG-02"),
                requirement("SG-03", na_allowed=True),
                requirement("SG-04", applies_when=MINORS),
            ],
        ),
        standard(
            "case-management",
            "CM",
            [requirement("CM-01"), requirement("CM-02", critical=True, na_allowed=True)],
        ),
        standard(
            "prison-work",
            "PW",
            [requirement("PW-01", critical=True), requirement("PW-02")],
            applies_when=CUSTODIAL,
        ),
    ]


def sample_bundle(the_policy: Policy | None = None) -> ReleaseBundle:
    return bundle(sample_standards(), the_policy)


def profile(**overrides: Any) -> OrganisationProfile:
    data: dict[str, Any] = {
        "country": "DE",
        "region": "europe",
        "income_group": "high",
        "organisation_type": "civil_society",
        "settings": ["community"],
        "ideologies": ["right_wing"],
    }
    data.update(overrides)
    return OrganisationProfile.model_validate(data)


def evidence(count: int) -> list[dict[str, Any]]:
    return [
        {"type": "link", "title": f"doc {i}", "url": f"https://example.org/{i}"}
        for i in range(count)
    ]


def rated(rating: int, refs: int = 1, **extra: Any) -> Response:
    return Response.model_validate({"rating": rating, "evidence": evidence(refs), **extra})


def na(reason: str | None = "Not relevant to our work at all") -> Response:
    data: dict[str, Any] = {"not_applicable": True}
    if reason is not None:
        data["na_reason"] = reason
    return Response.model_validate(data)


def response(data: dict[str, Any]) -> Response:
    return Response.model_validate(data)
