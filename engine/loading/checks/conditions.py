"""Conditions read the right vocabulary, and a requirement never widens its standard's context.

`applies_when` reads organisation-profile fields with values from the profile's vocabulary;
policy bands read assessment metrics with numbers. A requirement that reads any field its
standard's condition reads must imply that condition: otherwise it names a context in which it
could never apply (its standard does not), which is the authoring mistake called widening.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from engine.loading.checks import DocumentCheck, DocumentContext
from engine.loading.problems import Problem
from engine.loading.reader import DataPath
from engine.models import Policy, Standard
from engine.models.conditions import (
    LEAF_TYPES,
    METRIC_FIELDS,
    PROFILE_FIELDS,
    AllOf,
    AnyOf,
    AtLeast,
    AtMost,
    Condition,
    Not,
    fields_used,
)
from engine.models.profile import (
    BOOLEAN_FIELDS,
    LIST_FIELDS,
    PROFILE_VOCABULARY,
    country_problem,
)
from engine.rules import evaluate

_MAX_CASES = 20_000
Leaf = object


def walk(condition: Condition, path: DataPath) -> Iterator[tuple[Condition, DataPath]]:
    """Every leaf of a condition tree with its data path."""
    if isinstance(condition, (AllOf, AnyOf)):
        for index, child in enumerate(condition.conditions):
            yield from walk(child, (*path, "conditions", index))
    elif isinstance(condition, Not):
        yield from walk(condition.condition, (*path, "condition"))
    else:
        yield condition, path


def _values(leaf: Condition) -> list[object]:
    if hasattr(leaf, "values"):
        return list(leaf.values)
    return [leaf.value] if hasattr(leaf, "value") else []


def _profile_leaf_problems(
    leaf: Condition, path: DataPath, ctx: DocumentContext
) -> Iterator[Problem]:
    field = getattr(leaf, "field", "")
    if field not in PROFILE_FIELDS:
        message = f'"{field}" is an assessment metric; applies_when reads the organisation profile'
        yield Problem(
            "condition-field",
            message,
            ctx.at((*path, "field")),
            hint=f"use one of {sorted(PROFILE_FIELDS)}",
        )
        return
    if isinstance(leaf, (AtLeast, AtMost)):
        yield Problem("condition-field", f'"{field}" is not a number', ctx.at((*path, "op")))
        return
    allowed: tuple[object, ...] | None = PROFILE_VOCABULARY.get(field)
    if field in BOOLEAN_FIELDS:
        allowed = (True, False)
    for position, value in enumerate(_values(leaf)):
        bad_country = field == "country" and (
            not isinstance(value, str) or country_problem(value) is not None
        )
        if (allowed is not None and value not in allowed) or bad_country:
            where = ctx.at(
                (*path, "values", position) if hasattr(leaf, "values") else (*path, "value")
            )
            hint = (
                f"allowed: {', '.join(map(str, allowed))}"
                if allowed
                else "an ISO 3166-1 alpha-2 code"
            )
            yield Problem(
                "condition-value", f"{value!r} is not a value of {field}", where, hint=hint
            )


def _metric_leaf_problems(
    leaf: Condition, path: DataPath, ctx: DocumentContext
) -> Iterator[Problem]:
    field = getattr(leaf, "field", "")
    if field not in METRIC_FIELDS:
        message = f'"{field}" is a profile field; decision bands read assessment metrics'
        yield Problem(
            "condition-field",
            message,
            ctx.at((*path, "field")),
            hint=f"use one of {sorted(METRIC_FIELDS)}",
        )
    for value in _values(leaf):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            yield Problem(
                "condition-value",
                f"metric {field} compares with numbers, not {value!r}",
                ctx.at(path),
            )


def standard_vocabulary(ctx: DocumentContext) -> Iterator[Problem]:
    standard = ctx.document
    assert isinstance(standard, Standard)
    scoped = [((), standard.applies_when)] + [
        (("requirements", i), r.applies_when) for i, r in enumerate(standard.requirements)
    ]
    for base, condition in scoped:
        if condition is not None:
            for leaf, path in walk(condition, (*base, "applies_when")):
                yield from _profile_leaf_problems(leaf, path, ctx)


def policy_vocabulary(ctx: DocumentContext) -> Iterator[Problem]:
    policy = ctx.document
    assert isinstance(policy, Policy)
    for index, band in enumerate(policy.decision_bands):
        if band.when is not None:
            for leaf, path in walk(band.when, ("decision_bands", index, "when")):
                yield from _metric_leaf_problems(leaf, path, ctx)


def _domain(field: str, conditions: Sequence[Condition]) -> list[object]:
    if field in BOOLEAN_FIELDS:
        return [True, False]
    if field in LIST_FIELDS:
        vocabulary = PROFILE_VOCABULARY[field]
        return [
            list(c)
            for n in range(len(vocabulary) + 1)
            for c in itertools.combinations(vocabulary, n)
        ]
    if field in PROFILE_VOCABULARY:
        return list(PROFILE_VOCABULARY[field])
    mentioned = {
        v
        for c in conditions
        for leaf, _ in walk(c, ())
        if getattr(leaf, "field", "") == field
        for v in _values(leaf)
    }
    return [*sorted(map(str, mentioned)), "ZZ"]


def widens(requirement: Condition, standard: Condition) -> bool | None:
    """Whether some profile meets the requirement's condition but not the standard's.

    Only the fields that the conditions read are varied; None when there are too many cases.
    """
    fields = sorted(fields_used(requirement) | fields_used(standard))
    domains = [_domain(f, (requirement, standard)) for f in fields]
    cases = 1
    for domain in domains:
        cases *= len(domain)
    if cases > _MAX_CASES:
        return None
    for combination in itertools.product(*domains):
        facts = dict(zip(fields, combination, strict=True))
        if evaluate(requirement, facts).value and not evaluate(standard, facts).value:
            return True
    return False


def no_widening(ctx: DocumentContext) -> Iterator[Problem]:
    standard = ctx.document
    assert isinstance(standard, Standard)
    outer = standard.applies_when
    if outer is None or any(True for _ in standard_vocabulary(ctx)):
        return
    for index, requirement in enumerate(standard.requirements):
        inner = requirement.applies_when
        if inner is None or not (fields_used(inner) & fields_used(outer)):
            continue
        if widens(inner, outer):
            message = (
                f"{requirement.id} applies in a context where {standard.code} does not: "
                "restate the standard's condition inside the requirement's (op: all) and narrow it"
            )
            yield Problem(
                "context-widened", message, ctx.at(("requirements", index, "applies_when"))
            )


CHECKS = (
    DocumentCheck("applies-when-vocabulary", frozenset({"standard"}), standard_vocabulary),
    DocumentCheck("decision-band-vocabulary", frozenset({"policy"}), policy_vocabulary),
    DocumentCheck("requirement-never-widens", frozenset({"standard"}), no_widening),
)
assert LEAF_TYPES
