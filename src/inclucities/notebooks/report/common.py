"""Shared pieces of the notebook reports: loading the knowledge base once, context indicators, colours."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from inclucities.analysis.context import city_indicators, distribution_for
from inclucities.figures.charts import city_colours, distribution_strip
from inclucities.kb.model import KnowledgeBase
from inclucities.notebooks.report import html


@lru_cache(maxsize=4)
def _load(root: str) -> KnowledgeBase:
    from inclucities.kb.loader import load

    return load(Path(root))


def open_kb(kb: str | Path) -> KnowledgeBase:
    """The validated knowledge base, loaded once per kernel however many cells ask for it."""
    return _load(str(Path(kb).resolve()))


def colours(kb: KnowledgeBase) -> dict[str, str]:
    return city_colours([c.id for c in kb.network.cities])


INDICATOR_LABELS = {
    "population": "Population",
    "foreign-born": "Foreign-born residents",
    "foreign-born-share": "Foreign-born share of the population",
    "unemployed": "Unemployed persons",
    "employed-20-64": "Employed persons aged 20–64",
    "students-higher-education": "Students in higher education",
    "students-per-1000": "Students in higher education per 1,000 inhabitants",
}
CHARTED = ("foreign-born-share", "students-per-1000", "population")


def label(indicator: str) -> str:
    return INDICATOR_LABELS.get(indicator, indicator.replace("-", " ").capitalize())


def context_section(kb: KnowledgeBase, city_ids: list[str]) -> HTML:
    """Each city's latest statistics and, for the main ratios, its place among European cities."""
    parts: list[str] = []
    frames = []
    for city_id in city_ids:
        city = kb.cities[city_id]
        values = city_indicators(kb, city_id)
        if values.empty:
            scope = "no Urban Audit code" if not city.eurostat_code else f"no values under {city.eurostat_code}"
            parts.append(
                html.paragraph(
                    f"{city.name}: the Eurostat Urban Audit files imported have {scope}; figures from the project pages:"
                )
            )
            facts = [f"population about {city.population:,}"]
            if city.foreign_origin_share is not None:
                note = f" ({city.foreign_origin_note})" if city.foreign_origin_note else ""
                facts.append(f"foreign origin {city.foreign_origin_share:g} %{note}")
            parts.append(html.bullet_list(facts))
            continue
        if city.eurostat_scope == "greater-city":
            parts.append(
                html.paragraph(
                    f"{city.name}: Eurostat's figures are for the greater city {city.eurostat_code}, larger than the city itself."
                )
            )
        frames.append(values.assign(city=city.name))
    if frames:
        table = pd.concat(frames, ignore_index=True)
        table["indicator"] = table["indicator"].map(label)
        table["value"] = [
            f"{v:,.0f}" if unit == "persons" else f"{v:,.2f}" for v, unit in zip(table["value"], table["unit"], strict=True)
        ]
        table = table[["city", "indicator", "year", "value", "unit", "flag", "percentile", "cities_compared"]]
        table = table.rename(columns={"percentile": "percentile among EU cities", "cities_compared": "cities compared"})
        parts.append(html.table(table, caption="Context indicators (latest year available)"))
        sources = sorted({str(source).split(" (")[0] for frame in frames for source in frame["source"]})
        parts.append(
            html.paragraph(
                f"Source: {', '.join(sources)}. Flags: e estimated, b break in series, d definition differs, p provisional, u low reliability."
            )
        )
    return html.block(*parts)


def distribution_figures(kb: KnowledgeBase, city_ids: list[str]) -> list[HTML]:
    """One strip per charted indicator: European deciles with the given cities marked."""
    figures = []
    palette = colours(kb)
    for indicator in CHARTED:
        rows = []
        for city_id in city_ids:
            values = city_indicators(kb, city_id)
            match = values[values["indicator"] == indicator]
            if not match.empty:
                rows.append(
                    {
                        "city": city_id,
                        "name": kb.city_name(city_id),
                        **match.iloc[0][["value", "year", "unit", "percentile"]].to_dict(),
                    }
                )
        if not rows:
            continue
        cities = pd.DataFrame(rows)
        year = int(cities["year"].max())
        deciles = distribution_for(kb, indicator, year)
        if deciles is None:
            continue
        chart = distribution_strip(deciles, cities, label(indicator), str(cities["unit"].iloc[0]), palette)
        where = "; ".join(f"{r['name']} {r['value']:g} in {int(r['year'])} (percentile {r['percentile']:g})" for r in rows)
        alt_text = (
            f"Strip chart of {label(indicator).lower()} across {int(deciles['cities'])} European cities in {year}: "
            f"median {deciles['p50']:g}, middle 80 % between {deciles['p10']:g} and {deciles['p90']:g}. {where}."
        )
        data = pd.DataFrame(
            [{"series": "European cities", "statistic": k, "value": deciles[k]} for k in ("p10", "p30", "p50", "p70", "p90")]
            + [{"series": r["name"], "statistic": f"value {int(r['year'])}", "value": r["value"]} for r in rows]
        )
        figures.append(html.figure(chart, alt_text, data, f"{label(indicator)} among European cities."))
    return figures
