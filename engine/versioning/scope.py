"""How the context of a standard or requirement changed: widened, narrowed, or neither.

A universal item applies always, so its condition is "true". The new context is *wider* when
the old condition implies the new one (everyone it applied to before, it still applies to), and
*narrower* when the new one implies the old one. `implies` is a conservative, sound check over
the closed condition language: when it cannot prove an implication it answers False, so a
change we cannot prove to be a widening is reported as "changed" (and needs a MAJOR bump).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from engine.models.conditions import (
    AllOf,
    AnyOf,
    AtLeast,
    AtMost,
    ContainsAll,
    ContainsAny,
    Equals,
    Not,
    OneOf,
)
from engine.models.standard import ScopedItem

ScopeChange = Literal["unchanged", "rephrased", "widened", "narrowed", "changed"]
Node = AllOf | AnyOf | Not | Equals | OneOf | ContainsAny | ContainsAll | AtLeast | AtMost
LeafRule = Callable[[Node, Node], bool]


def _values(node: Node) -> set[object]:
    if isinstance(node, Equals):
        return {node.value}
    if isinstance(node, (OneOf, ContainsAny, ContainsAll)):
        return set(node.values)
    return set()


def _subset(a: Node, b: Node) -> bool:
    return _values(a) <= _values(b)


def _superset(a: Node, b: Node) -> bool:
    return _values(a) >= _values(b)


def _overlap(a: Node, b: Node) -> bool:
    return bool(_values(a) & _values(b))


def _not_smaller(a: Node, b: Node) -> bool:
    return isinstance(a, AtLeast) and isinstance(b, AtLeast) and a.value >= b.value


def _not_larger(a: Node, b: Node) -> bool:
    return isinstance(a, AtMost) and isinstance(b, AtMost) and a.value <= b.value


LEAF_RULES: dict[tuple[type, type], LeafRule] = {
    (Equals, Equals): _subset,
    (Equals, OneOf): _subset,
    (OneOf, OneOf): _subset,
    (OneOf, Equals): _subset,
    (ContainsAny, ContainsAny): _subset,
    (ContainsAll, ContainsAll): _superset,
    (ContainsAll, ContainsAny): _overlap,
    (AtLeast, AtLeast): _not_smaller,
    (AtMost, AtMost): _not_larger,
}
"""When leaf `a` implies leaf `b` on the same field: (type of a, type of b) -> test."""


def _implies_leaf(a: Node, b: Node) -> bool:
    rule = LEAF_RULES.get((type(a), type(b)))
    same_field = getattr(a, "field", None) == getattr(b, "field", None)
    return rule is not None and same_field and rule(a, b)


def implies(a: Node | None, b: Node | None) -> bool:
    """True when condition `a` provably implies condition `b` (None means "always")."""
    if b is None or a == b:
        return True
    if a is None:
        return False
    return _decompose(a, b)


def _decompose(a: Node, b: Node) -> bool:
    if isinstance(a, AnyOf):
        return all(implies(c, b) for c in a.conditions)
    if isinstance(b, AllOf):
        return all(implies(a, c) for c in b.conditions)
    return (
        (isinstance(a, AllOf) and any(implies(c, b) for c in a.conditions))
        or (isinstance(b, AnyOf) and any(implies(a, c) for c in b.conditions))
        or (isinstance(a, Not) and isinstance(b, Not) and implies(b.condition, a.condition))
        or _implies_leaf(a, b)
    )


def scope_change(old: ScopedItem, new: ScopedItem) -> ScopeChange:
    """How the context of an item changed from `old` to `new`."""
    a, b = old.applies_when, new.applies_when
    if a == b:
        return "unchanged"
    wider, narrower = implies(a, b), implies(b, a)
    outcomes: dict[tuple[bool, bool], ScopeChange] = {
        (True, True): "rephrased",
        (True, False): "widened",
        (False, True): "narrowed",
        (False, False): "changed",
    }
    return outcomes[(wider, narrower)]
