"""The board's filters (region, organisation type, release) combine, and every filtered figure
equals a brute-force count in Python over the same record; groups are suppressed after
filtering."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.models import Response
from engine.service import (
    analytics,
    assessments,
    clock,
    decisions,
    organisations,
    releases,
    reviews,
)
from engine.service.analytics import MIN_GROUP, BoardFilters, BoardTable
from engine.service.errors import AccessDenied, InvalidInput
from engine.service.principals import SYSTEM, Principal
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
        reviews.start_review(world.reviewer, world.db, draft.id, submitted.row_version)
        decisions.decide(world.decider, world.db, draft.id, submitted.row_version + 1)


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
class Record:
    assessments: dict[str, dict[str, Any]]
    profiles: dict[tuple[str, int], dict[str, Any]]
    decisions: list[dict[str, Any]]
    standards: dict[str, list[dict[str, Any]]]
    certificates: list[dict[str, Any]]
    responses: dict[str, list[dict[str, Any]]]


def _table(world: World, name: str) -> list[dict[str, Any]]:
    with world.db.read() as cursor:
        result = cursor.execute(f"SELECT * FROM {name}")
        names = [d[0] for d in result.description or []]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def _by(rows: list[dict[str, Any]], column: str) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row[column]].append(row)
    return grouped


def _record(world: World) -> Record:
    return Record(
        {a["id"]: a for a in _table(world, "assessments")},
        {(p["org_id"], p["version"]): p for p in _table(world, "organisation_profiles")},
        _table(world, "decisions"),
        _by(_table(world, "standard_results"), "engine_result_id"),
        _table(world, "certificates"),
        _by(_table(world, "responses"), "assessment_id"),
    )


def _profile(record: Record, assessment_id: str) -> dict[str, Any]:
    a = record.assessments[assessment_id]
    return record.profiles[(a["org_id"], a["profile_version"])]


def _release_kept(record: Record, assessment_id: str, chosen: BoardFilters) -> bool:
    release = record.assessments[assessment_id]["release_version"]
    return chosen.release is None or release == chosen.release


def _profile_kept(record: Record, assessment_id: str, chosen: BoardFilters) -> bool:
    p = _profile(record, assessment_id)
    return (not chosen.regions or p["region"] in chosen.regions) and (
        not chosen.organisation_types or p["organisation_type"] in chosen.organisation_types
    )


def _group(record: Record, assessment_id: str, dimension: str) -> str:
    return "all" if dimension == "all" else str(_profile(record, assessment_id)[dimension])


def _latest(record: Record, chosen: BoardFilters, before: datetime) -> list[dict[str, Any]]:
    """Each organisation's latest decision of the chosen release, kept if its profile fits."""
    latest: dict[str, dict[str, Any]] = {}
    for d in record.decisions:
        if d["decided_at"] >= before or not _release_kept(record, d["assessment_id"], chosen):
            continue
        if d["org_id"] not in latest or d["decided_at"] > latest[d["org_id"]]["decided_at"]:
            latest[d["org_id"]] = d
    return [d for d in latest.values() if _profile_kept(record, d["assessment_id"], chosen)]


Groups = dict[tuple[Any, ...], list[tuple[str, float]]]
"""group key -> (organisation, value) pairs; a group's figure is their mean or their count."""


def _expected(groups: Groups, counted: bool) -> tuple[dict[tuple[Any, ...], Any], int]:
    """Shown groups as (organisations, figure), and the number of suppressed groups."""
    shown = {}
    for key, pairs in groups.items():
        count = len({org for org, _ in pairs})
        figure = len(pairs) if counted else sum(v for _, v in pairs) / len(pairs)
        if count >= MIN_GROUP:
            shown[key] = (count, pytest.approx(figure))
    return shown, len(groups) - len(shown)


def _standards(record: Record, chosen: BoardFilters, before: datetime) -> Iterator[Any]:
    """(latest decision, one of its standard results) pairs."""
    for d in _latest(record, chosen, before):
        for s in record.standards[d["engine_result_id"]]:
            yield d, s


def brute_adoption(record: Record, dimension: str, chosen: BoardFilters) -> Groups:
    groups: Groups = defaultdict(list)
    for d, s in _standards(record, chosen, datetime.now()):
        key = (s["standard_id"], _group(record, d["assessment_id"], dimension))
        groups[key].append((d["org_id"], float(s["meets"])))
    return groups


def brute_score_bands(record: Record, dimension: str, chosen: BoardFilters) -> Groups:
    groups: Groups = defaultdict(list)
    for d, s in _standards(record, chosen, datetime.now()):
        if s["score"] is not None:
            band = min(math.floor(s["score"] * 4), 3)
            groups[(s["standard_id"], band)].append((d["org_id"], 1.0))
    return groups


