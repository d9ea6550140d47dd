"""How messages name a few of many things, the same way everywhere."""

from __future__ import annotations

from collections.abc import Sequence


def first_few(names: Sequence[str], limit: int = 5) -> str:
    """'a, b, c': the first `limit` names in the order given, and ', ...' when there are more."""
    return ", ".join(names[:limit]) + (", ..." if len(names) > limit else "")
