"""Make dashboard/assets/world-110m.json, the country outlines of the board's map, ONCE.

The dashboard must fetch nothing at run time (plotly.js geo maps download their outlines from
a CDN), so the outlines ship with it. Source: Natural Earth 1:110m countries (public domain) as
TopoJSON in the npm package world-atlas@2 (ISC licence). The numeric country codes of the
source become ISO 3166-1 alpha-2 codes, the codes organisation profiles use, with pycountry,
which is needed here only and never by the project:

    cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
    python3 -m pip install --target /tmp/pylib pycountry
    PYTHONPATH=/tmp/pylib python3 scripts/make_world_outline.py \
        /tmp/package/countries-110m.json dashboard/assets/world-110m.json

Output: {"source": ..., "countries": {"DE": {"name": "Germany", "polygons": [[ring, ...]]}}},
each ring a flat list [lon, lat, lon, lat, ...] rounded to 0.01 degrees; the first ring of a
polygon is its outline, any others are its holes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pycountry  # type: ignore[import-not-found]

UNCODED: dict[str, str] = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
"""Areas the source draws without an ISO numeric code: Kosovo takes the code in common use
(XK, user-assigned in ISO 3166), the others join the ISO member state they belong to."""
SOURCE = (
    "Natural Earth 1:110m Admin 0 countries (public domain, naturalearthdata.com), "
    "from world-atlas 2.0.2 countries-110m.json (ISC licence, Mike Bostock); "
    "converted by scripts/make_world_outline.py"
)
Point = tuple[float, float]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """The arcs of a quantised TopoJSON topology as absolute longitude/latitude points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: list[Point] = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[Point]]) -> list[Point]:
    """A closed ring from arc indices (~i is arc i reversed); shared end points once."""
    points: list[Point] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def unwrapped(points: list[Point]) -> list[Point]:
    """Longitudes made continuous across the antimeridian (179 then 181, not -179); a ring
    around a pole (Antarctica) is left as it is."""
    out: list[Point] = []
    for lon, lat in points:
        turns = round((out[-1][0] - lon) / 360) if out else 0
        out.append((lon + 360 * turns, lat))
    return out if abs(out[-1][0] - out[0][0]) < 180 else points


def clipped(points: list[Point], edge: float, keep_below: bool) -> list[Point]:
    """Sutherland-Hodgman: the ring cut at the meridian `edge`, keeping one side."""

    def inside(p: Point) -> bool:
        return p[0] <= edge if keep_below else p[0] >= edge

    out: list[Point] = []
    for current, following in zip(points, points[1:] + points[:1], strict=True):
        if inside(current):
            out.append(current)
        if inside(current) != inside(following):
            share = (edge - current[0]) / (following[0] - current[0])
            out.append((edge, current[1] + share * (following[1] - current[1])))
    return out


def split_at_antimeridian(points: list[Point]) -> list[list[Point]]:
    """A ring that crosses the antimeridian as one ring per side, each within -180..180."""
    continuous = unwrapped(points)
    pieces = []
    for shift in (-360, 0, 360):
        moved = [(lon + shift, lat) for lon, lat in continuous]
        piece = clipped(clipped(moved, 180, keep_below=True), -180, keep_below=False)
        if len(piece) >= 3:
            pieces.append(piece)
    return pieces


def flat(points: list[Point]) -> list[float]:
    """Rounded to 0.01 degrees, repeated points dropped, as [lon, lat, lon, lat, ...]."""
    kept: list[tuple[float, float]] = []
    for lon, lat in points:
        rounded = (round(lon, 2), round(lat, 2))
        if not kept or kept[-1] != rounded:
            kept.append(rounded)
    return [value for point in kept for value in point]


def polygons(geometry: dict[str, Any], arcs: list[list[Point]]) -> list[list[list[float]]]:
    """Each polygon as [outline, holes...]; one cut by the antimeridian becomes two."""
    shapes = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}
    found: list[list[list[float]]] = []
    for polygon in shapes.get(geometry["type"], []):
        outline, *holes = [ring(r, arcs) for r in polygon]
        pieces = split_at_antimeridian(outline)
        found += [[flat(piece)] for piece in pieces[1:]]
        found.append([flat(pieces[0]), *(flat(h) for h in holes)])
    return found


def alpha2(geometry: dict[str, Any]) -> str:
    name = geometry["properties"]["name"]
    found = pycountry.countries.get(numeric=geometry["id"]) if "id" in geometry else None
    if found is None:
        return UNCODED[name]
    return str(found.alpha_2)


def convert(topology: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topology)
    countries: dict[str, dict[str, Any]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = alpha2(geometry)
        entry = countries.setdefault(code, {"name": geometry["properties"]["name"], "polygons": []})
        entry["polygons"].extend(polygons(geometry, arcs))
    return {"source": SOURCE, "countries": dict(sorted(countries.items()))}


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    topology = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    outline = convert(topology)
    text = json.dumps(outline, separators=(",", ":"), ensure_ascii=False)
    Path(argv[2]).write_text(text + "\n", encoding="utf-8")
    print(f"{len(outline['countries'])} countries, {len(text)} characters -> {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
