"""The board's filters (region or organisation type, and release): every filtered figure
equals a brute-force count in Python over the same record, groups are suppressed after
filtering, and no filtered table gives away by difference what the unfiltered ones hide."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.models import Response
from engine.service import (
    analytics,
    assessments,
    clock,
    deciders,
    decisions,
    organisations,
    releases,
    reviews,
)
from engine.service.analytics import BoardFilters, BoardTable
from engine.service.errors import AccessDenied, InvalidInput
from engine.service.principals import SYSTEM, Principal
from tests.service.board_oracle import (
    PROFILE_FIELDS,
    Groups,
    Record,
    brute_adoption,
    brute_by_quarter,
    brute_certificates,
    brute_pipeline,
    brute_score_bands,
    brute_weakest,
    expected_view,
    read_record,
)
from tests.service.board_time_oracle import withheld_over_time
from tests.service.builders import bundle, profile
from tests.service.conftest import World, make_world

REGIONS = ("europe", "africa", "americas")
TYPES = ("civil_society", "governmental")
COUNTRIES = {"europe": "DE", "africa": "KE", "americas": "BR"}
ORGS = 24
RELEASES = ("2026.1", "2026.2")
ANSWERED = ("SG-01", "SG-02", "CM-01", "CM-02")


def _decide(world: World, org_id: str, release: str, rating: int, moment: datetime) -> None:
    member = Principal(f"{org_id}-member", "org_member", org_id)
    with clock.frozen_at(moment):
        draft = assessments.start_assessment(member, world.db, org_id, release)
        answers = {rid: Response(rating=rating) for rid in ANSWERED}
        saved = assessments.save_responses(member, world.db, draft.id, answers, draft.row_version)
        submitted = assessments.submit_assessment(member, world.db, draft.id, saved.row_version)
        reviews.assign_reviewer(world.admin, world.db, draft.id, "reviewer")
        deciders.assign_decider(world.admin, world.db, draft.id, "decider")
        reviews.start_review(world.reviewer, world.db, draft.id, submitted.row_version)
        version = submitted.row_version + 1
        reviews.record_verdict(
            world.reviewer, world.db, draft.id, "SG-01", "agree", expected_version=version
        )
        decisions.decide(world.decider, world.db, draft.id, submitted.row_version + 2)


def _organisation(world: World, n: int) -> str:
    region, kind = REGIONS[n % 3], TYPES[(n // 3) % 2]
    made = profile(COUNTRIES[region], region).model_copy(update={"organisation_type": kind})
    org_id = f"org-{n:02d}"
    organisations.create_organisation(SYSTEM, world.db, org_id, org_id, made)
    return org_id


@pytest.fixture(scope="module")
def field(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """24 organisations in three regions and two types; all decided on 2026.1 early in 2026,
    every second one again on 2026.2 in the third quarter; every fifth has an open draft."""
    world = make_world(tmp_path_factory.mktemp("filters") / "filters.duckdb")
    releases.register_release(SYSTEM, world.db, bundle("2026.2"))
    for n in range(ORGS):
        org_id = _organisation(world, n)
        _decide(world, org_id, "2026.1", n % 4, datetime(2026, 1 + n % 3, 1 + n, 10))
        if n % 2 == 0:
            _decide(world, org_id, "2026.2", 3 - n % 4, datetime(2026, 7 + n % 3, 1 + n, 10))
        if n % 5 == 4:
            member = Principal(f"{org_id}-member", "org_member", org_id)
            with clock.frozen_at(datetime(2026, 10, 1 + n, 10)):
                assessments.start_assessment(member, world.db, org_id, "2026.2")
    yield world
    world.db.close()


# -- the brute force: the same figures, counted in Python from the raw tables ----------------


@dataclass(frozen=True)
class Case:
    query: Callable[[World, str, BoardFilters], BoardTable]
    brute_force: Callable[[Record, str, BoardFilters], Groups]
    columns: tuple[str, ...]
    """The key columns, then the figure."""
    counted: bool = False
    """The figure is a count of rows (else a mean)."""
    last_is_cell: bool = True
    """The last key column tells apart the groups of one row (secondary suppression)."""
    ends_in_all: bool = True
    """Over everyone, the key ends in the group "all" (a table that can be compared)."""

    @property
    def shape(self) -> tuple[bool, bool, bool]:
        return self.counted, self.last_is_cell, self.ends_in_all


CASES: dict[str, Case] = {
    "adoption": Case(
        lambda w, dim, f: analytics.adoption(w.board, w.db, dim, filters=f),
        brute_adoption,
        ("standard_id", "group", "share_meeting"),
    ),
    "score_bands": Case(
        lambda w, dim, f: analytics.score_bands(w.board, w.db, filters=f),
        brute_score_bands,
        ("standard_id", "band", "organisations"),
        counted=True,
        ends_in_all=False,
    ),
    "pipeline": Case(
        lambda w, dim, f: analytics.pipeline(w.board, w.db, dim, filters=f),
        brute_pipeline,
        ("state", "group", "assessments"),
        counted=True,
    ),
    "certificates": Case(
        lambda w, dim, f: analytics.certificate_status(w.board, w.db, dim, filters=f),
        brute_certificates,
        ("status", "group", "certificates"),
        counted=True,
    ),
    "by_quarter": Case(
        lambda w, dim, f: analytics.adoption_by_quarter(w.board, w.db, filters=f),
        brute_by_quarter,
        ("quarter", "standard_id", "share_meeting"),
        last_is_cell=False,
        ends_in_all=False,
    ),
    "weakest": Case(
        lambda w, dim, f: analytics.weakest_requirements(w.board, w.db, 100, filters=f),
        brute_weakest,
        ("requirement_id", "share_below_implemented"),
        last_is_cell=False,
        ends_in_all=False,
    ),
}
filters = st.builds(
    BoardFilters,
    regions=st.lists(st.sampled_from(REGIONS), unique=True).map(tuple),
    organisation_types=st.lists(st.sampled_from(TYPES), unique=True).map(tuple),
    release=st.sampled_from((None, *RELEASES)),
)


def _refused(chosen: BoardFilters, dimension: str, name: str) -> str | None:
    """Where the service refuses this view (None: it answers): one filter at a time; under
    a filter, compare by the filtered field only; no quarters under a region or type filter."""
    fields = [f for n, f in PROFILE_FIELDS.items() if getattr(chosen, n)]
    if len(fields) + (chosen.release is not None) > 1:
        return "organisation_types" if chosen.organisation_types else "release"
    grouped = name in ("adoption", "pipeline", "certificates") and dimension != "all"
    if grouped and (chosen.release is not None or (fields and dimension != fields[0])):
        return "dimension"
    if name == "by_quarter" and (fields or chosen.release is not None):
        return "regions" if chosen.regions else ("organisation_types" if fields else "release")
    return None


@pytest.mark.parametrize("name", list(CASES))
@settings(max_examples=40, deadline=None)
@given(chosen=filters, dimension=st.sampled_from(("all", "region", "organisation_type")))
def test_filtered_figures_equal_a_brute_force_count(
    field: World, name: str, chosen: BoardFilters, dimension: str
) -> None:
    case = CASES[name]
    refused = _refused(chosen, dimension, name)
    if refused is not None:
        with pytest.raises(InvalidInput) as error:
            case.query(field, dimension, chosen)
        assert error.value.location == refused
        return
    table = case.query(field, dimension, chosen)
    brute = case.brute_force
    dimension = dimension if name in ("adoption", "pipeline", "certificates") else "all"
    record = read_record(field)
    shown, hidden = expected_view(brute, record, dimension, chosen, case.shape)
    if name == "by_quarter":  # and no two shown quarters differ by 1-4 organisations
        over_time = withheld_over_time(record, chosen, set(shown))
        shown = {key: value for key, value in shown.items() if key not in over_time}
        hidden += len(over_time)
    *keys, figure = case.columns
    assert {tuple(r[k] for k in keys): (r["organisations"], r[figure]) for r in table.rows} == shown
    assert table.suppressed_groups == hidden == len(table.suppressed)


def test_one_profile_filter_at_a_time(field: World) -> None:
    """Regions combine with each other, but not with organisation types: Europe's civil
    society (4 organisations) is hidden, yet Europe minus Europe's governmental ones is not."""
    counts = [
        analytics.adoption(field.board, field.db, filters=f).rows[0]["organisations"]
        for f in (BoardFilters(regions=("europe",)), BoardFilters(regions=("europe", "africa")))
    ]
    assert counts == [8, 16]
    both = BoardFilters(regions=("europe",), organisation_types=("civil_society",))
    with pytest.raises(InvalidInput, match="one at a time") as refused:
        analytics.adoption(field.board, field.db, filters=both)
    assert refused.value.location == "organisation_types"


