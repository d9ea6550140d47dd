"""A country is an ISO 3166-1 alpha-2 code (or XK, Kosovo): anything else in a profile is
named at its line and column with how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.loading import load_document
from engine.models.countries import COUNTRY_NAMES

PROFILE = """\
kind: organisation_profile
schema_version: 1
organisation_id: exit-north
name: Exit North
profile:
  region: europe
  country: {country}
  income_group: high
  organisation_type: civil_society
  settings: [community]
"""


def _load(tmp_path: Path, country: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "profile.yaml"
    path.write_text(PROFILE.format(country=country), encoding="utf-8")
    return load_document(path, "organisation_profile")


@pytest.mark.parametrize(
    ("country", "says"),
    [
        ("ZZ", '"ZZ" is not an ISO 3166-1 alpha-2 country code'),
        ("EU", '"EU" is not an ISO 3166-1 alpha-2 country code'),
        ("Germany", "use the two capital letters of the country, e.g. DE"),
        ("se", 'write the country code in capitals, "SE"'),
    ],
)
def test_an_unknown_country_is_located_with_the_fix(
    tmp_path: Path, country: str, says: str
) -> None:
    document, report = _load(tmp_path, country)
    assert document is None
    (problem,) = report.errors
    assert problem.code == "invalid-value"
    assert (problem.location.line, problem.location.column) == (7, 12)
    assert problem.location.field == "$.profile.country"
    assert says in problem.message


@pytest.mark.parametrize("country", ["DE", "KE", "XK", "PS", "TW"])
def test_known_countries_are_accepted(tmp_path: Path, country: str) -> None:
    document, report = _load(tmp_path, country)
    assert report.valid, report.to_text()
    assert document is not None


def test_the_table_is_iso_3166_1_plus_kosovo() -> None:
    assert len(COUNTRY_NAMES) == 250  # 249 ISO 3166-1 codes (2026) and XK
    assert all(len(code) == 2 and code.isupper() for code in COUNTRY_NAMES)
    assert list(COUNTRY_NAMES) == sorted(COUNTRY_NAMES)
    assert {"EU", "UK", "ZZ"}.isdisjoint(COUNTRY_NAMES)
