"""The offline map of Europe, its importer, and distances between cities."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from inclucities import layout
from inclucities.figures import geography
from tests.conftest import REPO


def importer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("import_europe_geometry", REPO / "scripts/import_europe_geometry.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_distances_between_known_places() -> None:
    brussels, paris = (50.85, 4.35), (48.857, 2.352)
    assert geography.distance_km(brussels, paris) == pytest.approx(264, abs=3)
    assert geography.distance_km(brussels, brussels) == 0


def test_the_shipped_map_is_small_inside_its_window_and_wound_for_d3() -> None:
    tool = importer()
    path = layout.EUROPE_MAP
    assert path.stat().st_size < 100_000  # it is written into the network page
    countries = geography.europe_countries()
    names = {feature["properties"]["name"] for feature in countries["features"]}
    assert {"Belgium", "France", "Italy", "Spain", "Greece", "Latvia"} <= names
    west, south, east, north = tool.WINDOW
    for feature in countries["features"]:
        assert feature["geometry"]["type"] == "MultiPolygon"
        for polygon in feature["geometry"]["coordinates"]:
            for index, ring in enumerate(polygon):
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(west <= x <= east and south <= y <= north for x, y in ring)
                # clockwise outer rings are land to d3 and Vega; the other way round they cover the rest of the globe
                assert (tool.signed_area(ring) < 0) == (index == 0), feature["properties"]["name"]


def test_importer_clips_to_the_window_and_drops_land_outside(tmp_path: Path) -> None:
    tool = importer()
    # one country drawn anticlockwise across the window's east edge, one entirely east of it
    topology = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[40, 40], [20, 0], [0, 10], [-20, 0], [0, -10]], [[100, 40], [5, 0], [0, 5], [-5, 0], [0, -5]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0]], "properties": {"name": "Across"}},
                    {"type": "Polygon", "arcs": [[1]], "properties": {"name": "Outside"}},
                ],
            }
        },
    }
    collection = tool.europe(topology)
    assert [f["properties"]["name"] for f in collection["features"]] == ["Across"]
    ring = collection["features"][0]["geometry"]["coordinates"][0][0]
    assert max(x for x, _ in ring) == tool.WINDOW[2] and min(x for x, _ in ring) == 40
    assert tool.signed_area(ring) < 0


def test_view_spans_the_cities_with_a_margin_and_a_least_size() -> None:
    corners = geography.view([(50.0, 4.0), (51.0, 5.0)])["geometry"]["coordinates"]
    lons, lats = [c[0] for c in corners], [c[1] for c in corners]
    assert max(lons) - min(lons) == pytest.approx(18) and max(lats) - min(lats) == pytest.approx(18)
    assert min(lons) < 4 and max(lons) > 5 and min(lats) < 50 and max(lats) > 51
    wide = geography.view([(40.0, -4.0), (57.0, 24.0)])["geometry"]["coordinates"]
    assert min(c[0] for c in wide) == pytest.approx(-8) and max(c[1] for c in wide) == pytest.approx(61)
