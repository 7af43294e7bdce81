"""Shared pieces of the notebook reports: loading the knowledge base once, context indicators, colours."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from inclucities import addresses
from inclucities.analysis.context import city_indicators, distribution_for
from inclucities.figures.charts import city_colours, distribution_strip
from inclucities.kb.model import KnowledgeBase
from inclucities.notebooks.plan import site_root_from
from inclucities.notebooks.report import html


@lru_cache(maxsize=4)
def _load(root: str) -> KnowledgeBase:
    from inclucities.kb.loader import load

    return load(Path(root))


def open_kb(kb: str | Path) -> KnowledgeBase:
    """The validated knowledge base, loaded once per kernel however many cells ask for it."""
    return _load(str(Path(kb).resolve()))


class Links:
    """Links from a notebook page to the pages of the guide, relative to it (the page's output is HTML, where the
    book's `#anchor` targets do not resolve, so the page's address is spelled out); or, with `root` None (a city's
    own report, read outside the guide), no links: names are then given as text."""

    def __init__(self, kb: KnowledgeBase, root: str | None):
        self.kb = kb
        self.root = root

    @classmethod
    def in_guide(cls, kb: KnowledgeBase, template: str) -> Links:
        return cls(kb, site_root_from(template))

    def _to(self, page: str, anchor: str) -> str | None:
        if self.root is None:
            return None
        return f"{self.root}{addresses.html_address(page)}#{anchor}"

    def _a(self, text: str, href: str | None) -> str:
        return html.link(text, href) if href else html.esc(text)

    def practice(self, practice_id: str) -> str:
        title = self.kb.practices[practice_id].practice.title if practice_id in self.kb.practices else practice_id
        return self._a(title, self._to(addresses.practice_page(practice_id), addresses.practice_anchor(practice_id)))

    def city(self, city_id: str) -> str:
        return self._a(self.kb.city_name(city_id), self._to(addresses.NETWORK_PAGE, addresses.city_anchor(city_id)))

    def key_factor(self, key_factor_id: str) -> str:
        benchmark, kf = self.kb.key_factors[key_factor_id]
        return self._a(kf.title, self._to(addresses.theme_page(benchmark.theme), addresses.key_factor_anchor(key_factor_id)))

    def theme(self, theme_id: str) -> str:
        return self._a(self.kb.themes[theme_id].title, self._to(addresses.theme_page(theme_id), addresses.theme_anchor(theme_id)))

    def action_plan(self, city_id: str, text: str) -> str:
        return self._a(text, self._to(addresses.action_plan_page(city_id), addresses.action_plan_anchor(city_id)))


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


FLAGS = "Flags: e estimated, b break in series, d definition differs, p provisional, u low reliability."


def context_section(kb: KnowledgeBase, city_ids: list[str]) -> HTML:
    """Each city's latest statistics and, for the main ratios, its place among European cities: one row per
    indicator, one column per city (a one-city profile does not repeat its name on every row)."""
    parts: list[str] = []
    values_by_city: dict[str, pd.DataFrame] = {}
    for city_id in city_ids:
        city = kb.cities[city_id]
        values = city_indicators(kb, city_id)
        if values.empty:
            parts.append(html.paragraph(f"Eurostat's city statistics do not cover {city.name}; its figures from the project's pages:"))
            facts = [f"population about {city.population:,}"]
            if city.foreign_origin_share is not None:
                note = f" ({city.foreign_origin_note})" if city.foreign_origin_note else ""
                facts.append(f"foreign origin {city.foreign_origin_share:g} %{note}")
            parts.append(html.bullet_list(facts))
            continue
        if city.eurostat_scope == "greater-city":
            parts.append(html.paragraph(f"{city.name}: Eurostat's figures are for the greater city, larger than the city itself."))
        values_by_city[city_id] = values
    if values_by_city:
        parts.append(_context_table(kb, values_by_city))
        # the datasets, with their codes and years, are in the page's About section; the reader needs the publisher
        flagged = any(str(flag) for frame in values_by_city.values() for flag in frame["flag"])
        parts.append(html.paragraph("Source: Eurostat, city statistics (Urban Audit)." + (f" {FLAGS}" if flagged else "")))
    return html.block(*parts)


def place_among(percentile: float, cities: int) -> str:
    """A percentile in words. Only deciles are published, so beyond the first and the last one the rank is a tenth."""
    if percentile >= 90:
        return f"in the top tenth of {cities:,} European cities"
    if percentile <= 10:
        return f"in the bottom tenth of {cities:,} European cities"
    return f"higher than about {percentile:.0f} % of {cities:,} European cities"


def _context_table(kb: KnowledgeBase, values_by_city: dict[str, pd.DataFrame]) -> str:
    """Indicator by city: the value with its unit and year, and its rank among European cities as a percentile."""
    order: list[str] = []
    cells: dict[tuple[str, str], str] = {}
    for city_id, values in values_by_city.items():
        for row in values.to_dict("records"):
            indicator = str(row["indicator"])
            if indicator not in order:
                order.append(indicator)
            value = f"{row['value']:,.0f}" if row["unit"] == "persons" else f"{row['value']:,.2f} {row['unit']}"
            flag = f" ({row['flag']})" if isinstance(row["flag"], str) and row["flag"] else ""
            percentile, compared = row["percentile"], row["cities_compared"]
            where = f"; {place_among(float(percentile), int(compared))}" if pd.notna(percentile) else ""
            cells[(indicator, city_id)] = html.esc(f"{value}{flag} in {row['year']}{where}")
    headers = ["Indicator", *(kb.city_name(c) for c in values_by_city)]
    rows = [[html.esc(label(i)), *(cells.get((i, c), "—") for c in values_by_city)] for i in sorted(order, key=label)]
    return html.html_table(headers, rows, caption="Context indicators (latest year available)")


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
        where = "; ".join(
            f"{r['name']} {r['value']:g} in {int(r['year'])} ({place_among(float(r['percentile']), int(deciles['cities']))})"
            for r in rows
        )
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
