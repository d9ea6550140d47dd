"""A self-assessment: an organisation's answers against one pinned release."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from engine.models.common import (
    NonEmptyText,
    ReleaseVersion,
    RequirementId,
    Sha256,
    ShortText,
    Slug,
    StrictModel,
)
from engine.models.profile import OrganisationProfile


class FileEvidence(StrictModel):
    type: Literal["file"]
    title: ShortText
    filename: ShortText
    sha256: Sha256 | None = None


class LinkEvidence(StrictModel):
    type: Literal["link"]
    title: ShortText
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]


EvidenceReference = Annotated[FileEvidence | LinkEvidence, Field(discriminator="type")]


class Response(StrictModel):
    """The answer to one requirement: a rating, or 'not applicable' with a reason."""

    rating: int | None = Field(default=None, ge=0, le=10)
    not_applicable: bool = False
    na_reason: NonEmptyText | None = None
    comment: NonEmptyText | None = None
    evidence: list[EvidenceReference] = Field(default_factory=list)
    needs_reconfirmation: bool = Field(
        default=False, description="Carried over from an earlier assessment; confirm or change it"
    )

    @model_validator(mode="after")
    def _rating_or_not_applicable(self) -> Response:
        if self.not_applicable and self.rating is not None:
            raise ValueError("give a rating or mark not_applicable, not both")
        return self


class OrganisationRef(StrictModel):
    id: Slug
    name: ShortText


class SelfAssessment(StrictModel):
    kind: Literal["self_assessment"]
    schema_version: Literal[1]
    organisation: OrganisationRef
    release: ReleaseVersion
    profile: OrganisationProfile
    responses: dict[RequirementId, Response] = Field(default_factory=dict)
