"""Ids inside a standard: unique, prefixed with the standard's code, sources that exist."""

from __future__ import annotations

from collections.abc import Iterator

from engine.loading.checks import DocumentCheck, DocumentContext
from engine.loading.problems import Problem
from engine.models import Standard


def _standard(context: DocumentContext) -> Standard:
    assert isinstance(context.document, Standard)
    return context.document


def unique_ids(context: DocumentContext) -> Iterator[Problem]:
    standard = _standard(context)
    for collection, items in (
        ("requirements", [r.id for r in standard.requirements]),
        ("sources", [s.id for s in standard.sources]),
    ):
        first_seen: dict[str, int] = {}
        for index, item_id in enumerate(items):
            if item_id in first_seen:
                first = first_seen[item_id]
                message = f'id "{item_id}" is already used by {collection}[{first}]'
                yield Problem("duplicate-id", message, context.at((collection, index, "id")))
            first_seen.setdefault(item_id, index)


def ids_match_code(context: DocumentContext) -> Iterator[Problem]:
    standard = _standard(context)
    for index, requirement in enumerate(standard.requirements):
        if requirement.id.split("-")[0] != standard.code:
            message = f'"{requirement.id}" must start with "{standard.code}-"'
            yield Problem(
                "requirement-id-mismatch", message, context.at(("requirements", index, "id"))
            )


def sources_exist(context: DocumentContext) -> Iterator[Problem]:
    standard = _standard(context)
    known = {s.id for s in standard.sources}
    for index, requirement in enumerate(standard.requirements):
        for position, source_id in enumerate(requirement.sources):
            if source_id not in known:
                message = f'source "{source_id}" is not among the standard\'s sources'
                where = context.at(("requirements", index, "sources", position))
                yield Problem("unknown-reference", message, where, hint=f"known: {sorted(known)}")


_STANDARD = frozenset({"standard"})
CHECKS = (
    DocumentCheck("unique-ids", _STANDARD, unique_ids),
    DocumentCheck("requirement-ids-match-code", _STANDARD, ids_match_code),
    DocumentCheck("requirement-sources-exist", _STANDARD, sources_exist),
)
