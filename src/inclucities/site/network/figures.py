"""The network page's figures: the map, the pairs diagram and the mentoring process, each with its text
alternative and its data table (the charts themselves are drawn by `inclucities.figures.network`)."""

from __future__ import annotations

import pandas as pd

from inclucities import addresses
from inclucities.figures import network as network_charts
from inclucities.kb import method
from inclucities.kb.model import KnowledgeBase
from inclucities.markup.text import quote
from inclucities.site import figures

PAGE = addresses.NETWORK_PAGE


def diagram(kb: KnowledgeBase) -> tuple[str, dict[str, str | bytes]]:
    cities, _pairs = network_charts.diagram_data(kb)
    chart = network_charts.diagram_chart(kb)
    described = "; ".join(
        f"{kb.city_name(p.mentor)} mentors {kb.city_name(p.learner)} on {quote(kb.themes[p.theme].title)}" for p in kb.network.pairs
    )
    alt_text = f"Diagram of the {len(cities)} cities of the network, mentors on the left and learners on the right: {described or 'no pairs yet'}."
    table = pd.DataFrame(
        [
            {
                "mentor": kb.city_name(p.mentor),
                "learner": kb.city_name(p.learner),
                "theme": kb.themes[p.theme].title,
            }
            for p in kb.network.pairs
        ],
        columns=["mentor", "learner", "theme"],
    )
    return figures.figure(PAGE, "network-pairs", chart, alt_text, table, "The network's pairs.")


def located_map(kb: KnowledgeBase) -> tuple[str, dict[str, str | bytes]]:
    """The map of the network's cities, or nothing when no city has a location."""
    cities, pairs = network_charts.map_data(kb)
    if cities.empty:
        return "", {}
    chart = network_charts.map_chart(kb, (cities, pairs))
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


def process(kb: KnowledgeBase) -> tuple[str, dict[str, str | bytes]]:
    milestones, _ = network_charts.process_data(kb)
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
    return figures.figure(PAGE, "mentoring-process", network_charts.process_chart(kb), alt_text, table, caption)
