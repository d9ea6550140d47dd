"""Plotly figures for the board. Nothing here fetches anything: no map tiles, no topojson, no
web fonts. Plotly's geo maps download their outlines from a CDN, so the world map is drawn
from the outlines shipped in dashboard/assets/world-110m.json as filled polygons on an
equal-aspect plot (Equal Earth projection).

Suppressed groups (fewer than 5 organisations) come from the service without figures; they
are drawn as such (a hatched country, a "fewer than 5" cell), never as zero."""

from __future__ import annotations

import json
import math
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from dashboard.ui import SUPPRESSED, state_word

PIPELINE_ORDER = ("draft", "submitted", "in_review", "changes_requested", "decided")
WORLD = Path(__file__).parent / "assets" / "world-110m.json"
LEFT_OFF_THE_MAP = frozenset({"AQ"})
"""Antarctica: no members, and it would take a fifth of the map's height."""
SHORT = "fewer than 5"
SUPPRESSED_COLOUR = "#fde68a"
SCORE_BANDS = ("below 25 %", "25–49 %", "50–74 %", "75 % or more")
MAP_BANDS: tuple[tuple[str, int | None, str, str], ...] = (
    ("no certified member", None, "#e5e7eb", ""),
    (SUPPRESSED, 0, SUPPRESSED_COLOUR, "/"),
    ("5–9 certified", 5, "#93c5fd", ""),
    ("10–24 certified", 10, "#3b82f6", ""),
    ("25 or more certified", 25, "#1e3a8a", ""),
)
"""(legend, the fewest certified members of the band, colour, hatching); 0 = suppressed."""
_LAYOUT: dict[str, Any] = {"margin": {"l": 10, "r": 10, "t": 60, "b": 10}, "height": 380}


def _title(text: str, note: str = "") -> dict[str, Any]:
    """A title that fits half of a 1280 px screen, with an optional second line."""
    return {"text": f"{text}<br><sup>{note}</sup>" if note else text, "font": {"size": 15}}


def _empty(title: str) -> go.Figure:
    figure = go.Figure()
    figure.update_layout(title=_title(title), **_LAYOUT)
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
    """The text of a suppressed cell: "fewer than 5", or "<5" where the cells are narrow."""
    return SHORT if columns <= 3 else "&lt;5"


def _heatmap(grid: pd.DataFrame, scale: str, unit: str, number: str) -> go.Figure:
    """The figures in colour; suppressed cells (NaN) in amber, reading "fewer than 5"."""
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
        hovertemplate=f"%{{y}} · %{{x}}: {SUPPRESSED}<extra></extra>", xgap=1, ygap=1,
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
    figure.update_layout(title=_title(title, f"% of organisations; amber: {SUPPRESSED}"))
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
    grid = grid.reindex(columns=list(SCORE_BANDS), fill_value=0.0)
    figure = _heatmap(grid, "Purples", "organisations", ".0f")
    figure.update_layout(title=_title(title, f"organisations per score band; amber: {SUPPRESSED}"))
    return figure


def adoption_over_time(rows: list[dict[str, Any]], codes: dict[str, str]) -> go.Figure:
    title = "Adoption over time, by quarter"
    if not rows:
        return _empty(title)
    frame = pd.DataFrame(rows)
    frame["standard"] = _standard(frame, codes)
    frame["percent"] = frame["share_meeting"] * 100
    figure = px.line(frame, x="quarter", y="percent", color="standard", markers=True)
    figure.update_layout(
        title=_title(title, "% of organisations meeting each standard at the quarter's end"),
        yaxis_title="% meeting",
        yaxis_range=[0, 100],
        xaxis_title="",
        **_LAYOUT,
    )
    return figure


