"""A release binds standard versions and a policy version, each pinned by its sha256."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from engine.models.common import (
    IsoDate,
    LocalizedText,
    ReleaseVersion,
    SemanticVersion,
    Sha256,
    Slug,
    StrictModel,
)


class PinnedStandard(StrictModel):
    id: Slug
    version: SemanticVersion
    sha256: Sha256


class PinnedPolicy(StrictModel):
    version: SemanticVersion
    sha256: Sha256


class Release(StrictModel):
    kind: Literal["release"]
    schema_version: Literal[1]
    version: ReleaseVersion
    title: LocalizedText
    effective_from: IsoDate
    effective_until: IsoDate | None = None
    policy: PinnedPolicy
    standards: list[PinnedStandard] = Field(min_length=1)
