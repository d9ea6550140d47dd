"""Semantic checks that a schema cannot express, one small module each, in one table.

A document check looks at one validated document; a library check looks across documents.
Each has an explicit name and one `evaluate`; the table rejects duplicate names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.loading.problems import Location, Problem
from engine.loading.reader import DataPath, SourceMap

if TYPE_CHECKING:
    from engine.loading.library import Library
    from engine.models import StrictModel


@dataclass(frozen=True)
class DocumentContext:
    """A validated document with where it came from, so checks can point into it."""

    document: StrictModel
    source: SourceMap
    relative_path: tuple[str, ...] | None = None  # path inside the library, if it is in one

    def at(self, path: DataPath) -> Location:
        return self.source.locate(path)


@dataclass(frozen=True)
class DocumentCheck:
    name: str
    kinds: frozenset[str]
    evaluate: Callable[[DocumentContext], Iterable[Problem]]


@dataclass(frozen=True)
class LibraryCheck:
    name: str
    evaluate: Callable[[Library], Iterable[Problem]]


def _unique(checks: Iterable[DocumentCheck | LibraryCheck]) -> None:
    names: set[str] = set()
    for check in checks:
        if check.name in names:
            raise ValueError(f"check {check.name!r} registered twice")
        names.add(check.name)


def document_checks() -> tuple[DocumentCheck, ...]:
    from engine.loading.checks import conditions, file_names, policy_rules, standard_ids

    checks = (
        *standard_ids.CHECKS,
        *conditions.CHECKS,
        *policy_rules.CHECKS,
        *file_names.CHECKS,
    )
    _unique(checks)
    return checks


def library_checks() -> tuple[LibraryCheck, ...]:
    from engine.loading.checks import release_refs, version_history

    checks = (*release_refs.CHECKS, *version_history.CHECKS)
    _unique(checks)
    return checks


def run_document_checks(context: DocumentContext) -> list[Problem]:
    kind = getattr(context.document, "kind", "")
    return [
        problem
        for check in document_checks()
        if kind in check.kinds
        for problem in check.evaluate(context)
    ]


def run_library_checks(library: Library) -> list[Problem]:
    return [problem for check in library_checks() for problem in check.evaluate(library)]