def weakest(rows: list[dict[str, Any]]) -> go.Figure:
    title = "Weakest requirements"
    if not rows:
        return _empty(title)
    frame = pd.DataFrame(rows)
    frame["percent"] = frame["share_below_implemented"] * 100
    frame = frame.sort_values("percent")
    figure = px.bar(frame, x="percent", y="requirement_id", orientation="h", text_auto=".0f")
    figure.update_traces(textangle=0, textposition="outside", cliponaxis=False)
    figure.update_layout(
        title=_title(title, "% of organisations rating it below 'implemented'"),
        xaxis_title="% below implemented",
        xaxis_range=[0, 100],
        yaxis_title="",
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
    figure.update_layout(title=_title(title), yaxis_range=[0, top * 1.25 + 1], **_LAYOUT)
    return figure


# -- the world map ----------------------------------------------------------------------


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """The Equal Earth projection (Šavrič, Patterson, Jenny 2018) of degrees, in radians."""
    a1, a2, a3, a4, m = 1.340264, -0.081106, 0.000893, 0.003796, math.sqrt(3) / 2
    theta = math.asin(m * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = math.radians(lon) * math.cos(theta) / (m * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
    return x, theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))


Ring = list[tuple[float, float]]


@cache
def outlines() -> dict[str, tuple[str, tuple[Ring, ...]]]:
    """Country code -> (name, projected rings): the shipped outlines, read once."""
    countries = json.loads(WORLD.read_text(encoding="utf-8"))["countries"]
    return {
        code: (
            entry["name"],
            tuple(
                [equal_earth(r[i], r[i + 1]) for i in range(0, len(r), 2)]
                for polygon in entry["polygons"]
                for r in polygon
            ),
        )
        for code, entry in countries.items()
        if code not in LEFT_OFF_THE_MAP
    }


def _area(ring: Ring) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)))


def _label_point(rings: tuple[Ring, ...]) -> tuple[float, float]:
    largest = max(rings, key=_area)
    return sum(x for x, _ in largest) / len(largest), sum(y for _, y in largest) / len(largest)


def _band(count: int | None) -> int:
    """The MAP_BANDS index for a number of certified members (None: suppressed)."""
    if count is None:
        return 1
    return max(i for i, band in enumerate(MAP_BANDS) if band[1] is not None and count >= band[1])


def map_status(rows: list[dict[str, Any]], hidden: list[dict[str, Any]]) -> dict[str, int | None]:
    """Country -> organisations with an active certificate (None: fewer than 5)."""
    counts: dict[str, int | None] = {
        r["group"]: r["organisations"] for r in rows if r["status"] == "active"
    }
    counts.update({h["group"]: None for h in hidden if h["status"] == "active"})
    return counts


def off_the_map(status: dict[str, int | None]) -> list[str]:
    """Countries with certified members that are too small for the map's scale."""
    return sorted(code for code in status if code not in outlines())


def _polygons(codes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The countries' rings as one x and one y array, rings separated by NaN (a gap), rounded
    to 0.001 (about 6 km): arrays keep the figure small and quick to build."""
    rings = [ring for code in codes for ring in outlines()[code][1]]
    points = [[*ring, (math.nan, math.nan)] for ring in rings]
    flat = np.array([p for ring in points for p in ring] or [(math.nan, math.nan)])
    return flat[:, 0].round(3), flat[:, 1].round(3)


def _hover(code: str, count: int | None) -> str:
    figure = SUPPRESSED if count is None else f"{count} certified members"
    return f"{outlines()[code][0]} ({code}): {figure}"


def members_by_country(status: dict[str, int | None]) -> go.Figure:
    """Certified members per country on a world map; suppressed countries hatched."""
    figure = go.Figure()
    banded = {code: _band(count) for code, count in status.items() if code in outlines()}
    for index, (legend, _, colour, hatch) in enumerate(MAP_BANDS):
        codes = [c for c in outlines() if banded.get(c, 0) == index]
        xs, ys = _polygons(codes)
        figure.add_scatter(
            x=xs, y=ys, fill="toself", fillcolor=colour, mode="lines", name=legend,
            line={"color": "#ffffff", "width": 0.5}, hoverinfo="skip",
            fillpattern={"shape": hatch, "fgcolor": "#b45309", "bgcolor": colour, "solidity": 0.2}
            if hatch else None,
        )  # fmt: skip
    members = sorted(banded)
    points = [_label_point(outlines()[c][1]) for c in members]
    figure.add_scatter(
        x=[p[0] for p in points], y=[p[1] for p in points], mode="markers",
        marker={"size": 9, "color": "rgba(0,0,0,0)"}, showlegend=False,
        hovertext=[_hover(c, status[c]) for c in members], hoverinfo="text",
    )  # fmt: skip
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    figure.update_layout(
        title=_title("Certified members by country"),
        showlegend=True,
        legend={"orientation": "h", "y": -0.02, "x": 0.5, "xanchor": "center"},
        plot_bgcolor="#ffffff",
        margin={"l": 0, "r": 0, "t": 50, "b": 10},
        height=440,
    )
    return figure