def test_a_filtered_table_shows_no_more_than_the_table_compared_by_that_field(
    field: World,
) -> None:
    region = BoardFilters(regions=("europe",))
    for dimension, refused in (("organisation_type", True), ("region", False), ("size", True)):
        if refused:
            with pytest.raises(InvalidInput) as crossed:
                analytics.adoption(field.board, field.db, dimension, filters=region)
            assert crossed.value.location == "dimension"
    by_country = analytics.certificate_status(field.board, field.db, "country", filters=region)
    assert {r["group"] for r in [*by_country.rows, *by_country.suppressed]} <= {"DE"}
    on_release = BoardFilters(release="2026.1")
    with pytest.raises(InvalidInput):
        analytics.adoption(field.board, field.db, "region", filters=on_release)
    with pytest.raises(InvalidInput) as over_time:
        analytics.adoption_by_quarter(field.board, field.db, filters=region)
    assert over_time.value.location == "regions"


def test_the_release_filter_uses_each_organisations_latest_decision_on_that_release(
    field: World,
) -> None:
    def organisations_on(release: str | None) -> int:
        table = analytics.adoption(field.board, field.db, filters=BoardFilters(release=release))
        return int(table.rows[0]["organisations"])

    assert organisations_on("2026.1") == ORGS  # the earlier decision of those who moved on
    assert organisations_on("2026.2") == ORGS // 2
    assert organisations_on(None) == ORGS
    drafts = analytics.pipeline(field.board, field.db, filters=BoardFilters(release="2026.2"))
    assert {r["state"]: r["assessments"] for r in drafts.rows} == {"decided": 12}
    assert drafts.suppressed == [{"state": "draft", "group": "all"}]  # 4 open drafts


