"""The closed condition language of DESIGN.md section 3.

A condition is a tree of operators, discriminated by `op`. It is used over the organisation
profile (`applies_when`) and over assessment metrics (the policy's decision bands). There is
no expression string, no eval: only these node types.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field

from engine.models.common import StrictModel

ProfileField = Literal[
    "country",
    "region",
    "income_group",
    "organisation_type",
    "settings",
    "ideologies",
    "works_with_minors",
    "employs_former_extremists",
    "works_with_returnees",
    "mandatory_reporting_jurisdiction",
    "size",
]
MetricField = Literal[
    "overall_score",
    "min_standard_score",
    "share_implemented",
    "share_partly_or_better",
    "coverage",
    "critical_below_implemented",
    "critical_below_partly",
    "unanswered",
    "blocking_findings",
]
ConditionField = Annotated[
    Literal[
        "country",
        "region",
        "income_group",
        "organisation_type",
        "settings",
        "ideologies",
        "works_with_minors",
        "employs_former_extremists",
        "works_with_returnees",
        "mandatory_reporting_jurisdiction",
        "size",
        "overall_score",
        "min_standard_score",
        "share_implemented",
        "share_partly_or_better",
        "coverage",
        "critical_below_implemented",
        "critical_below_partly",
        "unanswered",
        "blocking_findings",
    ],
    Field(description="Profile field (in applies_when) or assessment metric (in policy bands)"),
]
PROFILE_FIELDS: frozenset[str] = frozenset(get_args(ProfileField))
METRIC_FIELDS: frozenset[str] = frozenset(get_args(MetricField))
Scalar = str | bool | int | float


class AllOf(StrictModel):
    """True when every sub-condition is true."""

    op: Literal["all"]
    conditions: list[Condition] = Field(min_length=1)


class AnyOf(StrictModel):
    """True when at least one sub-condition is true."""

    op: Literal["any"]
    conditions: list[Condition] = Field(min_length=1)


class Not(StrictModel):
    """True when the sub-condition is false."""

    op: Literal["not"]
    condition: Condition


class Equals(StrictModel):
    """True when a single-valued field equals the value."""

    op: Literal["eq"]
    field: ConditionField
    value: Scalar


class OneOf(StrictModel):
    """True when a single-valued field is one of the values."""

    op: Literal["in"]
    field: ConditionField
    values: list[Scalar] = Field(min_length=1)


class ContainsAny(StrictModel):
    """True when a list field (settings, ideologies) holds at least one of the values."""

    op: Literal["contains_any"]
    field: ConditionField
    values: list[str] = Field(min_length=1)


class ContainsAll(StrictModel):
    """True when a list field holds every one of the values."""

    op: Literal["contains_all"]
    field: ConditionField
    values: list[str] = Field(min_length=1)


class AtLeast(StrictModel):
    """True when a numeric field is greater than or equal to the value."""

    op: Literal["gte"]
    field: ConditionField
    value: int | float


class AtMost(StrictModel):
    """True when a numeric field is less than or equal to the value."""

    op: Literal["lte"]
    field: ConditionField
    value: int | float


Condition = Annotated[
    AllOf | AnyOf | Not | Equals | OneOf | ContainsAny | ContainsAll | AtLeast | AtMost,
    Field(discriminator="op"),
]

if frozenset(get_args(get_args(ConditionField)[0])) != PROFILE_FIELDS | METRIC_FIELDS:
    raise RuntimeError("ConditionField must list exactly the profile and metric fields")

for _model in (AllOf, AnyOf, Not):
    _model.model_rebuild()

LEAF_TYPES = (Equals, OneOf, ContainsAny, ContainsAll, AtLeast, AtMost)


def fields_used(condition: Condition) -> set[str]:
    """Every field that a condition tree reads."""
    if isinstance(condition, (AllOf, AnyOf)):
        return set().union(*(fields_used(c) for c in condition.conditions))
    if isinstance(condition, Not):
        return fields_used(condition.condition)
    return {condition.field}
