"""A small release, profiles and a populated record, built in Python for the service tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from engine.models import OrganisationProfile, Policy, Release, ReleaseBundle, Standard
from engine.service import assessments

TEXT = {"en": "text"}
HASH = "0" * 64


def _requirement(rid: str, critical: bool = False) -> dict[str, Any]:
    return {
        "id": rid,
        "title": {"en": f"Requirement {rid}"},
        "statement": TEXT,
        "guidance": TEXT,
        "evidence_examples": [TEXT],
        "critical": critical,
        "scope": "universal",
    }


def _standard(sid: str, code: str) -> Standard:
    return Standard.model_validate(
        {
            "kind": "standard",
            "schema_version": 1,
            "id": sid,
            "code": code,
            "version": "1.0.0",
            "title": {"en": f"Standard {code}"},
            "purpose": TEXT,
            "sources": [{"id": "src", "title": "A source"}],
            "requirements": [_requirement(f"{code}-01", critical=True), _requirement(f"{code}-02")],
            "scope": "universal",
        }
    )


def policy(independent: bool = True) -> Policy:
    levels = [
        {"value": v, "label": {"en": f"level {v}"}, "descriptor": {"en": f"level {v}"}}
        for v in range(4)
    ]
    bands = [
        {
            "outcome": "accredited",
            "label": {"en": "Accredited"},
            "validity_months": 36,
            "when": {"op": "gte", "field": "overall_score", "value": 0.75},
        },
        {
            "outcome": "conditionally_accredited",
            "label": {"en": "Conditional"},
            "validity_months": 12,
            "improvement_plan_due_days": 180,
            "when": {"op": "gte", "field": "overall_score", "value": 0.5},
        },
        {"outcome": "not_accredited", "label": {"en": "Not accredited"}},
    ]
    return Policy.model_validate(
        {
            "kind": "policy",
            "schema_version": 1,
            "version": "1.0.0",
            "title": TEXT,
            "rating_scale": {"levels": levels, "implemented_at": 2, "partly_at": 1},
            "not_applicable": {},
            "weights": {},
            "critical_threshold": 2,
            "decision_bands": bands,
            "review": {"independent_decision": independent},
        }
    )


def bundle(version: str = "2026.1", independent: bool = True) -> ReleaseBundle:
    standards = (_standard("safeguarding", "SG"), _standard("case-management", "CM"))
    the_policy = policy(independent)
    release = Release.model_validate(
        {
            "kind": "release",
            "schema_version": 1,
            "version": version,
            "title": TEXT,
            "effective_from": "2026-01-01",
            "policy": {"version": the_policy.version, "sha256": HASH},
            "standards": [{"id": s.id, "version": s.version, "sha256": HASH} for s in standards],
        }
    )
    return ReleaseBundle(release=release, policy=the_policy, standards=standards)


def profile(country: str = "DE", region: str = "europe") -> OrganisationProfile:
    return OrganisationProfile.model_validate(
        {
            "country": country,
            "region": region,
            "income_group": "high",
            "organisation_type": "civil_society",
            "settings": ["community"],
        }
    )


_SIDE_BY_SIDE = {"blocks": 0}
_SIDE_BY_SIDE_LOCK = threading.Lock()
_THE_RULE = assessments.refuse_beside_open


def _rule_unless_side_by_side(cursor: Any, org_id: str, previous_id: str | None) -> None:
    """The product's rule, except while a `side_by_side` block is open in any thread."""
    if _SIDE_BY_SIDE["blocks"] == 0:
        _THE_RULE(cursor, org_id, previous_id)


assessments.refuse_beside_open = _rule_unless_side_by_side  # see side_by_side


@contextmanager
def side_by_side() -> Iterator[None]:
    """A fixture shortcut: lets a test world hold several open self-assessments of one
    organisation, which the product refuses (`succession.refuse_beside_open`, tested in
    tests/service/test_one_open_assessment.py). The authorisation matrix shares one world in
    which alpha owns a submitted, an in-review and many draft self-assessments at once; with the
    rule on, each would need an organisation of its own. Access checks stay on.

    A counter, not `mock.patch`: the stress test opens such blocks from 16 threads at once, and
    patches entered and left out of order would leave the rule switched off for good."""
    with _SIDE_BY_SIDE_LOCK:
        _SIDE_BY_SIDE["blocks"] += 1
    try:
        yield
    finally:
        with _SIDE_BY_SIDE_LOCK:
            _SIDE_BY_SIDE["blocks"] -= 1