def brute_pipeline(record: Record, dimension: str, chosen: BoardFilters) -> Groups:
    groups: Groups = defaultdict(list)
    for a in record.assessments.values():
        if _release_kept(record, a["id"], chosen) and _profile_kept(record, a["id"], chosen):
            groups[(a["state"], _group(record, a["id"], dimension))].append((a["org_id"], 1.0))
    return groups


def _status(certificate: dict[str, Any], today: date) -> str:
    if certificate["withdrawn"]:
        return "withdrawn"
    if certificate["suspended"]:
        return "suspended"
    return "expired" if today > certificate["expires_on"] else "active"


def brute_certificates(record: Record, dimension: str, chosen: BoardFilters) -> Groups:
    groups: Groups = defaultdict(list)
    today = date.today()
    for c in record.certificates:
        kept = _release_kept(record, c["assessment_id"], chosen)
        if c["issued_on"] <= today and kept and _profile_kept(record, c["assessment_id"], chosen):
            key = (_status(c, today), _group(record, c["assessment_id"], dimension))
            groups[key].append((c["org_id"], 1.0))
    return groups


def brute_by_quarter(record: Record, dimension: str, chosen: BoardFilters) -> Groups:
    groups: Groups = defaultdict(list)
    quarters = {(d["decided_at"].year, (d["decided_at"].month - 1) // 3) for d in record.decisions}
    for year, index in quarters:
        end = datetime(year + (index == 3), 1 + (index + 1) * 3 % 12, 1)
        for d, s in _standards(record, chosen, end):
            key = (f"{year}-Q{index + 1}", s["standard_id"])
            groups[key].append((d["org_id"], float(s["meets"])))
    return groups


def brute_weakest(record: Record, dimension: str, chosen: BoardFilters) -> Groups:
    groups: Groups = defaultdict(list)
    implemented_at = bundle().policy.rating_scale.implemented_at
    for d in _latest(record, chosen, datetime.now()):
        for r in record.responses[d["assessment_id"]]:
            if not r["not_applicable"] and r["rating"] is not None:
                below = float(r["rating"] < implemented_at)
                groups[(r["requirement_id"],)].append((d["org_id"], below))
    return groups


@dataclass(frozen=True)
class Case:
    query: Callable[[World, str, BoardFilters], BoardTable]
    brute_force: Callable[[Record, str, BoardFilters], Groups]
    columns: tuple[str, ...]
    """The key columns, then the figure."""
    counted: bool = False
    """The figure is a count of rows (else a mean)."""


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
    ),
    "weakest": Case(
        lambda w, dim, f: analytics.weakest_requirements(w.board, w.db, 100, filters=f),
        brute_weakest,
        ("requirement_id", "share_below_implemented"),
    ),
}
filters = st.builds(
    BoardFilters,
    regions=st.lists(st.sampled_from(REGIONS), unique=True).map(tuple),
    organisation_types=st.lists(st.sampled_from(TYPES), unique=True).map(tuple),
    release=st.sampled_from((None, *RELEASES)),
)


@pytest.mark.parametrize("name", list(CASES))
@settings(max_examples=40, deadline=None)
@given(chosen=filters, dimension=st.sampled_from(("all", "region", "organisation_type")))
def test_filtered_figures_equal_a_brute_force_count(
    field: World, name: str, chosen: BoardFilters, dimension: str
) -> None:
    case = CASES[name]
    table = case.query(field, dimension, chosen)
    shown, hidden = _expected(case.brute_force(_record(field), dimension, chosen), case.counted)
    *keys, figure = case.columns
    assert {tuple(r[k] for k in keys): (r["organisations"], r[figure]) for r in table.rows} == shown
    assert table.suppressed_groups == hidden == len(table.suppressed)


def test_a_group_is_suppressed_once_filtering_makes_it_small(field: World) -> None:
    everyone = analytics.adoption(field.board, field.db, "region")
    assert {r["group"] for r in everyone.rows} == set(REGIONS)  # 8 organisations each
    governmental = BoardFilters(organisation_types=("governmental",))
    narrowed = analytics.adoption(field.board, field.db, "region", filters=governmental)
    assert narrowed.rows == []  # 4 per region now
    assert {(s["standard_id"], s["group"]) for s in narrowed.suppressed} == {
        (sid, region) for sid in ("safeguarding", "case-management") for region in REGIONS
    }
    assert all(set(s) == {"standard_id", "group"} for s in narrowed.suppressed)


def test_filters_combine(field: World) -> None:
    europe = BoardFilters(regions=("europe",))
    both = BoardFilters(regions=("europe",), organisation_types=("civil_society",))
    counts = [
        analytics.adoption(field.board, field.db, filters=f).rows[0]["organisations"]
        for f in (europe, BoardFilters(regions=("europe", "africa")))
    ]
    assert counts == [8, 16]
    assert analytics.adoption(field.board, field.db, filters=both).rows == []


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
