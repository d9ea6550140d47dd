"""What changed between two versions of one requirement or one standard, aspect by aspect.

Each aspect has one small comparer that returns the kind of change (or None); the bump each
kind needs comes from the table in `engine.versioning.rules`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel

from engine.models.common import LocalizedText
from engine.models.standard import Requirement, ScopedItem, Standard
from engine.versioning.bumps import Bump
from engine.versioning.rules import bump_for
from engine.versioning.scope import scope_change


@dataclass(frozen=True)
class AspectChange:
    """One aspect that changed (e.g. "statement"), how ("rewritten"), and the bump it needs."""

    aspect: str
    kind: str
    bump: Bump
    old: str = ""
    new: str = ""

    @property
    def values(self) -> str:
        """ ": old → new" for notes when both are short enough to read in a line, else ""."""
        if not (self.old or self.new) or max(len(self.old), len(self.new)) > SHORT_VALUE:
            return ""
        return f": {self.old or '(none)'} → {self.new or '(none)'}"


SHORT_VALUE = 80


Item = TypeVar("Item")
Comparer = Callable[[Item, Item], str | None]

_NOT_WORDS = re.compile(r"[\W_]+", re.UNICODE)


def _words(text: str) -> str:
    return " ".join(_NOT_WORDS.sub(" ", text.casefold()).split())


def _reworded(old: LocalizedText, new: LocalizedText) -> str | None:
    return None if old == new else "reworded"


def _statement(old: Requirement, new: Requirement) -> str | None:
    if old.statement == new.statement:
        return None
    same_meaning = _words(old.statement.en) == _words(new.statement.en)
    return "reworded" if same_meaning else "rewritten"


def _evidence(old: Requirement, new: Requirement) -> str | None:
    if old.evidence_examples == new.evidence_examples:
        return None
    before, after = len(old.evidence_examples), len(new.evidence_examples)
    return "added" if after > before else "removed" if after < before else "reworded"


def _flag(name: str, on: str, off: str) -> Comparer[Requirement]:
    def compare(old: Requirement, new: Requirement) -> str | None:
        was, now = getattr(old, name), getattr(new, name)
        return None if was == now else (on if now else off)

    return compare


def _scope(old: ScopedItem, new: ScopedItem) -> str | None:
    change = scope_change(old, new)
    return None if change == "unchanged" else change


def _changed(name: str) -> Comparer[object]:
    def compare(old: object, new: object) -> str | None:
        return None if getattr(old, name) == getattr(new, name) else "changed"

    return compare


REQUIREMENT_ASPECTS: dict[str, Comparer[Requirement]] = {
    "title": lambda old, new: _reworded(old.title, new.title),
    "statement": _statement,
    "guidance": lambda old, new: _reworded(old.guidance, new.guidance),
    "evidence_examples": _evidence,
    "scope": _scope,
    "critical": _flag("critical", "made critical", "no longer critical"),
    "na_allowed": _flag("na_allowed", "allowed", "withdrawn"),
    "sources": _changed("sources"),
}
"""Aspect of a requirement -> how to tell what kind of change it had."""

STANDARD_ASPECTS: dict[str, Comparer[Standard]] = {
    "title": lambda old, new: _reworded(old.title, new.title),
    "purpose": lambda old, new: _reworded(old.purpose, new.purpose),
    "code": _changed("code"),
    "scope": _scope,
    "sources": _changed("sources"),
}
"""Aspect of a standard (besides its requirements) -> how to tell what kind of change it had."""


def _text(value: object) -> str:
    if isinstance(value, LocalizedText):
        return value.en
    if isinstance(value, (str, bool, int, float)):
        return str(value)
    if isinstance(value, BaseModel) and not hasattr(value, "id"):
        return _fields(value)
    return str(getattr(value, "id", ""))


def _fields(value: BaseModel) -> str:
    """A model without an id (policy weights, a decision band) by its values: "default=1.0,
    critical=2.0", or compact JSON where a value is nested (a band's condition)."""
    data = value.model_dump(mode="json", exclude_none=True)
    if all(isinstance(v, (str, bool, int, float)) for v in data.values()):
        return ", ".join(f"{k}={v}" for k, v in data.items())
    return value.model_dump_json(exclude_none=True)


def _describe(item: object, aspect: str) -> str:
    """A short, readable form of an aspect's value for notes ("" where there is none)."""
    if aspect == "scope":
        condition = getattr(item, "applies_when", None)
        return "universal" if condition is None else condition.model_dump_json(exclude_none=True)
    value = getattr(item, aspect, None)
    if isinstance(value, list):
        return "; ".join(t for t in (_text(v) for v in value) if t)
    return _text(value)


def compare_aspects(
    old: Item, new: Item, aspects: dict[str, Comparer[Item]]
) -> tuple[AspectChange, ...]:
    """Every aspect of `old` and `new` that differs, in the order of the aspect table."""
    found = ((aspect, compare(old, new)) for aspect, compare in aspects.items())
    return tuple(
        AspectChange(
            aspect, kind, bump_for(aspect, kind), _describe(old, aspect), _describe(new, aspect)
        )
        for aspect, kind in found
        if kind is not None
    )


def requirement_changes(old: Requirement, new: Requirement) -> tuple[AspectChange, ...]:
    """What changed between two versions of the same requirement (empty when nothing did)."""
    return compare_aspects(old, new, REQUIREMENT_ASPECTS)


def standard_changes(old: Standard, new: Standard) -> tuple[AspectChange, ...]:
    """What changed in the standard itself, apart from its requirements."""
    return compare_aspects(old, new, STANDARD_ASPECTS)
