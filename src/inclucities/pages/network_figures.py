"""The network page's figures: the mentoring process with the network's timeline, and the pairs diagram."""

from __future__ import annotations

import pandas as pd

from inclucities import geography, method
from inclucities.charts import city_colours, network_diagram, network_map, process_timeline
from inclucities.knowledge_base import KnowledgeBase
from inclucities.pages import figures

PAGE = "network.md"


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


def diagram(kb: KnowledgeBase) -> tuple[str, dict[str, str | bytes]]:
    cities, pairs = diagram_data(kb)
    chart = network_diagram(cities, pairs, city_colours([c.id for c in kb.network.cities]))
    described = "; ".join(
        f"{kb.city_name(p.mentor)} mentors {kb.city_name(p.learner)} on {kb.themes[p.theme].title}" for p in kb.network.pairs
    )
    alt_text = f"Diagram of the {len(cities)} cities of the network, mentors on the left and learners on the right: {described or 'no pairs yet'}."
    table = pd.DataFrame(
        [
            {
                "pair": p.id,
                "mentor": kb.city_name(p.mentor),
                "learner": kb.city_name(p.learner),
                "theme": kb.themes[p.theme].title,
            }
            for p in kb.network.pairs
        ],
        columns=["pair", "mentor", "learner", "theme"],
    )
    return figures.figure(PAGE, "network-pairs", chart, alt_text, table, "The network's pairs.")


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


def located_chart(kb: KnowledgeBase, data: tuple[pd.DataFrame, pd.DataFrame] | None = None):  # type: ignore[no-untyped-def]
    """The map chart, from `data` (what `map_data` gives) when the caller already has it."""
    cities, pairs = data if data is not None else map_data(kb)
    view = geography.view(list(zip(cities["lat"], cities["lon"], strict=True)))
    return network_map(geography.europe_countries(), cities, pairs, view, city_colours([c.id for c in kb.network.cities]))


def located_map(kb: KnowledgeBase) -> tuple[str, dict[str, str | bytes]]:
    """The map of the network's cities, or nothing when no city has a location."""
    cities, pairs = map_data(kb)
    if cities.empty:
        return "", {}
    chart = located_chart(kb, (cities, pairs))
    missing = len(kb.network.cities) - len(cities)
    lines = "; ".join(f"{row.label}, {row.distance_km:,} km" for row in pairs.itertuples())
    alt_text = (
        f"Map of Europe with {len(cities)} cities of the network placed where they lie "
        f"({', '.join(cities['label'])}) and a line from each mentor to its learner: {lines or 'no pairs yet'}."
    )
    if not pairs.empty:
        alt_text += f" Mentor and learner are {pairs['distance_km'].min():,} to {pairs['distance_km'].max():,} km apart."
    if missing:
        alt_text += f" {missing} cities without a location are not shown."
    table = cities[["label", "role", "lat", "lon", "details"]]
    table = table.rename(columns={"label": "city", "lat": "latitude", "lon": "longitude", "details": "paired with"})
    caption = "Where the cities are (positions: GeoNames, CC BY 4.0; country outlines: Natural Earth)."
    return figures.figure(PAGE, "network-map", chart, alt_text, table.astype(str), caption)


def process_data(kb: KnowledgeBase) -> tuple[pd.DataFrame, pd.DataFrame]:
    steps = pd.DataFrame([{"number": s.number, "title": s.title} for s in method.STEPS])
    milestones = pd.DataFrame(
        [{"title": m.title, "start": str(m.start), "end": str(m.end or m.start), "step": m.step} for m in kb.network.milestones],
        columns=["title", "start", "end", "step"],
    )
    milestones["start_date"] = pd.to_datetime(milestones["start"], format="mixed")
    milestones["end_date"] = pd.to_datetime(milestones["end"], format="mixed") + pd.offsets.MonthEnd(0)
    return milestones, steps


def process_chart(kb: KnowledgeBase):  # type: ignore[no-untyped-def]
    milestones, steps = process_data(kb)
    return process_timeline(milestones, steps)


def process(kb: KnowledgeBase) -> tuple[str, dict[str, str | bytes]]:
    milestones, _ = process_data(kb)
    if milestones.empty:
        span = "no dated milestones yet"
    else:
        first, last = milestones.iloc[0], milestones.iloc[-1]
        span = f"{len(milestones)} milestones from {first['start']} ({first['title']}) to {last['end']} ({last['title']})"
    alt_text = (
        "Timeline with one row per step of the mentoring method ("
        + "; ".join(f"{s.number} {s.title}" for s in method.STEPS)
        + f") and the network's milestones placed in their step's row: {span}."
    )
    table = milestones[["title", "start", "end"]].astype(object)
    # a milestone after the seven steps has none, which makes pandas store the column as floats (1.0)
    table["step"] = milestones["step"].map(lambda step: "" if pd.isna(step) else str(int(step)))
    caption = f"The mentoring process (steps: {method.SOURCE}; dates: the network's sources)."
    return figures.figure(PAGE, "mentoring-process", process_chart(kb), alt_text, table, caption)
