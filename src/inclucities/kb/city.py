"""A city's own data, as `inclucities analyse` reads it from the folder `inclucities new-city` made.

`CityFile` is the contract of `city.yml`; `CityFolder` is everything read from the folder, validated against a
knowledge base (`inclucities.city.folder` reads it; the analyses take it as it is).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from inclucities.kb.schema.common import Country, Languages, PartialDate, Record, Slug, Text, WholeNumber, parse_whole_number
from inclucities.kb.schema.framework import Benchmark
from inclucities.kb.schema.indicator import IndicatorValue
from inclucities.kb.schema.network import Role
from inclucities.kb.schema.service import Service


def _population(value: Any) -> Any:
    """`24 000`, `24.000` or `"24000"` in a city file are a population too."""
    if isinstance(value, str):
        number = parse_whole_number(value)
        return value if number is None else number
    return value


class CityFile(Record):
    """`city.yml`: the city whose data is analysed, in the fields of a city of `data/network.yml`."""

    id: Slug
    name: Text
    country: Country
    population: Annotated[WholeNumber, BeforeValidator(_population), Field(ge=0)]
    eurostat_code: str | None = Field(default=None, pattern=r"^[A-Z]{2}[0-9A-Z]{3,4}$")
    role: Role = "learner"
    association: Text | None = None
    languages: Languages = []
    theme: Slug | None = None
    assessment_date: PartialDate | None = None


@dataclass(frozen=True)
class Score:
    key_factor: str
    score: int
    evidence: str


@dataclass
class CityFolder:
    root: Path
    city: CityFile
    theme: str
    benchmark: Benchmark
    scores: list[Score]
    services: list[Service] = field(default_factory=list)
    indicators: list[IndicatorValue] = field(default_factory=list)
    distributions: list[Any] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # statistics that could not be computed, and why
