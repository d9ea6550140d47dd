"""The board's adoption dashboard: aggregates only; groups of fewer than 5 organisations (and
a group beside them where a total would give them away) are suppressed by the service and
shown here as "withheld". The filters (region or
organisation type, one at a time, and release) apply to every figure on the page; under a
region or type filter, the comparison is by that field (two fields together could single out
an organisation)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, session, world_map
from dashboard.downloads import deferred
from dashboard.ui import WITHHELD, attempt, percent, show_error
from engine.models.profile import PROFILE_VOCABULARY
from engine.service import analytics, clock, exchange, releases
from engine.service.analytics import BoardFilters, BoardTable
from engine.service.maintenance import Database
from engine.service.principals import Principal

COMPARE_BY: dict[str, str] = {
    "region": "Region",
    "organisation_type": "Organisation type",
    "income_group": "Income group",
    "size": "Size",
}
ALL_RELEASES = "All releases"
EXPORTS: dict[str, str] = {"csv": "CSV", "parquet": "Parquet"}
HELP: dict[str, str] = {
    "certified": "Organisations holding an active certificate",
    "decided": "Organisations with a decided self-assessment (the latest one counts)",
    "adoption": "The share of organisations meeting a standard, averaged over the standards",
    "one_at_a_time": "Filter by region, by organisation type or by release, one at a time: "
    "together they could single out an organisation.",
}
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["toImage", "lasso2d"]}


def _words(value: str) -> str:
    return value.replace("_", " ")


def _code(codes: dict[str, str], key: dict[str, Any]) -> str:
    """The short code of the standard a group is about (its id when the code is unknown)."""
    standard = str(key["standard_id"])
    return codes.get(standard, standard)


def _codes(release: str | None) -> dict[str, str]:
    db = session.database()
    known = [r.version for r in releases.list_releases(db)]
    chosen = release if release in known else (known[-1] if known else None)
    if chosen is None:
        return {}
    return {s.id: s.code for s in releases.release_bundle(db, chosen).standards}


def _release_chosen() -> bool:
    return st.session_state.get("board_release") not in (None, ALL_RELEASES)


def _filters(db: Database) -> BoardFilters:
    """The three filters, side by side; nothing chosen means everything."""
    region, kind, release = st.columns([2, 2, 1])
    regions = region.multiselect(
        "Region",
        PROFILE_VOCABULARY["region"],
        format_func=_words,
        key="board_regions",
        disabled=bool(st.session_state.get("board_organisation_types")) or _release_chosen(),
        help=HELP["one_at_a_time"],
    )
    types = kind.multiselect(
        "Organisation type",
        PROFILE_VOCABULARY["organisation_type"],
        format_func=_words,
        key="board_organisation_types",
        disabled=bool(regions) or _release_chosen(),
        help=HELP["one_at_a_time"],
    )
    versions = [ALL_RELEASES, *(r.version for r in releases.list_releases(db))]
    chosen = release.selectbox(
        "Release",
        versions,
        key="board_release",
        disabled=bool(regions or types),
        help=HELP["one_at_a_time"],
    )
    return BoardFilters(
        tuple(regions), tuple(types), None if chosen in (None, ALL_RELEASES) else chosen
    )


def _tables(principal: Principal, db: Database, chosen: BoardFilters) -> dict[str, BoardTable]:
    def call(query: Callable[..., BoardTable], *args: Any) -> BoardTable:
        return query(principal, db, *args, filters=chosen)

    return {
        "adoption_all": call(analytics.adoption),
        "certificates_all": call(analytics.certificate_status),
        **(
            {"by_quarter": call(analytics.adoption_by_quarter)}
            if analytics.over_time(chosen)
            else {}
        ),
        **(
            {"countries": call(analytics.certificate_status, "country")}
            if analytics.comparable("country", chosen)
            else {}
        ),
        "weakest": call(analytics.weakest_requirements, 10),
        "score_bands": call(analytics.score_bands),
        "pipeline": call(analytics.pipeline),
    }


def _suppressed_note(table: BoardTable, describe: Callable[[dict[str, Any]], str]) -> None:
    """Name the suppressed groups under a chart (at most eight, then how many more)."""
    if not table.suppressed_groups:
        return
    named = [describe(key) for key in table.suppressed[:8]]
    more = table.suppressed_groups - len(named)
    tail = f" and {more} more" if more > 0 else ""
    st.caption(f"Not shown ({WITHHELD}): {', '.join(named)}{tail}.")


def _chart(figure: go.Figure, name: str) -> None:
    st.plotly_chart(figure, width="stretch", config=PLOTLY_CONFIG, key=f"chart:{name}")


def _metric(column: Any, label: str, value: str | int | None, explain: str) -> None:
    """A headline figure; a suppressed one reads "withheld" (and says why on hover)."""
    if value is None:
        column.metric(label, charts.SHORT, help=f"{WITHHELD}: the figure is not shown")
    else:
        column.metric(label, value, help=explain)


def _headline(adoption_all: BoardTable, certificates_all: BoardTable) -> None:
    shares = [r["share_meeting"] for r in adoption_all.rows if r["share_meeting"] is not None]
    decided = max((r["organisations"] or 0 for r in adoption_all.rows), default=None)
    active = [r["organisations"] for r in certificates_all.rows if r["status"] == "active"]
    first, second, third = st.columns(3)
    _metric(first, "Certified members", active[0] if active else None, HELP["certified"])
    _metric(second, "Organisations with a decision", decided, HELP["decided"])
    average = percent(sum(shares) / len(shares)) if shares else None
    _metric(third, "Average adoption", average, HELP["adoption"])
    if None in (average, decided) or not active:
        st.caption(f"“{charts.SHORT}”: {WITHHELD}, so the figure is not shown.")


def _map(countries: BoardTable | None) -> None:
    if countries is None:
        st.caption(
            "The map is not shown under an organisation-type or release filter: countries "
            "and that filter together could single out an organisation."
        )
        return
    status = world_map.map_status(countries.rows, countries.suppressed)
    _chart(world_map.members_by_country(status), "countries")
    small = world_map.off_the_map(status)
    if small:
        figures = [f"{c}: {WITHHELD if status[c] is None else status[c]}" for c in small]
        st.caption(f"Too small for the map: {'; '.join(figures)}.")


def _compared(
    principal: Principal, db: Database, chosen: BoardFilters, codes: dict[str, str]
) -> None:
    """The heatmap of standards by the chosen profile field (region unless chosen); under a
    region or type filter, by that field."""
    fixed = [d for d in COMPARE_BY if analytics.comparable(d, chosen)]
    if not fixed:
        st.caption(
            "No comparison by region or type under a release filter: the two together "
            "could single out an organisation."
        )
        return
    if len(fixed) == 1:
        dimension: str | None = fixed[0]
        st.caption(f"Compared by {COMPARE_BY[fixed[0]].lower()}, the field filtered on.")
    else:
        dimension = st.selectbox(
            "Compare by",
            list(COMPARE_BY),
            format_func=COMPARE_BY.__getitem__,
            key="board_dimension",
        )
    grouped, problem = attempt(
        lambda: analytics.adoption(principal, db, dimension or "region", filters=chosen)
    )
    if grouped is None:
        if problem:
            show_error(problem)
        return
    heatmap = charts.adoption_heatmap(grouped.rows, grouped.suppressed, codes, grouped.dimension)
    _chart(heatmap, "heatmap")
    _suppressed_note(grouped, lambda k: f"{_words(k['group'])} · {_code(codes, k)}")


def _over_time(by_quarter: BoardTable | None, codes: dict[str, str]) -> None:
    if by_quarter is None:
        st.caption(
            "Adoption over time is shown without filters: under a filter, one quarter "
            "against another could single out an organisation."
        )
        return
    _chart(charts.adoption_over_time(by_quarter.rows, codes), "over_time")
    _suppressed_note(by_quarter, lambda k: f"{k['quarter']} · {_code(codes, k)}")


def _export(
    principal: Principal, db: Database, file_format: str, chosen: BoardFilters
) -> Callable[[], bytes]:
    """The zip of every board table, made only when the button is pressed."""
    return deferred(lambda: exchange.board_export_zip(principal, db, file_format, chosen).content)


def _exports(principal: Principal, db: Database, chosen: BoardFilters) -> None:
    st.subheader("Exports")
    st.caption(
        "Every board table under the filters above, small groups suppressed; the manifest "
        "in the archive records the filters."
    )
    for file_format, label in EXPORTS.items():
        st.download_button(
            f"Download the board tables ({label})",
            data=_export(principal, db, file_format, chosen),
            file_name=f"board-export-{file_format}-{clock.today().isoformat()}.zip",
            mime="application/zip",
            on_click="ignore",
            key=f"board_export:{file_format}",
            icon=":material/download:",
        )


def render() -> None:
    principal, db = session.require_principal(), session.database()
    st.title("Adoption of the standards")
    chosen = _filters(db)
    tables, problem = attempt(lambda: _tables(principal, db, chosen))
    if problem:
        show_error(problem)
    if tables is None:
        return
    codes = _codes(chosen.release)
    _headline(tables["adoption_all"], tables["certificates_all"])
    _map(tables.get("countries"))
    left, right = st.columns(2)
    with left:
        _compared(principal, db, chosen, codes)
    with right:
        _over_time(tables.get("by_quarter"), codes)
    left, right = st.columns(2)
    with left:
        scores = tables["score_bands"]
        _chart(charts.score_distribution(scores.rows, scores.suppressed, codes), "scores")
    with right:
        _chart(charts.weakest(tables["weakest"].rows), "weakest")
        _suppressed_note(tables["weakest"], lambda k: str(k["requirement_id"]))
    left, right = st.columns(2)
    with left:
        flow = tables["pipeline"]
        hidden = [str(k["state"]) for k in flow.suppressed]
        _chart(charts.pipeline(flow.rows, hidden), "pipeline")
    with right:
        _exports(principal, db, chosen)


render()
