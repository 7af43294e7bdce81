"""What the importer computes from the observations: derived indicators (shares, rates), the European
distribution of every indicator and year, and the network's cities' values in the contract's long format."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from inclucities.importers.eurostat.parse import DECIMALS, INDICATORS, Observation
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.distribution import STATISTICS, DistributionRow
from inclucities.kb.schema.indicator import IndicatorValue


@dataclass(frozen=True)
class Derived:
    """An indicator computed from two others for the same city and year: numerator / denominator × factor."""

    slug: str
    unit: str
    numerator: str  # an indic_ur code
    denominator: str
    factor: int
    # a value above this cannot be true (a share over 100 %): the inputs disagree, e.g. Eurostat's 2021
    # estimates of foreign-born residents in some German cities exceed their population
    maximum: float | None = None

    def source(self) -> str:
        top, bottom = INDICATORS[self.numerator], INDICATORS[self.denominator]
        return f"Eurostat {top.dataset} / {bottom.dataset} ({self.numerator} / {self.denominator} × {self.factor})"


DERIVED: dict[str, Derived] = {
    "foreign-born-share": Derived("foreign-born-share", "%", "DE2009V", "DE1001V", 100, maximum=100),
    "students-per-1000": Derived("students-per-1000", "per 1,000 inhabitants", "TE1026V", "DE1001V", 1000),
}


def derive(observations: Iterable[Observation]) -> tuple[list[Observation], list[str]]:
    """The derived indicators, per city and year, only where both inputs exist for that same year.

    Also returns the values left out because they are impossible (above the rule's maximum), described for the
    person running the import: they would otherwise stretch the European distribution to absurd values.
    """
    by_key = {(o.indicator, o.code, o.year): o for o in observations}
    derived: list[Observation] = []
    impossible: list[str] = []
    for rule in DERIVED.values():
        top_slug, bottom_slug = INDICATORS[rule.numerator].slug, INDICATORS[rule.denominator].slug
        for (slug, code, year), top in by_key.items():
            bottom = by_key.get((bottom_slug, code, year))
            if slug != top_slug or bottom is None or bottom.value == 0:
                continue
            value = top.value / bottom.value * rule.factor
            if rule.maximum is not None and value > rule.maximum:
                impossible.append(f"{rule.slug} {code} ({top.place}) {year}: {format_number(value)} {rule.unit}")
                continue
            flag = "".join(sorted(set(top.flag) | set(bottom.flag)))  # Eurostat writes combined flags sorted: `bde`
            derived.append(Observation(rule.slug, rule.unit, code, top.place, year, value, flag, rule.source()))
    return derived, impossible


def deciles(values: Sequence[float]) -> list[float]:
    """min, p10 … p90, max, interpolated linearly between the sorted values (numpy's default method)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered * len(STATISTICS)
    return [ordered[0], *statistics.quantiles(ordered, n=10, method="inclusive"), ordered[-1]]


def distributions(observations: Iterable[Observation]) -> list[DistributionRow]:
    """One row per indicator and year, over every city that has a value: summary statistics only."""
    groups: dict[tuple[str, int], list[Observation]] = defaultdict(list)
    for observation in observations:
        groups[(observation.indicator, observation.year)].append(observation)
    rows = []
    for (slug, year), group in sorted(groups.items()):
        stats = [round(value, DECIMALS) for value in deciles([o.value for o in group])]
        first = group[0]
        fields = {"indicator": slug, "year": year, "unit": first.unit, "cities": len(group), "source": first.source}
        rows.append(DistributionRow.model_validate(fields | dict(zip(STATISTICS, stats, strict=True))))
    return rows


def network_values(observations: Iterable[Observation], kb: KnowledgeBase) -> list[IndicatorValue]:
    """The values of the network's cities, by knowledge-base city id, sorted (city, indicator, year).

    Two cities may share one Urban Audit code (a municipality inside a greater city): both get its values.
    """
    ids_by_code: dict[str, list[str]] = defaultdict(list)
    for city in kb.network.cities:
        if city.eurostat_code:
            ids_by_code[city.eurostat_code].append(city.id)
    rows = [
        IndicatorValue(
            city=city_id,
            indicator=o.indicator,
            year=o.year,
            value=round(o.value, DECIMALS),
            unit=o.unit,
            flag=o.flag or None,
            source=o.source,
        )
        for o in observations
        for city_id in ids_by_code.get(o.code, [])
    ]
    return sorted(rows, key=lambda row: (row.city, row.indicator, row.year))


def format_number(value: float) -> str:
    """89467.0 → '89467', 21.2999 → '21.3': no needless decimals, at most two."""
    text = f"{round(value, DECIMALS):.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
