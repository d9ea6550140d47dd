"""The brute-force oracle of the board's figures: every table read back from the record and
counted again in plain Python, filters and suppression included (used by
test_analytics_filters)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import pytest

from engine.service.analytics import MIN_GROUP, BoardFilters
from tests.service.builders import bundle
from tests.service.conftest import World


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


def read_record(world: World) -> Record:
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


def _grouped(record: Record, assessment_id: str, dimension: str) -> tuple[str, ...]:
    """The group as the last key of a table that has none over everyone."""
    return () if dimension == "all" else (_group(record, assessment_id, dimension),)


def _latest(record: Record, chosen: BoardFilters, before: datetime) -> list[dict[str, Any]]:
    """Each organisation's latest decision of the chosen release, kept if its profile fits."""
    latest: dict[str, dict[str, Any]] = {}
    for d in record.decisions:
        if d["decided_at"] >= before or not _release_kept(record, d["assessment_id"], chosen):
            continue
        if d["org_id"] not in latest or d["decided_at"] > latest[d["org_id"]]["decided_at"]:
            latest[d["org_id"]] = d
    return [d for d in latest.values() if _profile_kept(record, d["assessment_id"], chosen)]


Groups = dict[tuple[Any, ...], list[tuple[str, float, Any]]]
"""group key -> (organisation, value, record) triples; a group's figure is the values' mean or
their count; the record (decision, assessment, certificate) is what the organisation counts
with."""


def suppression(
    groups: Groups, counted: bool, last_is_cell: bool = False
) -> tuple[dict[tuple[Any, ...], Any], set[tuple[Any, ...]]]:
    """Shown groups as (organisations, figure), and the keys of the suppressed groups.

    Groups of fewer than MIN_GROUP organisations are hidden; with `last_is_cell`, the groups
    that share all but the last key make one row, and if the hidden groups of a row hold 1 to
    MIN_GROUP - 1 organisations together, the smallest shown group of the row is hidden too.
    """
    counts = {key: len({org for org, *_ in pairs}) for key, pairs in groups.items()}
    hidden = {key for key, count in counts.items() if count < MIN_GROUP}
    rows: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for key in counts if last_is_cell else ():
        rows.setdefault(key[:-1], []).append(key)
    for keys in rows.values():
        left = sum(counts[key] for key in keys if key in hidden)
        shown_keys = [key for key in keys if key not in hidden]
        if 0 < left < MIN_GROUP and shown_keys:
            hidden.add(min(shown_keys, key=lambda key: (counts[key], key[-1])))
    shown = {}
    for key, pairs in groups.items():
        if key not in hidden:
            figure = len(pairs) if counted else sum(p[1] for p in pairs) / len(pairs)
            shown[key] = (counts[key], pytest.approx(figure))
    return shown, hidden


def expected(
    groups: Groups, counted: bool, last_is_cell: bool = False
) -> tuple[dict[tuple[Any, ...], Any], int]:
    """Shown groups as (organisations, figure), and the number of suppressed groups."""
    shown, hidden = suppression(groups, counted, last_is_cell)
    return shown, len(hidden)


Brute = Callable[["Record", str, BoardFilters], Groups]
PROFILE_FIELDS = {"regions": "region", "organisation_types": "organisation_type"}


def _withheld_by_release(
    brute: Brute, record: Record, dimension: str, chosen: BoardFilters
) -> set[tuple[Any, ...]]:
    """Under a release filter, the keys whose organisations counted with a different record
    (or only) in the release's view or in every release's are 1 to MIN_GROUP - 1."""
    if chosen.release is None:
        return set()

    def members(filters: BoardFilters) -> dict[tuple[Any, ...], set[tuple[str, Any]]]:
        return {k: {(p[0], p[2]) for p in v} for k, v in brute(record, dimension, filters).items()}

    one, every = members(chosen), members(replace(chosen, release=None))
    differ = {k: {org for org, _ in one.get(k, set()) ^ every.get(k, set())} for k in one}
    return {k for k, orgs in differ.items() if 0 < len(orgs) < MIN_GROUP}


def _drop(
    view: tuple[dict[tuple[Any, ...], Any], int], keys: set[tuple[Any, ...]]
) -> tuple[dict[tuple[Any, ...], Any], int]:
    shown, hidden = view
    kept = {k: v for k, v in shown.items() if k not in keys}
    return kept, hidden + len(shown) - len(kept)


def _whole_standards(
    withheld: set[tuple[Any, ...]], view: dict[tuple[Any, ...], Any]
) -> set[tuple[Any, ...]]:
    """A withheld band withholds every band of its standard (the keys of `view`)."""
    whole = {key[:-1] for key in withheld}
    return {key for key in view if key[:-1] in whole}


