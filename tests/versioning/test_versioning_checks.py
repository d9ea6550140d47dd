"""The version-bump check that `accredit validate` runs on consecutive versions."""

from __future__ import annotations

from typing import Any

import pytest
from versioning_fixtures import FIXTURES, policy, standard, standard_file

from engine.models import Policy, Standard
from engine.versioning import (
    VersionLocation,
    check_policy_bump,
    check_standard_history,
    check_version_bump,
)

HISTORY = [standard("safeguarding", v) for v in ("1.0.0", "1.0.1", "1.1.0", "2.0.0")]


def _renumbered(base: Standard, version: str, **changes: Any) -> Standard:
    return Standard.model_validate(
        {**base.model_dump(exclude_none=True), "version": version, **changes}
    )


def test_the_published_history_passes() -> None:
    assert check_standard_history(reversed(HISTORY)) == []


def test_a_major_change_in_a_minor_version_fails() -> None:
    wrong = standard_file(FIXTURES / "invalid" / "safeguarding-1.2.0.yaml")
    problems = check_version_bump(standard("safeguarding", "1.1.0"), wrong)
    assert [(p.code, p.location) for p in problems] == [
        ("version-bump", VersionLocation("safeguarding", "1.2.0"))
    ]
    assert "need a major version bump, but 1.2.0 is a minor bump" in problems[0].message
    assert "SG-02 removed" in problems[0].message


@pytest.mark.parametrize(
    ("old", "content", "numbered", "fails"),
    [
        ("1.0.0", "1.0.1", "1.0.1", False),  # wording: a patch is enough
        ("1.0.0", "1.0.1", "1.1.0", False),  # a bigger bump is always allowed
        ("1.0.1", "1.1.0", "1.1.0", False),
        ("1.0.1", "1.1.0", "1.0.2", True),  # a requirement added needs a minor
        ("1.1.0", "2.0.0", "2.0.0", False),
        ("1.1.0", "2.0.0", "1.2.0", True),  # a requirement removed needs a major
    ],
)
def test_bump_needed_against_bump_given(old: str, content: str, numbered: str, fails: bool) -> None:
    after = _renumbered(standard("safeguarding", content), numbered)
    assert bool(check_version_bump(standard("safeguarding", old), after)) is fails


def test_a_version_that_does_not_go_up_fails() -> None:
    same = standard("safeguarding", "1.0.0")
    problems = check_version_bump(same, same)
    assert [p.code for p in problems] == ["version-bump"]
    assert "not a higher version" in problems[0].message


def test_a_removed_requirement_id_must_not_come_back() -> None:
    v2 = standard("safeguarding", "2.0.0")
    back = _renumbered(v2, "3.0.0", requirements=[
        *(r.model_dump(exclude_none=True) for r in v2.requirements),
        standard("safeguarding", "1.1.0").requirements[1].model_dump(exclude_none=True),
    ])  # fmt: skip
    problems = check_standard_history([*HISTORY, back])
    assert [(p.code, p.location) for p in problems] == [
        ("requirement-id-reused", VersionLocation("safeguarding", "3.0.0", "SG-02"))
    ]
    assert "removed after version 1.1.0" in problems[0].message


def test_versions_of_different_standards_are_not_compared() -> None:
    problems = check_version_bump(
        standard("safeguarding", "1.0.0"), standard("staff-care", "1.0.0")
    )
    assert [p.code for p in problems] == ["standard-mismatch"]


def test_policy_bumps() -> None:
    assert check_policy_bump(policy("1.0.0"), policy("2.0.0")) == []
    as_minor = Policy.model_validate(
        {**policy("2.0.0").model_dump(exclude_none=True), "version": "1.1.0"}
    )
    problems = check_policy_bump(policy("1.0.0"), as_minor)
    assert [p.code for p in problems] == ["version-bump"]
    assert "policy rating_scale changed" in problems[0].message
