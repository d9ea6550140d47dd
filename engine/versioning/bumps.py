"""Semantic-version bumps: their order, and the bump between two version numbers."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum


class Bump(IntEnum):
    """How much a version number must move. Ordered: a larger bump satisfies a smaller need."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


def parse_version(version: str) -> tuple[int, int, int] | None:
    """`"1.2.3"` as `(1, 2, 3)`; None when it is not MAJOR.MINOR.PATCH."""
    parts = version.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    major, minor, patch = (int(p) for p in parts)
    return major, minor, patch


def actual_bump(old_version: str, new_version: str) -> Bump | None:
    """The bump from one version to the next; None when the new one is not greater."""
    old, new = parse_version(old_version), parse_version(new_version)
    if old is None or new is None or new <= old:
        return None
    if new[0] != old[0]:
        return Bump.MAJOR
    return Bump.MINOR if new[1] != old[1] else Bump.PATCH


def max_bump(bumps: Iterable[Bump]) -> Bump:
    """The largest of some bumps (NONE when there are none)."""
    return max(bumps, default=Bump.NONE)