def expected_view(
    brute: Brute, record: Record, dimension: str, chosen: BoardFilters, shape: tuple[bool, ...]
) -> tuple[dict[tuple[Any, ...], Any], int]:
    """What a filtered table shows, worked out from the unfiltered tables: compared by the
    filtered field, the groups of the chosen values; over everyone, a row only if none of the
    chosen values' groups of that row is suppressed; under a release filter, not a row that
    differs from every release's by 1-4 organisations. `shape`: (counted, last key is a cell
    over everyone, the key over everyone ends in "all")."""
    counted, last_is_cell, ends_in_all = shape
    field_name, values = next(
        ((f, getattr(chosen, n)) for n, f in PROFILE_FIELDS.items() if getattr(chosen, n)),
        (None, ()),
    )
    grouped = dimension != "all"
    if field_name is None:
        view = expected(brute(record, dimension, chosen), counted, last_is_cell or grouped)
        by_release = _withheld_by_release(brute, record, dimension, chosen)
        if last_is_cell and not ends_in_all:
            by_release = _whole_standards(by_release, view[0])
        return _drop(view, by_release)
    everyone = BoardFilters(release=chosen.release)
    shown, hidden = suppression(brute(record, field_name, everyone), counted, True)
    if grouped:
        cut = {k: v for k, v in shown.items() if k[-1] in values}
        view = cut, len([k for k in hidden if k[-1] in values])
        return _drop(view, _withheld_by_release(brute, record, field_name, everyone))
    withheld = {k[:-1] for k in hidden if k[-1] in values}
    view, view_hidden = suppression(brute(record, "all", chosen), counted, last_is_cell)
    row = (lambda key: key[:-1]) if ends_in_all else (lambda key: key)
    if last_is_cell and not ends_in_all:
        withheld = _whole_standards(withheld, view)
    kept = {k: v for k, v in view.items() if row(k) not in withheld}
    filtered = kept, len(view_hidden) + len(view) - len(kept)
    return _drop(filtered, _withheld_by_release(brute, record, "all", chosen))


def standards_by(record: Record, chosen: BoardFilters, before: datetime) -> Iterator[Any]:
    """(latest decision, one of its standard results) pairs."""
    for d in _latest(record, chosen, before):
        for s in record.standards[d["engine_result_id"]]:
            yield d, s


def brute_adoption(record: Record, dimension: str, chosen: BoardFilters) -> Groups:
    groups: Groups = defaultdict(list)
    for d, s in standards_by(record, chosen, datetime.now()):
        key = (s["standard_id"], _group(record, d["assessment_id"], dimension))
        groups[key].append((d["org_id"], float(s["meets"]), d["id"]))
    return groups


def brute_score_bands(record: Record, dimension: str, chosen: BoardFilters) -> Groups:
    groups: Groups = defaultdict(list)
    for d, s in standards_by(record, chosen, datetime.now()):
        band = -1 if s["score"] is None else min(math.floor(s["score"] * 4), 3)
        key = (s["standard_id"], band, *_grouped(record, d["assessment_id"], dimension))
        groups[key].append((d["org_id"], 1.0, d["id"]))
    return groups


def brute_pipeline(record: Record, dimension: str, chosen: BoardFilters) -> Groups:
    groups: Groups = defaultdict(list)
    for a in record.assessments.values():
        if _release_kept(record, a["id"], chosen) and _profile_kept(record, a["id"], chosen):
            key = (a["state"], _group(record, a["id"], dimension))
            groups[key].append((a["org_id"], 1.0, a["id"]))
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
            groups[key].append((c["org_id"], 1.0, c["number"]))
    return groups


def quarter_ends(record: Record) -> list[tuple[str, datetime]]:
    """Every quarter with a decision, as ("YYYY-Qn", the first moment after it)."""
    quarters = {(d["decided_at"].year, (d["decided_at"].month - 1) // 3) for d in record.decisions}
    return [
        (f"{year}-Q{index + 1}", datetime(year + (index == 3), 1 + (index + 1) * 3 % 12, 1))
        for year, index in sorted(quarters)
    ]


def brute_by_quarter(record: Record, dimension: str, chosen: BoardFilters) -> Groups:
    groups: Groups = defaultdict(list)
    for quarter, end in quarter_ends(record):
        for d, s in standards_by(record, chosen, end):
            group = _grouped(record, d["assessment_id"], dimension)
            key = (quarter, s["standard_id"], *group)
            groups[key].append((d["org_id"], float(s["meets"]), d["id"]))
    return groups


def brute_weakest(record: Record, dimension: str, chosen: BoardFilters) -> Groups:
    groups: Groups = defaultdict(list)
    implemented_at = bundle().policy.rating_scale.implemented_at
    for d in _latest(record, chosen, datetime.now()):
        for r in record.responses[d["assessment_id"]]:
            if not r["not_applicable"] and r["rating"] is not None:
                below = float(r["rating"] < implemented_at)
                key = (r["requirement_id"], *_grouped(record, d["assessment_id"], dimension))
                groups[key].append((d["org_id"], below, d["assessment_id"]))
    return groups
