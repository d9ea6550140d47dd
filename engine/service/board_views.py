"""The views the board may take of a table, and what each must withhold so that no group of
1-4 organisations can be worked out by difference (see engine.service.analytics)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.service.board_time import changes_by_standard, quarters_to_withhold
from engine.service.errors import InvalidInput
from engine.storage.board_changes import quarter_changes
from engine.storage.board_queries import KEY_SEPARATOR, QUERIES, board_query, row_key
from engine.storage.board_releases import release_parts, releases_in_use
from engine.storage.records import Cursor, Row

MIN_GROUP = 5
"""Groups of fewer organisations than this are never shown (DESIGN.md section 6)."""


@dataclass(frozen=True)
class BoardFilters:
    """What the board looks at; empty means everything. The filters combine (AND)."""

    regions: tuple[str, ...] = ()
    organisation_types: tuple[str, ...] = ()
    release: str | None = None


EVERYTHING = BoardFilters()
PROFILE_FILTERS: dict[str, str] = {"regions": "region", "organisation_types": "organisation_type"}
"""Filter -> the profile field it chooses values of."""


def _profile_filter(filters: BoardFilters) -> tuple[str, tuple[str, ...]] | None:
    """The profile field filtered on and the chosen values (None: no profile filter)."""
    for name, field_name in PROFILE_FILTERS.items():
        values: tuple[str, ...] = getattr(filters, name)
        if values:
            return field_name, values
    return None


def comparable(dimension: str, filters: BoardFilters) -> bool:
    """Whether a table may be compared by `dimension` under these filters: by anything
    without a filter; under a release filter, not at all (the release check holds for the
    table over everyone); under a profile filter, by that field (and by country under a
    region filter)."""
    chosen = _profile_filter(filters)
    if dimension == "all":
        return True
    if chosen is None:
        return filters.release is None
    return dimension == chosen[0] or (dimension == "country" and chosen[0] == "region")


def over_time(filters: BoardFilters) -> bool:
    """Whether adoption by quarter may be shown: only without a filter (a quarter under a
    filter against another quarter without it differs by whoever was decided in between)."""
    return _profile_filter(filters) is None and filters.release is None


def check_view(name: str, dimension: str, filters: BoardFilters) -> None:
    """Refuse the views that two filters' worth of subtraction could single out from."""
    if not comparable(dimension, filters):
        raise InvalidInput(
            "under a filter, compare by the filtered field only (or show everyone): a field "
            "and a filter together could single out an organisation",
            "dimension",
        )
    if name == "adoption_by_quarter" and not over_time(filters):
        raise InvalidInput(
            "adoption over time is for everyone on every release: under a filter, one "
            "quarter against another could single out an organisation",
            "regions"
            if filters.regions
            else ("organisation_types" if filters.organisation_types else "release"),
        )


def _in_hidden_regions(
    cursor: Cursor, name: str, dimension: str, params: dict[str, Any]
) -> tuple[str, ...]:
    """Compared by country: every country of a region that the table by region hides (else
    everyone minus the other regions and the shown countries would give the region away)."""
    if dimension != "country":
        return ()
    query = QUERIES[name]
    regions = board_query(cursor, name, "region", MIN_GROUP, params)
    hidden = {(*(r[k] for k in query.keys), r["group"]) for r in regions if r["suppressed"]}
    if not hidden:
        return ()
    countries = board_query(cursor, name, "country", MIN_GROUP, params)
    inside = [r for r in countries if (*(r[k] for k in query.keys), r["margin"]) in hidden]
    return tuple(row_key(query, r) for r in inside)


def _whole_rows(name: str, found: list[Row], withheld: tuple[str, ...]) -> list[Row]:
    """A table whose cells add up to a total (the score bands of a standard): a cell withheld
    from outside (by release) withholds its whole row, else the total (adoption) minus the
    other cells would give it back."""
    query = QUERIES[name]
    if query.across is None or not withheld:
        return found
    at = query.keys.index(query.across)

    def whole(key: str) -> tuple[str, ...]:
        return tuple(part for i, part in enumerate(key.split(KEY_SEPARATOR)) if i != at)

    rows_withheld = {whole(key) for key in withheld}
    hidden = {**dict.fromkeys((*query.figures, "organisations")), "suppressed": True}
    return [{**r, **hidden} if whole(row_key(query, r)) in rows_withheld else r for r in found]


def filtered_rows(
    cursor: Cursor,
    name: str,
    dimension: str,
    params: dict[str, Any],
    filters: BoardFilters,
    withheld: tuple[str, ...] = (),
) -> list[Row]:
    """The rows of a table under a profile filter (see the module's docstring); the rows
    named in `withheld` (`row_key`) are suppressed too."""
    chosen = _profile_filter(filters)
    if chosen is None:
        withheld += _in_hidden_regions(cursor, name, dimension, params)
        found = board_query(cursor, name, dimension, MIN_GROUP, params, list(withheld))
        return _whole_rows(name, found, withheld)
    field_name, values = chosen
    everyone = {**params, "regions": [], "organisation_types": []}
    withheld += _in_hidden_regions(cursor, name, dimension, everyone)
    if dimension != "all":
        column = "group" if dimension == field_name else "margin"
        cut = board_query(cursor, name, dimension, MIN_GROUP, everyone, list(withheld))
        return [r for r in cut if r[column] in values]
    groups = board_query(cursor, name, field_name, MIN_GROUP, everyone)
    query = QUERIES[name]
    hidden_cells = [r for r in groups if r["suppressed"] and r["group"] in values]
    if query.across:  # a band withheld: the others would give it away by the total
        whole = [k for k in query.keys if k != query.across]
        rows_hidden = {tuple(r[k] for k in whole) for r in hidden_cells}
        hidden_cells = [r for r in groups if tuple(r[k] for k in whole) in rows_hidden]
    hidden = {row_key(query, {**r, "group": "all"}) for r in hidden_cells}
    return board_query(cursor, name, "all", MIN_GROUP, params, sorted(hidden | set(withheld)))


def over_time_rows(
    cursor: Cursor,
    found: list[Row],
    params: dict[str, Any],
    filters: BoardFilters,
    withheld: tuple[str, ...],
) -> list[Row]:
    """Adoption by quarter with the quarters that would give away 1-4 organisations decided
    since (engine.service.board_time) suppressed too."""
    changes = changes_by_standard(quarter_changes(cursor, params))
    extra = quarters_to_withhold(found, changes, MIN_GROUP)
    if not extra:
        return found
    keys = tuple(KEY_SEPARATOR.join((*key, "all")) for key in sorted(extra))
    return filtered_rows(cursor, "adoption_by_quarter", "all", params, filters, withheld + keys)


def by_release(
    cursor: Cursor, name: str, dimension: str, params: dict[str, Any]
) -> tuple[str, ...]:
    """Under a release filter, the rows that differ from every release's view by 1-4
    organisations, and the rows where any release's view has a part of 1-4 organisations that
    sums of release views could isolate (engine.storage.board_releases)."""
    if not params.get("release"):
        return ()
    query = QUERIES[name]
    release = params["release"]
    parts = {release: release_parts(cursor, name, dimension, params)}
    for version in releases_in_use(cursor):
        if version not in parts:
            parts[version] = release_parts(cursor, name, dimension, {**params, "release": version})
    withheld = {row_key(query, r) for r in parts[release] if _small(r["changed"])}
    for found in parts.values():
        withheld |= {row_key(query, r) for r in found if _small(r["kept"]) or _small(r["moved"])}
    return tuple(sorted(withheld))


def _small(organisations: int) -> bool:
    return 0 < organisations < MIN_GROUP
