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
    """The city whose data `inclucities analyse` reads, in a folder of its own outside the knowledge base (made by
    `inclucities new-city`), in the fields of a city of `data/network.yml`."""

    id: Slug = Field(description="The city's id.")
    name: Text = Field(description="The city's name.")
    country: Country = Field(description="The city's country, as an ISO 3166 alpha-2 code in capitals (`BE`, `FR`, …).")
    population: Annotated[WholeNumber, BeforeValidator(_population), Field(ge=0)] = Field(
        description='How many people live in the city, written `24000`, `24 000`, `24.000` or `"24000"`.'
    )
    eurostat_code: str | None = Field(
        default=None,
        pattern=r"^[A-Z]{2}[0-9A-Z]{3,4}$",
        description="The city's Eurostat Urban Audit code, e.g. `BE012C`: the report then shows its statistics among "
        "Europe's cities.",
    )
    role: Role = Field(default="learner", description="Whether the city looks for a mentor (`learner`) or is a mentor.")
    association: Text | None = Field(
        default=None, description="The national association of local governments that accompanies the city."
    )
    languages: Languages = Field(default=[], description="ISO 639-1 codes of the languages the city administration works in.")
    theme: Slug | None = Field(
        default=None,
        description="The id of the theme of the self-assessment (without it: the theme of the key factors scored).",
    )
    assessment_date: PartialDate | None = Field(
        default=None, description="When the self-assessment was made; the action-plan draft starts the year after."
    )


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
