"""Plotly figures for the board. Nothing here fetches anything: no map tiles, no topojson, no
web fonts (plotly.js geo maps would download their outlines from a CDN, so the members by
country are drawn as a bar chart)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from dashboard.ui import state_word

PIPELINE_ORDER = ("draft", "submitted", "in_review", "changes_requested", "decided")
_LAYOUT: dict[str, Any] = {"margin": {"l": 10, "r": 10, "t": 40, "b": 10}, "height": 380}


def _empty(title: str) -> go.Figure:
    figure = go.Figure()
    figure.update_layout(title=title, **_LAYOUT)
    figure.add_annotation(text="no figures to show", showarrow=False, font={"size": 14})
    return figure


def adoption_heatmap(rows: list[dict[str, Any]], codes: dict[str, str], group: str) -> go.Figure:
    """Share of organisations meeting each standard, per group (e.g. region)."""
    title = f"Organisations meeting each standard, by {group.replace('_', ' ')}"
    if not rows:
        return _empty(title)
    frame = pd.DataFrame(rows)
    frame["standard"] = frame["standard_id"].map(lambda s: codes.get(s, s))
    table = frame.pivot_table(index="standard", columns="group", values="share_meeting")
    figure = px.imshow(
        table * 100,
        color_continuous_scale="Blues",
        zmin=0,
        zmax=100,
        text_auto=".0f",
        aspect="auto",
        labels={"color": "% meeting", "x": group.replace("_", " "), "y": "standard"},
    )
    figure.update_layout(title=title, **_LAYOUT)
    return figure


def adoption_over_time(rows: list[dict[str, Any]], codes: dict[str, str]) -> go.Figure:
    title = "Adoption over time (share meeting each standard, by quarter)"
    if not rows:
        return _empty(title)
    frame = pd.DataFrame(rows)
    frame["standard"] = frame["standard_id"].map(lambda s: codes.get(s, s))
    frame["percent"] = frame["share_meeting"] * 100
    figure = px.line(frame, x="quarter", y="percent", color="standard", markers=True)
    figure.update_layout(title=title, yaxis_title="% meeting", yaxis_range=[0, 100], **_LAYOUT)
    return figure


def members_by_country(rows: list[dict[str, Any]]) -> go.Figure:
    """Organisations holding an active certificate, per country (ISO code)."""
    title = "Certified members by country"
    active = [r for r in rows if r["status"] == "active"]
    if not active:
        return _empty(title)
    frame = pd.DataFrame(active).sort_values("organisations", ascending=True)
    figure = px.bar(frame, x="organisations", y="group", orientation="h", text="organisations")
    figure.update_layout(title=title, xaxis_title="organisations", yaxis_title="country", **_LAYOUT)
    return figure


def score_distribution(rows: list[dict[str, Any]], codes: dict[str, str], group: str) -> go.Figure:
    """Mean standard scores of each group: the spread across groups, per standard."""
    title = f"Scores per standard across {group.replace('_', ' ')} groups"
    scored = [r for r in rows if r.get("mean_score") is not None]
    if not scored:
        return _empty(title)
    frame = pd.DataFrame(scored)
    frame["standard"] = frame["standard_id"].map(lambda s: codes.get(s, s))
    frame["score"] = frame["mean_score"] * 100
    figure = px.box(frame, x="standard", y="score", points="all", hover_data=["group"])
    figure.update_layout(title=title, yaxis_title="mean score (%)", yaxis_range=[0, 100], **_LAYOUT)
    return figure


def weakest(rows: list[dict[str, Any]]) -> go.Figure:
    title = "Weakest requirements (share rated below 'implemented')"
    if not rows:
        return _empty(title)
    frame = pd.DataFrame(rows)
    frame["percent"] = frame["share_below_implemented"] * 100
    frame = frame.sort_values("percent")
    figure = px.bar(frame, x="percent", y="requirement_id", orientation="h")
    figure.update_layout(title=title, xaxis_title="% below implemented", yaxis_title="", **_LAYOUT)
    return figure


def pipeline(rows: list[dict[str, Any]]) -> go.Figure:
    title = "Pipeline: self-assessments by state"
    if not rows:
        return _empty(title)
    frame = pd.DataFrame(rows)
    frame["order"] = frame["state"].map(
        lambda s: PIPELINE_ORDER.index(s) if s in PIPELINE_ORDER else 99
    )
    frame = frame.sort_values("order")
    frame["state"] = frame["state"].map(state_word)
    figure = px.bar(frame, x="state", y="assessments", text="assessments")
    figure.update_layout(title=title, xaxis_title="", **_LAYOUT)
    return figure
