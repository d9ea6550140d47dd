"""What the board could work out by laying its own tables side by side.

Each test plays a board member who subtracts shown figures from other shown figures to rebuild
a group that the board must not see (fewer than 5 organisations). The field is built so that
each way in is open unless its protection holds:

- compared by country, a region that the table by region hides (Africa, 2 organisations; and
  the Americas, hidden beside it) is not given away by its countries;
- organisations with no score for a standard (none of its requirements applies to them) count
  in adoption, so they are a score band of their own: adoption minus the bands names them;
- under a region filter, a score band that the field withholds for that region withholds the
  whole standard: adoption minus the other bands would give the band, and every region's band
  against everyone's would give the small region's;
- under a release filter, likewise: a band withheld because it differs from every release's
  by a few organisations (those who moved on) withholds the whole standard.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from engine.models import ReleaseBundle, Response, Standard
from engine.service import (
    analytics,
    assessments,
    clock,
    deciders,
    decisions,
    organisations,
    releases,
    reviews,
    users,
)
from engine.service.analytics import BoardFilters, BoardTable
from engine.service.principals import SYSTEM, Principal
from engine.storage import Database, open_database
from tests.service.builders import bundle, profile

MIN_GROUP = 5
BANDS = (-1, 0, 1, 2, 3)
"""Score bands: no score, then quarters of the scale."""
REGION_OF = {"DE": "europe", "FR": "europe", "BR": "americas", "KE": "africa"}
WORKS_WITH_FORMERS = {"op": "eq", "field": "employs_former_extremists", "value": True}


@dataclass(frozen=True)
class Organisations:
    country: str
    count: int
    safeguarding: int
    """The rating of both safeguarding requirements."""
    case_management: int | None
    """The rating of both case-management requirements; None: they do not apply (no score)."""


FIELD = (
    Organisations("DE", 9, safeguarding=3, case_management=3),
    Organisations("FR", 5, safeguarding=2, case_management=2),
    Organisations("BR", 4, safeguarding=3, case_management=3),
    Organisations("BR", 2, safeguarding=3, case_management=None),
    Organisations("KE", 2, safeguarding=2, case_management=3),
)
"""Regions: Europe 14, the Americas 6, Africa 2. Safeguarding, band 3 (75 % or more): Europe 9,
the Americas 6; band 2: Europe 5, Africa 2. Case management: band 3: 15, band 2: 5, no
score: 2 (in the Americas)."""


def _bundle() -> ReleaseBundle:
    """The builders' release, with case management's requirements for organisations that
    employ former extremists only: the others have no score for it."""
    made = bundle()
    data = made.standards[1].model_dump(mode="json", exclude_none=True)
    data["requirements"] = [
        {**r, "scope": "context-specific", "applies_when": WORKS_WITH_FORMERS}
        for r in data["requirements"]
    ]
    standards = (made.standards[0], Standard.model_validate(data))
    return ReleaseBundle(release=made.release, policy=made.policy, standards=standards)


@dataclass(frozen=True)
class Field:
    db: Database
    board: Principal


def _answers(group: Organisations) -> dict[str, Response]:
    answers = {rid: Response(rating=group.safeguarding) for rid in ("SG-01", "SG-02")}
    if group.case_management is not None:
        answers |= {rid: Response(rating=group.case_management) for rid in ("CM-01", "CM-02")}
    return answers


def _decide(
    db: Database,
    staff: dict[str, Principal],
    org_id: str,
    answers: dict[str, Response],
    release: str = "2026.1",
    moment: datetime = datetime(2026, 3, 2, 10),
) -> None:
    member = Principal(f"{org_id}-member", "org_member", org_id)
    with clock.frozen_at(moment):
        draft = assessments.start_assessment(member, db, org_id, release)
        saved = assessments.save_responses(member, db, draft.id, answers, draft.row_version)
        submitted = assessments.submit_assessment(member, db, draft.id, saved.row_version)
        reviews.assign_reviewer(staff["admin"], db, draft.id, "reviewer")
        deciders.assign_decider(staff["admin"], db, draft.id, "decider")
        reviews.start_review(staff["reviewer"], db, draft.id, submitted.row_version)
        version = submitted.row_version + 1
        reviews.record_verdict(
            staff["reviewer"], db, draft.id, "SG-01", "agree", expected_version=version
        )
        decisions.decide(staff["decider"], db, draft.id, submitted.row_version + 2)


def _staff(db: Database) -> dict[str, Principal]:
    roles = {"admin": "admin", "reviewer": "reviewer", "decider": "reviewer", "board": "board"}
    return {
        name: users.create_user(SYSTEM, db, name, display_name=name, role=role).principal
        for name, role in roles.items()
    }


@pytest.fixture(scope="module")
def field(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Field]:
    db = open_database(str(Path(tmp_path_factory.mktemp("differencing")) / "field.duckdb"))
    releases.register_release(SYSTEM, db, _bundle())
    staff = _staff(db)
    n = 0
    for group in FIELD:
        formers = group.case_management is not None
        made = profile(group.country, REGION_OF[group.country]).model_copy(
            update={"employs_former_extremists": formers}
        )
        for _ in range(group.count):
            n += 1
            org_id = f"org-{n:02d}"
            organisations.create_organisation(SYSTEM, db, org_id, org_id, made)
            _decide(db, staff, org_id, _answers(group))
    yield Field(db, staff["board"])
    db.close()


def _given_away(count: int) -> bool:
    return 0 < count < MIN_GROUP


def _by_standard(table: BoardTable, column: str) -> dict[str, dict[Any, int]]:
    """Shown organisations per standard and `column` (group or band)."""
    out: dict[str, dict[Any, int]] = {}
    for row in table.rows:
        out.setdefault(row["standard_id"], {})[row[column]] = row["organisations"]
    return out


def test_countries_do_not_give_away_a_region_that_the_table_by_region_hides(
    field: Field,
) -> None:
    everyone = _by_standard(analytics.adoption(field.board, field.db), "group")
    regions = _by_standard(analytics.adoption(field.board, field.db, "region"), "group")
    countries = _by_standard(analytics.adoption(field.board, field.db, "country"), "group")
    for standard, total in everyone.items():
        shown = regions.get(standard, {})
        assert set(shown) == {"europe"}  # Africa (2) and the Americas beside it are hidden
        outside = {
            c: n for c, n in countries.get(standard, {}).items() if REGION_OF[c] not in shown
        }
        left = total["all"] - sum(shown.values()) - sum(outside.values())
        assert not _given_away(left), f"{standard}: everyone - Europe - {outside} = {left}"
        assert outside == {}  # Brazil (6) would leave Africa's 2


def test_adoption_minus_the_score_bands_names_nobody(field: Field) -> None:
    everyone = _by_standard(analytics.adoption(field.board, field.db), "group")
    bands = analytics.score_bands(field.board, field.db)
    shown = _by_standard(bands, "band")
    for standard, total in everyone.items():
        left = total["all"] - sum(shown.get(standard, {}).values())
        assert not _given_away(left), f"{standard}: adoption - shown bands = {left}"
    no_score = {(s["standard_id"], s["band"]) for s in bands.suppressed}
    assert ("case-management", -1) in no_score  # the 2 organisations it does not apply to


def _derived_bands(field: Field, region: str) -> dict[tuple[str, int], int]:
    """Under a region filter: each band shown, a band neither shown nor withheld (none), and
    a band withheld alone, worked out as the region's adoption minus its other bands."""
    chosen = BoardFilters(regions=(region,))
    adopted = _by_standard(analytics.adoption(field.board, field.db, filters=chosen), "group")
    bands = analytics.score_bands(field.board, field.db, filters=chosen)
    known = {
        (s, b): n for s, shown in _by_standard(bands, "band").items() for b, n in shown.items()
    }
    for standard, total in adopted.items():
        withheld = [s["band"] for s in bands.suppressed if s["standard_id"] == standard]
        for band in BANDS:
            if band not in withheld:
                known.setdefault((standard, band), 0)
        if len(withheld) == 1:
            others = sum(n for (s, _), n in known.items() if s == standard)
            known[standard, withheld[0]] = total["all"] - others
    return known


