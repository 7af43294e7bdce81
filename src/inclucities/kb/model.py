"""The validated knowledge base as one object, with look-ups by id."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from inclucities.kb.schema.action_plan import ActionPlan
from inclucities.kb.schema.assessment import Assessment
from inclucities.kb.schema.distribution import DistributionRow
from inclucities.kb.schema.framework import Benchmark, Framework, KeyFactor, Theme
from inclucities.kb.schema.indicator import IndicatorValue
from inclucities.kb.schema.network import City, NetworkFile, Pair
from inclucities.kb.schema.practice import Practice
from inclucities.kb.schema.service import Service
from inclucities.kb.schema.toolkit import Toolkit


@dataclass
class PracticeEntry:
    practice: Practice
    body: str
    path: Path
    body_line: int = 1  # the line of the source file where the body starts


# Identity equality: analyses cache per knowledge-base object. Records are not changed after loading (a changed
# view is a new object, see city_analysis.city_view), so the look-up tables below are computed once.
@dataclass(eq=False)
class KnowledgeBase:
    root: Path
    network: NetworkFile
    framework: Framework
    practices: dict[str, PracticeEntry] = field(default_factory=dict)
    assessments: dict[str, Assessment] = field(default_factory=dict)
    action_plans: dict[str, ActionPlan] = field(default_factory=dict)
    services: dict[str, list[Service]] = field(default_factory=dict)
    indicators: list[IndicatorValue] = field(default_factory=list)
    distributions: list[DistributionRow] = field(default_factory=list)  # European spread of each indicator
    toolkits: dict[str, Toolkit] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    @cached_property
    def cities(self) -> dict[str, City]:
        return {city.id: city for city in self.network.cities}

    @cached_property
    def pairs(self) -> dict[str, Pair]:
        return {pair.id: pair for pair in self.network.pairs}

    @cached_property
    def themes(self) -> dict[str, Theme]:
        return {theme.id: theme for theme in self.framework.themes}

    @cached_property
    def benchmarks(self) -> dict[str, Benchmark]:
        return {benchmark.id: benchmark for benchmark in self.framework.benchmarks}

    @cached_property
    def key_factors(self) -> dict[str, tuple[Benchmark, KeyFactor]]:
        return {kf.id: (benchmark, kf) for benchmark in self.framework.benchmarks for kf in benchmark.key_factors}

    @cached_property
    def partners(self) -> dict[str, list[str]]:
        """The ids of the cities each city is paired with, in the order of the pairs (cities without one: absent)."""
        found: dict[str, list[str]] = {}
        for pair in self.network.pairs:
            found.setdefault(pair.mentor, []).append(pair.learner)
            found.setdefault(pair.learner, []).append(pair.mentor)
        return found

    def city_name(self, city_id: str) -> str:
        city = self.cities.get(city_id)
        return city.name if city else city_id

    def practice_place(self, practice: Practice) -> tuple[str, str]:
        """(city name, country code) of a practice, in or outside the network."""
        if practice.city:
            city = self.cities[practice.city]
            return city.name, city.country
        return practice.city_name or "", practice.country or ""

    def summary(self) -> str:
        return (
            f"{len(self.network.cities)} cities, {len(self.network.pairs)} pairs, {len(self.framework.themes)} themes, "
            f"{len(self.framework.benchmarks)} benchmarks, {len(self.key_factors)} key factors, "
            f"{len(self.practices)} practices, {len(self.assessments)} assessments, {len(self.action_plans)} action plans, "
            f"{len(self.services)} service directories, {len(self.indicators)} indicator values, "
            f"{len(self.distributions)} distribution rows, {len(self.toolkits)} toolkits"
        )
