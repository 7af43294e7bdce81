"""The network's figures as charts: the pairs diagram, the map of Europe and the mentoring process, with the
data each is drawn from (pure: a knowledge base in, data frames and Altair charts out)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from inclucities.figures import geography
from inclucities.figures.charts import Responsive, city_colours, network_diagram, network_map, process_timeline
from inclucities.kb import method
from inclucities.kb.model import KnowledgeBase


def diagram_data(kb: KnowledgeBase) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cities placed in rows (a pair's mentor and learner share a row) and one line per pair."""
    rows: dict[str, int] = {}
    for index, pair in enumerate(kb.network.pairs):
        rows.setdefault(pair.mentor, index)
        rows.setdefault(pair.learner, index)
    next_row = {"mentor": len(kb.network.pairs), "learner": len(kb.network.pairs)}
    records = []
    for city in kb.network.cities:
        if city.id not in rows:
            rows[city.id] = next_row[city.role]
            next_row[city.role] += 1
        records.append({"id": city.id, "label": f"{city.name} ({city.country})", "role": city.role, "row": rows[city.id]})
    pairs = pd.DataFrame(
        [
            {"mentor_row": rows[p.mentor], "learner_row": rows[p.learner], "theme_title": kb.themes[p.theme].title, "pair": p.id}
            for p in kb.network.pairs
        ],
        columns=["mentor_row", "learner_row", "theme_title", "pair"],
    )
    return pd.DataFrame(records), pairs


def diagram_chart(kb: KnowledgeBase) -> Responsive[alt.LayerChart]:
    cities, pairs = diagram_data(kb)
    return network_diagram(cities, pairs, city_colours([c.id for c in kb.network.cities]))


# Cities closer than this (degrees of latitude, longitude) share one place on the map: their names are stacked.
NEAR = (1.2, 1.8)


def map_data(kb: KnowledgeBase) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cities that have a location, with where their names go, and a line per pair between two of them."""
    located = {c.id: c.location for c in kb.network.cities if c.location is not None}
    anchors: list[list[float]] = []  # latitude, longitude, names placed there
    records = []
    for city in kb.network.cities:
        if (where := located.get(city.id)) is None:
            continue
        anchor = next((a for a in anchors if abs(a[0] - where.lat) < NEAR[0] and abs(a[1] - where.lon) < NEAR[1]), None)
        if anchor is None:
            anchor = [where.lat, where.lon, 0]
            anchors.append(anchor)
        records.append(
            {
                "id": city.id,
                "label": f"{city.name} ({city.country})",
                "role": city.role,
                "lat": where.lat,
                "lon": where.lon,
                "details": ", ".join(map(kb.city_name, kb.partners.get(city.id, []))) or "—",
                "anchor_lat": anchor[0],
                "anchor_lon": anchor[1],
                "stack": int(anchor[2]),
            }
        )
        anchor[2] += 1
    lines = []
    for pair in kb.network.pairs:
        mentor, learner = located.get(pair.mentor), located.get(pair.learner)
        if mentor is not None and learner is not None:
            lines.append(
                {
                    "pair": pair.id,
                    "label": f"{kb.city_name(pair.mentor)} → {kb.city_name(pair.learner)}",
                    "theme_title": kb.themes[pair.theme].title,
                    "distance_km": round(geography.distance_km((mentor.lat, mentor.lon), (learner.lat, learner.lon))),
                    "mentor_lat": mentor.lat,
                    "mentor_lon": mentor.lon,
                    "learner_lat": learner.lat,
                    "learner_lon": learner.lon,
                }
            )
    columns = ["pair", "label", "theme_title", "distance_km", "mentor_lat", "mentor_lon", "learner_lat", "learner_lon"]
    return pd.DataFrame(records), pd.DataFrame(lines, columns=columns)


def map_chart(kb: KnowledgeBase, data: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> Responsive[alt.LayerChart]:
    """The map chart, from `data` (what `map_data` gives) when the caller already has it."""
    cities, pairs = data if data is not None else map_data(kb)
    view = geography.view(list(zip(cities["lat"], cities["lon"], strict=True)))
    return network_map(geography.europe_countries(), cities, pairs, view, city_colours([c.id for c in kb.network.cities]))


def process_data(kb: KnowledgeBase) -> tuple[pd.DataFrame, pd.DataFrame]:
    steps = pd.DataFrame([{"number": s.number, "title": s.title} for s in method.STEPS])
    milestones = pd.DataFrame(
        [{"title": m.title, "start": str(m.start), "end": str(m.end or m.start), "step": m.step} for m in kb.network.milestones],
        columns=["title", "start", "end", "step"],
    )
    milestones["start_date"] = pd.to_datetime(milestones["start"], format="mixed")
    milestones["end_date"] = pd.to_datetime(milestones["end"], format="mixed") + pd.offsets.MonthEnd(0)
    return milestones, steps


def process_chart(kb: KnowledgeBase) -> Responsive[alt.LayerChart]:
    milestones, steps = process_data(kb)
    return process_timeline(milestones, steps)
