"""Migrating 10,000 self-assessments from one release to the next in bulk.

A synthetic pair of releases: 6 standards x 10 requirements (60); the new release removes 6
requirements, changes 12 (wording, statements, criticality, N/A) and adds 6. Every assessment
answers all 60. Prints the median of several runs for the bulk form (one plan for all), and for
migrating one by one (a plan per assessment) for comparison.

    .venv/bin/python benchmarks/bench_migration.py [--assessments 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.models import (
    OrganisationProfile,
    Policy,
    Release,
    ReleaseBundle,
    Response,
    SelfAssessment,
    Standard,
)
from engine.versioning import (
    diff_releases,
    migrate_self_assessment,
    migrate_self_assessments,
)

CODES = ("SG", "SC", "OW", "GV", "DP", "EV")
SHA = "0" * 64


def _text(value: str) -> dict[str, str]:
    return {"en": value}


def _requirement(code: str, number: int, changed: bool) -> dict[str, Any]:
    return {
        "id": f"{code}-{number:02d}",
        "scope": "universal",
        "title": _text(f"Requirement {number}" + (" (revised)" if changed else "")),
        "statement": _text(f"Statement {number} of {code}" + (", now stricter" if changed else "")),
        "guidance": _text("Guidance."),
        "evidence_examples": [_text("A document")],
        "critical": changed and number % 2 == 0,
        "na_allowed": number % 3 == 0,
    }


def _standard(index: int, code: str, new: bool) -> Standard:
    numbers = range(2, 12) if new else range(1, 11)  # new: 01 removed, 11 added
    changed = {3, 4} if new else set()
    return Standard.model_validate({
        "kind": "standard", "schema_version": 1, "id": f"standard-{index}", "code": code,
        "version": "2.0.0" if new else "1.0.0", "title": _text(f"Standard {code}"),
        "purpose": _text("Purpose."), "scope": "universal",
        "sources": [{"id": "handbook", "title": "Handbook"}],
        "requirements": [_requirement(code, n, n in changed) for n in numbers],
    })  # fmt: skip


def _policy() -> Policy:
    level = {"label": _text("Level"), "descriptor": _text("Descriptor")}
    return Policy.model_validate({
        "kind": "policy", "schema_version": 1, "version": "1.0.0", "title": _text("Policy"),
        "rating_scale": {"levels": [{"value": v, **level} for v in range(4)],
                         "implemented_at": 3, "partly_at": 2},
        "not_applicable": {}, "weights": {}, "critical_threshold": 3,
        "decision_bands": [{"outcome": "not_accredited", "label": _text("Not accredited")}],
    })  # fmt: skip


def _bundle(version: str, new: bool) -> ReleaseBundle:
    standards = tuple(_standard(i, code, new) for i, code in enumerate(CODES))
    release = Release.model_validate({
        "kind": "release", "schema_version": 1, "version": version, "title": _text(version),
        "effective_from": "2026-01-01", "policy": {"version": "1.0.0", "sha256": SHA},
        "standards": [{"id": s.id, "version": s.version, "sha256": SHA} for s in standards],
    })  # fmt: skip
    return ReleaseBundle(release, _policy(), standards)


PROFILE = OrganisationProfile(
    country="DE", region="europe", income_group="high",
    organisation_type="civil_society", settings=["community"],
)  # fmt: skip


def _assessment(index: int, bundle: ReleaseBundle) -> SelfAssessment:
    ids = bundle.requirement_ids()
    return SelfAssessment.model_validate({
        "kind": "self_assessment", "schema_version": 1, "release": bundle.version,
        "organisation": {"id": f"org-{index}", "name": f"Organisation {index}"},
        "profile": PROFILE,
        "responses": {rid: Response(rating=(index + n) % 4) for n, rid in enumerate(ids)},
    })  # fmt: skip


def _assessments(bundle: ReleaseBundle, count: int) -> list[SelfAssessment]:
    return [_assessment(i, bundle) for i in range(count)]


def _median(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assessments", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    old, new = _bundle("2026.1", False), _bundle("2027.1", True)
    diff = diff_releases(old, new)
    assessments = _assessments(old, args.assessments)
    responses = sum(len(a.responses) for a in assessments)
    results = migrate_self_assessments(assessments, old, new)
    first = results[0]
    print(
        f"{len(assessments):,} assessments, {responses:,} responses; release diff needs "
        f"{diff.required_bump.label}; per assessment: {len(first.carried)} carried, "
        f"{len(first.reconfirm)} re-confirm, {len(first.archived)} archived, "
        f"{len(first.new_requirements)} new"
    )
    bulk = _median(lambda: migrate_self_assessments(assessments, old, new), args.runs)
    sample = assessments[: max(1, len(assessments) // 10)]
    single = _median(lambda: [migrate_self_assessment(a, old, new) for a in sample], args.runs)
    single_all = single * len(assessments) / len(sample)
    print(f"bulk migration (one plan):       median {bulk:.3f} s "
          f"({bulk / len(assessments) * 1e6:.0f} µs per assessment)")  # fmt: skip
    print(f"one by one (a plan each, est.):  median {single_all:.3f} s "
          f"(measured on {len(sample):,}); ratio {single_all / bulk:.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
