"""The board's adoption dashboard: aggregates only; groups of fewer than 5 organisations are
suppressed by the service and shown here as such."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, session
from dashboard.ui import SUPPRESSED, attempt, percent, show_error
from engine.models.profile import PROFILE_VOCABULARY
from engine.service import analytics, releases
from engine.service.analytics import BoardTable

COMPARE_BY: dict[str, str] = {
    "region": "Region",
    "organisation_type": "Organisation type",
    "income_group": "Income group",
    "size": "Size",
}
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["toImage"]}


def _codes() -> dict[str, str]:
    db = session.database()
    known = releases.list_releases(db)
    if not known:
        return {}
    bundle = releases.release_bundle(db, known[-1].version)
    return {s.id: s.code for s in bundle.standards}


def _suppressed_note(*tables: BoardTable) -> None:
    hidden = sum(t.suppressed_groups for t in tables)
    if hidden:
        st.caption(f"{hidden} group(s) not shown: {SUPPRESSED} each.")


def _chart(figure: go.Figure, name: str) -> None:
    st.plotly_chart(figure, width="stretch", config=PLOTLY_CONFIG, key=f"chart:{name}")


def _filters() -> tuple[str, list[str]]:
    left, right = st.columns([1, 3])
    dimension = left.selectbox(
        "Compare by", list(COMPARE_BY), format_func=COMPARE_BY.__getitem__, key="board_dimension"
    )
    values = list(PROFILE_VOCABULARY[dimension or "region"])
    chosen = right.multiselect(
        f"Only these ({COMPARE_BY[dimension or 'region'].lower()})",
        values,
        format_func=lambda v: v.replace("_", " "),
        key=f"board_filter:{dimension}",
    )
    return dimension or "region", chosen or values


def _only(rows: list[dict[str, Any]], groups: list[str]) -> list[dict[str, Any]]:
    return [r for r in rows if r.get("group") in groups]


def _headline(adoption_all: BoardTable, certificates_all: BoardTable) -> None:
    shares = [r["share_meeting"] for r in adoption_all.rows if r["share_meeting"] is not None]
    decided = max((r["organisations"] or 0 for r in adoption_all.rows), default=0)
    certified = sum(
        r["organisations"] or 0 for r in certificates_all.rows if r["status"] == "active"
    )
    first, second, third = st.columns(3)
    first.metric("Certified members", certified if certificates_all.rows else SUPPRESSED)
    second.metric("Organisations with a decision", decided if adoption_all.rows else SUPPRESSED)
    third.metric(
        "Average adoption of the standards",
        percent(sum(shares) / len(shares)) if shares else SUPPRESSED,
    )


def render() -> None:
    principal, db = session.require_principal(), session.database()
    st.title("Adoption of the standards")
    tables, problem = attempt(
        lambda: {
            "adoption_all": analytics.adoption(principal, db),
            "certificates_all": analytics.certificate_status(principal, db),
            "by_quarter": analytics.adoption_by_quarter(principal, db),
            "countries": analytics.certificate_status(principal, db, "country"),
            "weakest": analytics.weakest_requirements(principal, db, 10),
            "pipeline": analytics.pipeline(principal, db),
        }
    )
    if problem:
        show_error(problem)
    if tables is None:
        return
    _headline(tables["adoption_all"], tables["certificates_all"])
    dimension, groups = _filters()
    grouped = analytics.adoption(principal, db, dimension)
    pipeline = analytics.pipeline(principal, db, dimension)
    codes = _codes()
    left, right = st.columns(2)
    with left:
        _chart(charts.adoption_heatmap(_only(grouped.rows, groups), codes, dimension), "heatmap")
        _suppressed_note(grouped)
    with right:
        _chart(charts.adoption_over_time(tables["by_quarter"].rows, codes), "over_time")
        _suppressed_note(tables["by_quarter"])
    left, right = st.columns(2)
    with left:
        _chart(charts.members_by_country(tables["countries"].rows), "countries")
        _suppressed_note(tables["countries"])
    with right:
        _chart(charts.score_distribution(_only(grouped.rows, groups), codes, dimension), "scores")
    left, right = st.columns(2)
    with left:
        _chart(charts.weakest(tables["weakest"].rows), "weakest")
        _suppressed_note(tables["weakest"])
    with right:
        _chart(charts.pipeline(_pipeline_total(_only(pipeline.rows, groups))), "pipeline")
        _suppressed_note(pipeline)


def _pipeline_total(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["state"]] = totals.get(row["state"], 0) + int(row["assessments"] or 0)
    return [{"state": s, "assessments": n} for s, n in totals.items()]


render()
