"""Where the cities are: the kit's offline map of Europe, and distances between cities."""

from __future__ import annotations

import json
import math
from functools import cache
from typing import Any, TypedDict

from inclucities import layout

EARTH_RADIUS_KM = 6371.0


class MultiPoint(TypedDict):
    type: str
    coordinates: list[list[float]]  # [longitude, latitude] pairs


class Feature(TypedDict):
    """A GeoJSON Feature whose geometry is a MultiPoint (what `view` gives)."""

    type: str
    properties: dict[str, object]
    geometry: MultiPoint


@cache
def europe_countries() -> dict[str, Any]:
    """The countries of Europe as a GeoJSON FeatureCollection (Natural Earth 1:110m; see maps/README.md)."""
    return json.loads(layout.EUROPE_MAP.read_text(encoding="utf-8"))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def view(points: list[tuple[float, float]], margin: float = 4.0, least: float = 18.0) -> Feature:
    """A GeoJSON MultiPoint spanning `points` (latitude, longitude) with a margin, at least `least` degrees wide
    and high, for a projection to fit: the map shows the cities with some of Europe around them."""
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    south, north, west, east = min(lats) - margin, max(lats) + margin, min(lons) - margin, max(lons) + margin
    grow_lat, grow_lon = max(0.0, least - (north - south)) / 2, max(0.0, least - (east - west)) / 2
    south, north, west, east = max(-85.0, south - grow_lat), min(85.0, north + grow_lat), west - grow_lon, east + grow_lon
    corners = [[west, south], [east, south], [east, north], [west, north]]
    return {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": corners}}