@pytest.mark.parametrize(
    ("chosen", "location"),
    [
        (BoardFilters(regions=("atlantis",)), "regions"),
        (BoardFilters(organisation_types=("secret_service",)), "organisation_types"),
        (BoardFilters(release="1999.1"), "release"),
        (BoardFilters(release="2026.1'; DROP TABLE decisions; --"), "release"),
    ],
)
def test_unknown_filter_values_are_refused_as_data(
    field: World, chosen: BoardFilters, location: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        analytics.pipeline(field.board, field.db, filters=chosen)
    assert refused.value.location == location


def test_filters_do_not_open_analytics_to_organisations(field: World) -> None:
    with pytest.raises(AccessDenied):
        analytics.adoption(field.alpha_admin, field.db, filters=BoardFilters(regions=("europe",)))


def test_a_release_and_a_region_together_are_refused(field: World) -> None:
    """Europe on 2026.1 against Europe on every release would give away how the 4 European
    organisations decided again on 2026.2 did: the two filters are not combined."""
    together = BoardFilters(regions=("europe",), release="2026.1")
    with pytest.raises(InvalidInput, match="one at a time"):
        analytics.adoption(field.board, field.db, filters=together)
    everyone = analytics.adoption(field.board, field.db, filters=BoardFilters(release="2026.1"))
    assert {r["organisations"] for r in everyone.rows} == {ORGS}  # 12 moved on: shown


@pytest.fixture(scope="module")
def two_moved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """6 organisations decided in the first quarter of 2026; 2 of them again in the third."""
    world = make_world(tmp_path_factory.mktemp("quarters") / "quarters.duckdb")
    releases.register_release(SYSTEM, world.db, bundle("2026.2"))
    for n in range(6):
        org_id = _organisation(world, n)
        _decide(world, org_id, "2026.1", n % 4, datetime(2026, 2, 1 + n, 10))
        if n < 2:
            _decide(world, org_id, "2026.2", 3, datetime(2026, 8, 1 + n, 10))
    yield world
    world.db.close()


def test_no_two_shown_quarters_differ_by_a_few_organisations(two_moved: World) -> None:
    """The first quarter beside the third (and today) would give away how the 2 organisations
    decided again did: it is withheld; the third quarter is today's figures."""
    table = analytics.adoption_by_quarter(two_moved.board, two_moved.db)
    assert {r["quarter"] for r in table.rows} == {"2026-Q3"}
    assert {s["quarter"] for s in table.suppressed} == {"2026-Q1"}
    today = analytics.adoption(two_moved.board, two_moved.db).rows
    assert {r["organisations"] for r in today} == {6}
    with pytest.raises(InvalidInput) as refused:  # 2026.1's Q1 against Q3: the 2 who moved
        analytics.adoption_by_quarter(
            two_moved.board, two_moved.db, filters=BoardFilters(release="2026.1")
        )
    assert refused.value.location == "release"
