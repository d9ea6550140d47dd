"""A standard with its requirements: one file per published version."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from engine.models.common import (
    LocalizedText,
    RequirementId,
    SemanticVersion,
    Slug,
    SourceReference,
    StandardCode,
    StrictModel,
)
from engine.models.conditions import Condition

Scope = Literal["universal", "context-specific"]


class ScopedItem(StrictModel):
    """Something that is universal or applies only when its condition holds."""

    scope: Scope
    applies_when: Condition | None = Field(
        default=None, description="Required for context-specific items, absent for universal ones"
    )

    @model_validator(mode="after")
    def _scope_matches_condition(self) -> ScopedItem:
        if self.scope == "context-specific" and self.applies_when is None:
            raise ValueError("a context-specific item needs applies_when")
        if self.scope == "universal" and self.applies_when is not None:
            raise ValueError("a universal item must not have applies_when")
        return self


class Requirement(ScopedItem):
    """One thing that must be true of an organisation, with how to meet it and show it."""

    id: RequirementId
    title: LocalizedText
    statement: LocalizedText = Field(description="What must be true")
    guidance: LocalizedText = Field(description="How to meet it and what good looks like")
    evidence_examples: list[LocalizedText] = Field(
        min_length=1, description="What a reviewer would accept as evidence"
    )
    critical: bool = False
    na_allowed: bool = Field(
        default=False, description="Whether an organisation may answer 'not applicable'"
    )
    sources: list[Slug] = Field(
        default_factory=list, description="Ids of the standard's sources this requirement draws on"
    )


class Standard(ScopedItem):
    """A published version of a quality standard."""

    kind: Literal["standard"]
    schema_version: Literal[1]
    id: Slug
    code: StandardCode
    version: SemanticVersion
    title: LocalizedText
    purpose: LocalizedText
    sources: list[SourceReference] = Field(min_length=1)
    requirements: list[Requirement] = Field(min_length=1)

    def requirement(self, requirement_id: str) -> Requirement | None:
        return next((r for r in self.requirements if r.id == requirement_id), None)
