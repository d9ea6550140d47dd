"""The organisation profile: the context questions that decide which standards apply."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field, StringConstraints, field_validator

from engine.models.common import ShortText, Slug, StrictModel

Region = Literal["africa", "americas", "asia", "europe", "oceania"]
IncomeGroup = Literal["low", "lower_middle", "upper_middle", "high"]
OrganisationType = Literal["civil_society", "governmental", "mixed"]
Setting = Literal["custodial", "probation", "community", "online", "family"]
Ideology = Literal[
    "right_wing", "islamist", "left_wing", "ethno_nationalist", "single_issue", "other"
]
Size = Literal["small", "medium", "large"]
CountryCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2}$"),
    Field(description="ISO 3166-1 alpha-2 country code"),
]

PROFILE_VOCABULARY: dict[str, tuple[str, ...]] = {
    "region": get_args(Region),
    "income_group": get_args(IncomeGroup),
    "organisation_type": get_args(OrganisationType),
    "settings": get_args(Setting),
    "ideologies": get_args(Ideology),
    "size": get_args(Size),
}
"""Allowed values per enumerated profile field, used to check conditions against the profile."""

LIST_FIELDS = frozenset({"settings", "ideologies"})
BOOLEAN_FIELDS = frozenset(
    {
        "works_with_minors",
        "employs_former_extremists",
        "works_with_returnees",
        "mandatory_reporting_jurisdiction",
    }
)


class OrganisationProfile(StrictModel):
    """What an organisation is and where it works. Applicability is derived from this alone."""

    country: CountryCode
    region: Region
    income_group: IncomeGroup
    organisation_type: OrganisationType
    settings: list[Setting] = Field(min_length=1, description="Where the work takes place")
    ideologies: list[Ideology] = Field(
        default_factory=list, description="Forms of extremism the organisation works with"
    )
    works_with_minors: bool = False
    employs_former_extremists: bool = Field(
        default=False, description="Former extremists work as staff, co-counsellors or messengers"
    )
    works_with_returnees: bool = Field(
        default=False, description="Clients include people returned from conflict zones"
    )
    mandatory_reporting_jurisdiction: bool = Field(
        default=False,
        description="The law obliges staff to report certain planned or past offences",
    )
    size: Size = Field(default="small", description="small < 10 staff, medium < 50, large 50+")

    @field_validator("settings", "ideologies")
    @classmethod
    def _no_repeats(cls, values: list[str]) -> list[str]:
        if len(set(values)) != len(values):
            raise ValueError("each value may appear only once")
        return values


class OrganisationProfileDocument(StrictModel):
    """An organisation profile as a file a person writes."""

    kind: Literal["organisation_profile"]
    schema_version: Literal[1]
    organisation_id: Slug
    name: ShortText
    profile: OrganisationProfile
