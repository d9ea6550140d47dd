"""Fixture standards, policies, releases and self-assessments for the versioning tests.

The files live in `fixtures/`; they are read here with a plain YAML reader and the strict
models, so these tests do not depend on the library loader.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from engine.models import Policy, Release, ReleaseBundle, SelfAssessment, Standard

FIXTURES = Path(__file__).parent / "fixtures"
LIBRARY = FIXTURES / "standards"


def read_yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@cache
def standard(standard_id: str, version: str) -> Standard:
    return Standard.model_validate(read_yaml(LIBRARY / standard_id / f"{version}.yaml"))


def standard_file(path: Path) -> Standard:
    return Standard.model_validate(read_yaml(path))


@cache
def policy(version: str) -> Policy:
    return Policy.model_validate(read_yaml(LIBRARY / "policies" / f"{version}.yaml"))


@cache
def release(version: str) -> Release:
    return Release.model_validate(read_yaml(LIBRARY / "releases" / f"{version}.yaml"))


@cache
def bundle(version: str) -> ReleaseBundle:
    pinned = release(version)
    standards = tuple(standard(s.id, s.version) for s in pinned.standards)
    return ReleaseBundle(release=pinned, policy=policy(pinned.policy.version), standards=standards)


def assessment(name: str) -> SelfAssessment:
    return SelfAssessment.model_validate(read_yaml(FIXTURES / "assessments" / f"{name}.yaml"))
