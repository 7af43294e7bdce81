"""Derive the kit's offline map of Europe from Natural Earth's countries, as packaged in npm's `world-atlas`.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/import_europe_geometry.py package/countries-110m.json

Writes `src/inclucities/figures/maps/europe.geojson`: every country with land in the map's window, its rings clipped to
the window and rounded to 0.01° (about a kilometre, far finer than a map of Europe on a page can show).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "src/inclucities/figures/maps/europe.geojson"
# west, south, east, north (degrees): Iceland and the Canaries to the Urals and Cyprus, with a margin
WINDOW = (-32.0, 26.0, 50.0, 73.0)
DIGITS = 2

Point = tuple[float, float]
Ring = list[Point]


def decode_arcs(topology: dict) -> list[Ring]:
    """TopoJSON arcs (quantised, delta-encoded) as lists of longitude, latitude."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    """One closed ring from its arcs (`~i` is arc i reversed); consecutive arcs share their end point."""
    points: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def clip(points: Ring, window: tuple[float, float, float, float]) -> Ring:
    """Sutherland–Hodgman: the part of a closed ring inside the rectangle `window`."""
    west, south, east, north = window
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)),
    ]
    for inside, cross in edges:
        if not points:
            break
        result: Ring = []
        for current, previous in zip(points, points[-1:] + points[:-1], strict=True):
            if inside(current):
                if not inside(previous):
                    result.append(cross(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(cross(previous, current))
        points = result
    return points


def _at_x(a: Point, b: Point, x: float) -> Point:
    return (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))


def _at_y(a: Point, b: Point, y: float) -> Point:
    return (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)


def rounded(points: Ring) -> Ring:
    """Points rounded, without repeats, closed (first point again at the end) as GeoJSON wants."""
    out: Ring = []
    for x, y in points:
        point = (round(x, DIGITS), round(y, DIGITS))
        if not out or out[-1] != point:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def signed_area(points: Ring) -> float:
    """Twice the planar area, negative for a clockwise ring (east to the right, north up)."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(points, points[1:], strict=False))


def on_border(points: Ring) -> bool:
    """Whether every point lies on the window's edge: what clipping leaves of land outside it (a sliver)."""
    west, south, east, north = WINDOW
    return all(x in (west, east) or y in (south, north) for x, y in points)


def oriented(points: Ring, outer: bool) -> Ring:
    """d3 and Vega read a clockwise outer ring as the land and an anticlockwise one as the rest of the globe;
    clipping can turn a ring that wrapped around the globe either way, so the winding is set here."""
    clockwise = signed_area(points) < 0
    return points if clockwise == outer else points[::-1]


def country_polygons(arcs: list[Ring], geometry: dict) -> list[list[Ring]]:
    polygons = (
        geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]] if geometry["type"] == "Polygon" else []
    )
    result = []
    for polygon in polygons:
        rings = [rounded(clip(ring(arcs, indexes), WINDOW)) for indexes in polygon]
        kept = [r for r in rings if len(r) >= 4 and abs(signed_area(r)) > 1e-4 and not on_border(r)]
        if kept and kept[0] is rings[0]:  # the outer ring keeps some land inside the window
            result.append([oriented(r, outer=i == 0) for i, r in enumerate(kept)])
    return result


def europe(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = country_polygons(arcs, geometry)
        if polygons:
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": geometry.get("properties", {}).get("name", "")},
                    "geometry": {"type": "MultiPolygon", "coordinates": polygons},
                }
            )
    features.sort(key=lambda feature: feature["properties"]["name"])
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("countries", type=Path, help="countries-110m.json of the world-atlas package")
    args = parser.parse_args()
    collection = europe(json.loads(args.countries.read_text(encoding="utf-8")))
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {len(collection['features'])} countries, {OUTPUT.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
