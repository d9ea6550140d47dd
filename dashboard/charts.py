"""Plotly figures for the board (the world map is in `world_map`). Nothing here fetches
anything: no tiles, no web fonts.

Suppressed groups (fewer than 5 organisations, or beside such a group) come from the service
without figures; they are drawn as such (a hatched country, a "withheld" cell), never as zero."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.ui import WITHHELD, state_word

PIPELINE_ORDER = ("draft", "submitted", "in_review", "changes_requested", "decided")
SHORT = "withheld"
SUPPRESSED_COLOUR = "#fde68a"
SCORE_BANDS = {
    -1: "no score",
    0: "below 25 %",
    1: "25–49 %",
    2: "50–74 %",
    3: "75 % or more",
}
"""Band -> its label; "no score": everything in the standard was marked not applicable."""
_LAYOUT: dict[str, Any] = {"margin": {"l": 10, "r": 10, "t": 60, "b": 10}, "height": 380}


def chart_title(text: str, note: str = "") -> dict[str, Any]:
    """A title that fits half of a 1280 px screen, with an optional second line."""
    return {"text": f"{text}<br><sup>{note}</sup>" if note else text, "font": {"size": 15}}


def _empty(title: str) -> go.Figure:
    figure = go.Figure()
    figure.update_layout(title=chart_title(title), **_LAYOUT)
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    figure.add_annotation(text="no figures to show", showarrow=False, font={"size": 14})
    return figure


def _standard(frame: pd.DataFrame, codes: dict[str, str]) -> pd.Series:
    return frame["standard_id"].map(lambda s: codes.get(s, s))


_HIDDEN = -1.0


def _grid(
    shown: pd.DataFrame, hidden: pd.DataFrame, axes: tuple[str, str], empty: float = math.nan
) -> pd.DataFrame:
    """Cells of a heatmap: the figure, NaN for a suppressed cell (drawn as such), and `empty`
    for a cell with no organisation at all."""
    both = pd.concat([shown, hidden.assign(value=_HIDDEN)], ignore_index=True)
    grid = both.pivot(index=axes[0], columns=axes[1], values="value").fillna(empty)
    return grid.replace(_HIDDEN, math.nan)


def _short(columns: int) -> str:
    """The text of a suppressed cell: "withheld", or "–" where the cells are narrow."""
    return SHORT if columns <= 3 else "–"


def _heatmap(grid: pd.DataFrame, scale: str, unit: str, number: str) -> go.Figure:
    """The figures in colour; suppressed cells (NaN) in amber, reading "withheld"."""
    x = [str(c).replace("_", " ") for c in grid.columns]
    y = [str(i) for i in grid.index]
    hidden = grid.isna().to_numpy()
    shown = go.Heatmap(
        z=grid.to_numpy(), x=x, y=y, colorscale=scale, zmin=0,
        text=grid.map(lambda v: "" if pd.isna(v) else format(v, number)).to_numpy(),
        texttemplate="%{text}", hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        colorbar={"title": {"text": unit}, "thickness": 12},
    )  # fmt: skip
    small = go.Heatmap(
        z=[[1.0 if h else None for h in row] for row in hidden], x=x, y=y,
        colorscale=[[0, SUPPRESSED_COLOUR], [1, SUPPRESSED_COLOUR]], showscale=False,
        text=[[_short(len(x)) if h else "" for h in row] for row in hidden],
        texttemplate="%{text}",
        hovertemplate=f"%{{y}} · %{{x}}: {WITHHELD}<extra></extra>", xgap=1, ygap=1,
    )  # fmt: skip
    figure = go.Figure([shown, small])
    figure.update_layout(**_LAYOUT)
    figure.update_yaxes(autorange="reversed")
    return figure


def adoption_heatmap(
    rows: list[dict[str, Any]], hidden: list[dict[str, Any]], codes: dict[str, str], group: str
) -> go.Figure:
    """Share of organisations meeting each standard, per group (e.g. region)."""
    title = f"Meeting each standard, by {group.replace('_', ' ')}"
    if not rows and not hidden:
        return _empty(title)
    shown = pd.DataFrame(rows or [], columns=["standard_id", "group", "share_meeting"])
    shown = shown.assign(value=shown["share_meeting"] * 100)
    cells = pd.DataFrame(hidden or [], columns=["standard_id", "group"])
    for frame in (shown, cells):
        frame["standard"] = _standard(frame, codes)
    grid = _grid(shown, cells, ("standard", "group"))
    figure = _heatmap(grid, "Blues", "% meeting", ".0f")
    figure.update_layout(title=chart_title(title, f"% of organisations; amber: {SHORT}"))
    figure.update_traces(zmax=100, selector=0)
    return figure


def score_distribution(
    rows: list[dict[str, Any]], hidden: list[dict[str, Any]], codes: dict[str, str]
) -> go.Figure:
    """Organisations per score band of each standard (no single score is ever shown)."""
    title = "Score distribution per standard"
    if not rows and not hidden:
        return _empty(title)
    shown = pd.DataFrame(rows or [], columns=["standard_id", "band", "organisations"])
    shown = shown.assign(value=shown["organisations"].astype(float))
    cells = pd.DataFrame(hidden or [], columns=["standard_id", "band"])
    for frame in (shown, cells):
        frame["standard"] = _standard(frame, codes)
        frame["score"] = frame["band"].map(lambda b: SCORE_BANDS[int(b)])
    grid = _grid(shown, cells, ("standard", "score"), empty=0.0)
    grid = grid.reindex(columns=list(SCORE_BANDS.values()), fill_value=0.0)
    figure = _heatmap(grid, "Purples", "organisations", ".0f")
    note = f"organisations per score band; amber: {SHORT}"
    figure.update_layout(title=chart_title(title, note))
    return figure


def adoption_over_time(rows: list[dict[str, Any]], codes: dict[str, str]) -> go.Figure:
    """One line per standard (in the order the rows name them), a point per quarter."""
    title = "Adoption over time, by quarter"
    if not rows:
        return _empty(title)
    lines: dict[str, tuple[list[str], list[float]]] = {}
    for row in rows:
        quarters, percents = lines.setdefault(
            codes.get(row["standard_id"], row["standard_id"]), ([], [])
        )
        quarters.append(row["quarter"])
        percents.append(row["share_meeting"] * 100)
    figure = go.Figure(
        [
            go.Scatter(
                x=quarters,
                y=percents,
                name=code,
                mode="lines+markers",
                hovertemplate=f"{code} · %{{x}}: %{{y:.0f}} %<extra></extra>",
            )
            for code, (quarters, percents) in lines.items()
        ]
    )
    figure.update_layout(
        title=chart_title(title, "% of organisations meeting each standard at the quarter's end"),
        yaxis_title="% meeting",
        yaxis_range=[0, 100],
        xaxis_title="",
        xaxis_type="category",
        xaxis_categoryorder="category ascending",
        legend_title_text="standard",
        **_LAYOUT,
    )
    return figure


def weakest(rows: list[dict[str, Any]]) -> go.Figure:
    """The requirements most often rated below "implemented", the weakest at the top."""
    title = "Weakest requirements"
    if not rows:
        return _empty(title)
    ordered = sorted(rows, key=lambda r: r["share_below_implemented"])
    bar = go.Bar(
        x=[r["share_below_implemented"] * 100 for r in ordered],
        y=[r["requirement_id"] for r in ordered],
        orientation="h",
        texttemplate="%{x:.0f}",
        textangle=0,
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{x:.0f} % below implemented<extra></extra>",
    )
    figure = go.Figure(bar)
    figure.update_layout(
        title=chart_title(title, "% of organisations rating it below 'implemented'"),
        xaxis_title="% below implemented",
        xaxis_range=[0, 100],
        yaxis_title="",
        yaxis_type="category",
        **_LAYOUT,
    )
    return figure


def pipeline(rows: list[dict[str, Any]], hidden: list[str]) -> go.Figure:
    """Self-assessments per state; a suppressed state is shown as a labelled empty bar."""
    title = "Pipeline: self-assessments by state"
    if not rows and not hidden:
        return _empty(title)
    counts = {r["state"]: r["assessments"] for r in rows}
    states = sorted({*counts, *hidden}, key=lambda s: (*PIPELINE_ORDER, s).index(s))
    labels = [f"{counts[s]}" if s in counts else SHORT for s in states]
    figure = go.Figure(
        go.Bar(
            x=[state_word(s).replace(" ", "<br>") for s in states],
            y=[counts.get(s, 0) for s in states],
            text=labels,
            textposition="outside",
            marker_color=["#3b82f6" if s in counts else SUPPRESSED_COLOUR for s in states],
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    top = max(counts.values(), default=1)
    figure.update_layout(title=chart_title(title), yaxis_range=[0, top * 1.25 + 1], **_LAYOUT)
    return figure
