"""The organisation profile: the context questions that decide which standards apply."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from engine.models.common import ShortText, Slug, StrictModel
from engine.models.countries import COUNTRY_NAMES

Region = Literal["africa", "americas", "asia", "europe", "oceania"]
IncomeGroup = Literal["low", "lower_middle", "upper_middle", "high"]
OrganisationType = Literal["civil_society", "governmental", "mixed"]
Setting = Literal["custodial", "probation", "community", "online", "family"]
Ideology = Literal[
    "right_wing", "islamist", "left_wing", "ethno_nationalist", "single_issue", "other"
]
Size = Literal["small", "medium", "large"]
STORED: dict[str, bool] = {"stored": True}
"""Validation context of a profile read back from the record: a code that was valid when it
was written (or that ISO has since withdrawn) stays readable; new input is checked."""


def country_problem(code: str) -> str | None:
    """What is wrong with a country code, and how to fix it; None when it is a known code."""
    if code in COUNTRY_NAMES:
        return None
    if code.upper() in COUNTRY_NAMES:
        return f'"{code}": write the country code in capitals, "{code.upper()}"'
    shown = code if len(code) <= 20 else code[:20] + "…"
    return (
        f'"{shown}" is not an ISO 3166-1 alpha-2 country code: use the two capital letters '
        "of the country, e.g. DE, KE or US (XK for Kosovo)"
    )


def _known_country(code: str, info: ValidationInfo) -> str:
    problem = None if (info.context or {}).get("stored") else country_problem(code)
    if problem:
        raise ValueError(problem)
    return code


CountryCode = Annotated[
    str,
    AfterValidator(_known_country),
    Field(
        description="ISO 3166-1 alpha-2 country code (XK for Kosovo)",
        json_schema_extra={"enum": list(COUNTRY_NAMES)},
    ),
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
