"""Names and profiles for demo organisations, on five continents."""

from __future__ import annotations

import random

from engine.models.profile import OrganisationProfile

ORG_PASSWORD = "demo-organisation-2026"  # noqa: S105 - a published demo password
COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("DE", "europe", "high"),
    ("FR", "europe", "high"),
    ("NL", "europe", "high"),
    ("SE", "europe", "high"),
    ("GB", "europe", "high"),
    ("KE", "africa", "lower_middle"),
    ("NG", "africa", "lower_middle"),
    ("ZA", "africa", "upper_middle"),
    ("MA", "africa", "lower_middle"),
    ("US", "americas", "high"),
    ("CA", "americas", "high"),
    ("CO", "americas", "upper_middle"),
    ("BR", "americas", "upper_middle"),
    ("ID", "asia", "upper_middle"),
    ("PH", "asia", "lower_middle"),
    ("PK", "asia", "lower_middle"),
    ("JO", "asia", "upper_middle"),
    ("AU", "oceania", "high"),
    ("NZ", "oceania", "high"),
)
"""(ISO 3166-1 alpha-2, region, income group). The first five organisations take one
continent each, so that even a small demo spans all five."""
FIRST_FIVE = ("DE", "KE", "US", "ID", "AU")
NAMES = (
    "Bridges",
    "Pathways",
    "New Horizons",
    "Exit Point",
    "Turning Point",
    "Open Door",
    "Second Chance",
    "Compass",
    "Crossroads",
    "Lighthouse",
    "Harbour",
    "Way Out",
)
KINDS = ("Association", "Foundation", "Centre", "Network", "Service", "Programme")
SETTINGS = ("custodial", "probation", "community", "online", "family")
IDEOLOGIES = ("right_wing", "islamist", "left_wing", "ethno_nationalist", "single_issue")


def make_name(rng: random.Random, index: int) -> str:
    return f"{rng.choice(NAMES)} {rng.choice(KINDS)} {index + 1}"


def _country(rng: random.Random, index: int) -> tuple[str, str, str]:
    if index < len(FIRST_FIVE):
        return next(c for c in COUNTRIES if c[0] == FIRST_FIVE[index])
    return rng.choice(COUNTRIES)


def make_profile(rng: random.Random, index: int) -> OrganisationProfile:
    country, region, income = _country(rng, index)
    return OrganisationProfile.model_validate(
        {
            "country": country,
            "region": region,
            "income_group": income,
            "organisation_type": rng.choice(
                ("civil_society", "civil_society", "governmental", "mixed")
            ),
            "settings": rng.sample(SETTINGS, rng.randint(1, 3)),
            "ideologies": rng.sample(IDEOLOGIES, rng.randint(1, 2)),
            "works_with_minors": rng.random() < 0.4,
            "employs_former_extremists": rng.random() < 0.3,
            "works_with_returnees": rng.random() < 0.25,
            "mandatory_reporting_jurisdiction": rng.random() < 0.5,
            "size": rng.choice(("small", "medium", "large")),
        }
    )
