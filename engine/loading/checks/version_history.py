"""Consecutive versions of a standard or policy move their version number as far as their
changes need (PATCH wording, MINOR additions, MAJOR removals and changes of meaning), and a
removed requirement id is never used again."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from engine.loading.checks import LibraryCheck
from engine.loading.problems import Location, Problem
from engine.versioning.checks import (
    VersionProblem,
    check_policy_bump,
    check_standard_history,
)

if TYPE_CHECKING:
    from engine.loading.library import Library


def _located(library: Library, problem: VersionProblem) -> Problem:
    where = problem.location
    key = (
        ("policy", where.version)
        if where.document == "policy"
        else ("standard", where.document, where.version)
    )
    file = library.file_of(*key)
    location = Location()
    if file is not None:
        path: tuple[str | int, ...] = ("version",)
        standard = library.standards.get((where.document, where.version))
        if where.requirement_id and standard is not None:
            ids = [r.id for r in standard.requirements]
            if where.requirement_id in ids:
                path = ("requirements", ids.index(where.requirement_id), "id")
        location = file.source.locate(path)
    code = (
        problem.code
        if problem.code in ("version-bump", "requirement-id-reused")
        else "version-bump"
    )
    return Problem(code, problem.message, location, severity=problem.severity)


def standard_versions_bumped(library: Library) -> Iterator[Problem]:
    for problem in check_standard_history(library.standards.values()):
        yield _located(library, problem)


def policy_versions_bumped(library: Library) -> Iterator[Problem]:
    ordered = [library.policies[v] for v in sorted(library.policies, key=_key)]
    for old, new in itertools.pairwise(ordered):
        for problem in check_policy_bump(old, new):
            yield _located(library, problem)


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


CHECKS = (
    LibraryCheck("standard-versions-bumped", standard_versions_bumped),
    LibraryCheck("policy-versions-bumped", policy_versions_bumped),
)
