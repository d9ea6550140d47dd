"""Compile the condition language to DuckDB SQL: parameterised values, allowlisted columns.

Each leaf becomes `COALESCE(<comparison>, false)` so that a missing value (NULL) is false,
exactly as in the Python evaluator, and `not` of it is true. The type rules are the Python
evaluator's: a wrong field or a wrong type is an `EvaluationError`, never a silent false.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from engine.models.conditions import (
    AllOf,
    AnyOf,
    AtLeast,
    AtMost,
    Condition,
    ContainsAll,
    ContainsAny,
    Equals,
    Not,
    OneOf,
)
from engine.models.profile import BOOLEAN_FIELDS, LIST_FIELDS
from engine.rules.evaluator import EvaluationError, EvaluationProblem

ColumnKind = Literal["text", "yes/no", "number", "list"]

PROFILE_COLUMNS: dict[str, ColumnKind] = {
    "country": "text",
    "region": "text",
    "income_group": "text",
    "organisation_type": "text",
    "size": "text",
    **dict.fromkeys(sorted(LIST_FIELDS), "list"),
    **dict.fromkeys(sorted(BOOLEAN_FIELDS), "yes/no"),
}
"""The profile fields as columns of the profiles table, and their kinds (the allowlist)."""

METRIC_COLUMNS: dict[str, ColumnKind] = {
    "overall_score": "number",
    "min_standard_score": "number",
    "share_implemented": "number",
    "share_partly_or_better": "number",
    "coverage": "number",
    "critical_below_implemented": "number",
    "critical_below_partly": "number",
    "unanswered": "number",
    "blocking_findings": "number",
}
"""The metrics as columns of the metrics row, all numbers (the allowlist)."""


@dataclass
class SqlFragment:
    """SQL text with `?` placeholders and their values, in order."""

    sql: str
    params: list[object] = field(default_factory=list)


def _kind(value: object) -> ColumnKind:
    if isinstance(value, bool):
        return "yes/no"
    return "number" if isinstance(value, int | float) else "text"


def _error(
    code: Literal["unknown-field", "wrong-type"], message: str, name: str
) -> EvaluationError:
    return EvaluationError(EvaluationProblem(code, message, name))


@dataclass(frozen=True)
class ConditionCompiler:
    """Compiles conditions over one table alias whose columns are `columns`."""

    alias: str
    columns: Mapping[str, ColumnKind]

    def column(self, name: str, op: str, wanted: set[ColumnKind] | None = None) -> str:
        kind = self.columns.get(name)
        if kind is None:
            known = ", ".join(sorted(self.columns))
            raise _error("unknown-field", f"unknown field {name!r}; known fields: {known}", name)
        if wanted is not None and kind not in wanted:
            needs = " or ".join(sorted(wanted))
            raise _error("wrong-type", f"'{op}' on {name} needs {needs}, but it is {kind}", name)
        return f'{self.alias}."{name}"'

    def _scalar(self, node: Equals | OneOf) -> SqlFragment:
        values = [node.value] if isinstance(node, Equals) else list(node.values)
        column = self.column(node.field, node.op, {"text", "yes/no", "number"})
        for value in values:
            if _kind(value) != self.columns[node.field]:
                message = f"'{node.op}' on {node.field} needs a {_kind(value)} value"
                raise _error("wrong-type", message, node.field)
        marks = ", ".join("?" for _ in values)
        return SqlFragment(f"COALESCE({column} IN ({marks}), false)", list(values))

    def _contains(self, node: ContainsAny | ContainsAll) -> SqlFragment:
        """One `list_contains` per value (much faster than `list_has_any` / `list_has_all`,
        which build a set per row); with no values, the list function itself."""
        column = self.column(node.field, node.op, {"list"})
        values: list[object] = list(node.values)
        if not values:
            function = "list_has_any" if isinstance(node, ContainsAny) else "list_has_all"
            return SqlFragment(f"COALESCE({function}({column}, ?::VARCHAR[]), false)", [values])
        joiner = " OR " if isinstance(node, ContainsAny) else " AND "
        tests = joiner.join(f"list_contains({column}, ?::VARCHAR)" for _ in values)
        return SqlFragment(f"COALESCE({tests}, false)", values)

    def _compare(self, node: AtLeast | AtMost) -> SqlFragment:
        column = self.column(node.field, node.op, {"number"})
        symbol = ">=" if isinstance(node, AtLeast) else "<="
        return SqlFragment(f"COALESCE({column} {symbol} ?, false)", [node.value])

    def _combine(self, node: AllOf | AnyOf) -> SqlFragment:
        parts = [self.compile(c) for c in node.conditions]
        joiner = " AND " if isinstance(node, AllOf) else " OR "
        return SqlFragment(
            "(" + joiner.join(p.sql for p in parts) + ")", [v for p in parts for v in p.params]
        )

    def _negate(self, node: Not) -> SqlFragment:
        inner = self.compile(node.condition)
        return SqlFragment(f"(NOT {inner.sql})", inner.params)

    def compile(self, condition: Condition) -> SqlFragment:
        """The condition as a SQL boolean expression that is never NULL."""
        compilers: dict[type, Callable[[object], SqlFragment]] = {
            AllOf: self._combine,  # type: ignore[dict-item]
            AnyOf: self._combine,  # type: ignore[dict-item]
            Not: self._negate,  # type: ignore[dict-item]
            Equals: self._scalar,  # type: ignore[dict-item]
            OneOf: self._scalar,  # type: ignore[dict-item]
            ContainsAny: self._contains,  # type: ignore[dict-item]
            ContainsAll: self._contains,  # type: ignore[dict-item]
            AtLeast: self._compare,  # type: ignore[dict-item]
            AtMost: self._compare,  # type: ignore[dict-item]
        }
        return compilers[type(condition)](condition)
