"""Building blocks shared by every document model: strict config, versions, multilingual text."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Language = Literal["en", "de", "fr"]
LANGUAGES: tuple[Language, ...] = ("en", "de", "fr")

SemanticVersion = Annotated[
    str,
    StringConstraints(pattern=r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$"),
    Field(description='Semantic version "MAJOR.MINOR.PATCH", quoted in YAML.'),
]
ReleaseVersion = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}\.[1-9]\d*$"),
    Field(description='Release version "YYYY.N", quoted in YAML.'),
]
Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=80),
    Field(description="kebab-case identifier"),
]
StandardCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2,4}$"),
    Field(description="Short upper-case code of a standard, e.g. SG"),
]
RequirementId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2,4}-\d{2}$"),
    Field(description="Requirement id: the standard's code, a dash and two digits, e.g. SG-03"),
]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
IsoDate = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"),
    Field(description="Calendar date YYYY-MM-DD"),
]
NonEmptyText = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300)]


class StrictModel(BaseModel):
    """Base of every document model: strict types, unknown fields refused, immutable."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class LocalizedText(StrictModel):
    """Text that users read, in English (required), German and French (optional).

    A missing language falls back to English.
    """

    en: NonEmptyText
    de: NonEmptyText | None = None
    fr: NonEmptyText | None = None

    def get(self, language: str) -> str:
        """The text in `language`, or the English text where that language is missing."""
        value = getattr(self, language, None) if language in LANGUAGES else None
        return value if isinstance(value, str) else self.en

    def has(self, language: Language) -> bool:
        return getattr(self, language) is not None


class SourceReference(StrictModel):
    """A public source that a standard draws on. No invented citations: name it as published."""

    id: Slug = Field(description="Key that requirements use to cite this source")
    title: ShortText
    publisher: ShortText | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
