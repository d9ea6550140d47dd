"""How messages name a few of many things, the same way everywhere."""

from __future__ import annotations

from collections.abc import Sequence


def first_few(names: Sequence[str], limit: int = 5) -> str:
    """'a, b, c': the first `limit` names in the order given, and ', ...' when there are more."""
    return ", ".join(names[:limit]) + (", ..." if len(names) > limit else "")


QUOTE_LIMIT = 200
"""The most characters of a person's input that a message quotes back."""


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """`repr(value)` for a message, cut to `limit` characters with an ellipsis: an error line
    quotes what it is about, never a whole file."""
    shown = repr(value)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