def test_a_band_withheld_under_a_region_filter_cannot_be_worked_out(field: Field) -> None:
    regions = sorted(set(REGION_OF.values()))
    known = {region: _derived_bands(field, region) for region in regions}
    for region, bands in known.items():
        for key, count in bands.items():
            assert not _given_away(count), f"{region} {key}: {count}"
    everyone = analytics.score_bands(field.board, field.db)
    for standard, shown in _by_standard(everyone, "band").items():
        for band, total in shown.items():
            unknown = [r for r in regions if (standard, band) not in known[r]]
            if len(unknown) == 1:  # everyone's band minus the other regions' gives the last
                left = total - sum(known[r][standard, band] for r in regions if r != unknown[0])
                assert not _given_away(left), f"{unknown[0]}, {standard} band {band}: {left}"
    europe = analytics.score_bands(field.board, field.db, filters=BoardFilters(regions=("europe",)))
    assert not any(r["standard_id"] == "safeguarding" for r in europe.rows)


@pytest.fixture(scope="module")
def two_moved_on(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Field]:
    """20 organisations decided on 2026.1 (13 at the top band, 7 one band below); 3 of the
    former and 2 of the latter decided again on 2026.2, at the top band."""
    db = open_database(str(Path(tmp_path_factory.mktemp("moved")) / "moved.duckdb"))
    for version in ("2026.1", "2026.2"):
        releases.register_release(SYSTEM, db, bundle(version))
    staff = _staff(db)
    later = datetime(2026, 5, 4, 10)
    for n, rating in enumerate([3] * 13 + [2] * 7):
        org_id = f"org-{n:02d}"
        organisations.create_organisation(SYSTEM, db, org_id, org_id, profile())
        group = Organisations("DE", 1, rating, rating)
        _decide(db, staff, org_id, _answers(group))
        if n in (0, 1, 2, 13, 14):
            _decide(db, staff, org_id, _answers(Organisations("DE", 1, 3, 3)), "2026.2", later)
    yield Field(db, staff["board"])
    db.close()


def test_a_band_withheld_under_a_release_filter_cannot_be_worked_out(two_moved_on: Field) -> None:
    """On 2026.1 the lower band holds 7, over every release 5: it differs by the 2 who moved
    on, and is withheld. Were it withheld alone, the release's adoption minus its top band
    (13) would give 7 back, and 7 - 5 the 2."""
    field, chosen = two_moved_on, BoardFilters(release="2026.1")
    adopted = _by_standard(analytics.adoption(field.board, field.db, filters=chosen), "group")
    on_release = analytics.score_bands(field.board, field.db, filters=chosen)
    everyone = _by_standard(analytics.score_bands(field.board, field.db), "band")
    shown = _by_standard(on_release, "band")
    for standard, total in adopted.items():
        withheld = {s["band"] for s in on_release.suppressed if s["standard_id"] == standard}
        if len(withheld) == 1:
            (band,) = withheld
            others = sum(shown.get(standard, {}).values())
            moved = total["all"] - others - everyone.get(standard, {}).get(band, 0)
            assert not _given_away(abs(moved)), f"{standard} band {band}: {moved} moved on"
        assert withheld in (set(), {2, 3})
