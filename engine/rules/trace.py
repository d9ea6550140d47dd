"""The trace of a condition: which node decided, with which values.

A trace mirrors the condition tree. Each node records its operator, its result and, for a
leaf, the field, the value the condition expected and the value the facts held. It is a frozen
pydantic model so that it can be stored and shown with a scoring result.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

FactValue = str | bool | int | float | list[str] | None
"""A value a condition may read: a profile field or an assessment metric."""

_SYMBOLS: dict[str, str] = {
    "eq": "=",
    "in": "is one of",
    "contains_any": "contains any of",
    "contains_all": "contains all of",
    "gte": ">=",
    "lte": "<=",
}


class TraceNode(BaseModel):
    """One node of an evaluated condition: operator, result and the values that decided."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    op: str
    value: bool
    field: str | None = None
    expected: FactValue = None
    actual: FactValue = None
    children: tuple[TraceNode, ...] = ()

    def deciding(self) -> tuple[TraceNode, ...]:
        """The sub-conditions that decided this node's result (all of them if every one agreed)."""
        if self.op == "all" and not self.value:
            return tuple(c for c in self.children if not c.value)
        if self.op == "any" and self.value:
            return tuple(c for c in self.children if c.value)
        return self.children

    def describe(self) -> str:
        """A one-line account of this node, e.g. `settings contains any of [custodial]: yes`."""
        verdict = "holds" if self.value else "does not hold"
        if self.field is None:
            return f"{self.op}: {verdict}"
        symbol = _SYMBOLS.get(self.op, self.op)
        return (
            f"{self.field} {symbol} {shown(self.expected)} ({self.field} is {shown(self.actual)}): "
            f"{verdict}"
        )

    def to_lines(self, indent: int = 0) -> list[str]:
        """The deciding path of the trace as indented lines of text."""
        lines = ["  " * indent + self.describe()]
        for child in self.deciding():
            lines.extend(child.to_lines(indent + 1))
        return lines

    def to_text(self) -> str:
        return "\n".join(self.to_lines())


def shown(value: object) -> str:
    """A value as people read it: fractions to four decimals (0.5833, not 0.5833333333333334);
    the trace itself keeps the exact value."""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else repr(value)
    return repr(value)
