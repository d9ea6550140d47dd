"""The board's world map, drawn offline. Plotly's geo maps download their outlines from a CDN,
so the map is drawn from the outlines shipped in dashboard/assets/world-110m.json as filled
polygons on an equal-aspect plot (Equal Earth projection). A country with fewer than 5
certified members is hatched, never drawn as none."""

from __future__ import annotations

import json
import math
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import plotly.graph_objects as go

from dashboard.charts import SUPPRESSED_COLOUR, chart_title
from dashboard.ui import WITHHELD, WITHHELD_LEGEND

WORLD = Path(__file__).parent / "assets" / "world-110m.json"
LEFT_OFF_THE_MAP = frozenset({"AQ"})
"""Antarctica: no members, and it would take a fifth of the map's height."""
MAP_BANDS: tuple[tuple[str, int | None, str, str], ...] = (
    ("no certified member", None, "#e5e7eb", ""),
    (WITHHELD_LEGEND, 0, SUPPRESSED_COLOUR, "/"),
    ("5–9 certified", 5, "#93c5fd", ""),
    ("10–24 certified", 10, "#3b82f6", ""),
    ("25 or more certified", 25, "#1e3a8a", ""),
)
"""(legend, the fewest certified members of the band, colour, hatching); 0 = suppressed."""


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
    figure = WITHHELD if count is None else f"{count} certified members"
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
        title=chart_title("Certified members by country"),
        showlegend=True,
        legend={"orientation": "h", "y": -0.02, "x": 0.5, "xanchor": "center"},
        plot_bgcolor="#ffffff",
        margin={"l": 0, "r": 0, "t": 50, "b": 10},
        height=440,
    )
    return figure
