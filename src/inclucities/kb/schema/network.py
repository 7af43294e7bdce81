"""`data/network.yml`: the network, its cities and its mentor→learner pairs."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from inclucities.kb.schema.common import (
    Country,
    Languages,
    Number,
    PartialDate,
    PeriodRecord,
    Record,
    Slug,
    Text,
    WholeNumber,
)

Role = Literal["mentor", "learner"]


class Network(PeriodRecord):
    """The network itself."""

    name: Text = Field(description="The network's name.")
    coordinator: Text = Field(description="The body that coordinates the network.")
    start: PartialDate = Field(description="When the network's period starts.")
    end: PartialDate = Field(description="When the network's period ends; not before `start`.")
    subtitle: Text | None = Field(default=None, description="A line that follows the network's name.")
    facilitator: Text | None = Field(default=None, description="The body that facilitates the mentoring.")
    funding: Text | None = Field(default=None, description="Who funds the network.")


class Location(BaseModel):
    """Where a city lies, in decimal degrees (WGS 84), for the map of the network."""

    model_config = ConfigDict(extra="forbid")

    lat: Number = Field(ge=-90, le=90, description="The latitude in decimal degrees, from -90 to 90.")
    lon: Number = Field(ge=-180, le=180, description="The longitude in decimal degrees, from -180 to 180.")


class City(Record):
    """A city of the network."""

    id: Slug = Field(description="The city's id: pairs, practices, assessments, action plans and file names refer to it.")
    name: Text = Field(description="The city's name.")
    country: Country = Field(description="The city's country, as an ISO 3166 alpha-2 code in capitals (`BE`, `FR`, …).")
    role: Role = Field(description="Whether the city is a mentor or a learner in its pairs.")
    population: WholeNumber = Field(ge=0, description="How many people live in the city.")
    association: Text = Field(description="The national association of local governments that accompanies the city.")
    eurostat_code: str | None = Field(
        default=None,
        pattern=r"^[A-Z]{2}[0-9A-Z]{3,4}$",
        description="The city's Eurostat Urban Audit code, e.g. `BE012C`: `inclucities import-eurostat` gives the city "
        "the values of this code (cities sharing a code get the same values).",
    )
    eurostat_scope: Literal["city", "greater-city"] = Field(
        default="city",
        description="`greater-city` when the Urban Audit unit of `eurostat_code` is larger than the city itself.",
    )
    languages: Languages = Field(default=[], description="ISO 639-1 codes of the languages the city administration works in.")
    foreign_origin_share: Number | None = Field(
        default=None, ge=0, le=100, description="A share of the population in percent (0–100), as a source gives it."
    )
    foreign_origin_note: Text | None = Field(default=None, description="What the share measures.")
    location: Location | None = Field(
        default=None,
        description="Where the city lies: cities with a location are placed on the map of the network. Cite where "
        "the position comes from in `sources`.",
    )


class Pair(Record):
    """A mentor → learner pair."""

    id: Slug = Field(description="The pair's id.")
    mentor: Slug = Field(description="The mentor: the id of a network city whose role is `mentor`.")
    learner: Slug = Field(
        description="The learner: the id of a network city whose role is `learner`, another city than the mentor."
    )
    theme: Slug = Field(description="The id of the theme the pair works on.")
    benchmark: Slug = Field(description="The id of the benchmark the pair works with; it must belong to `theme`.")


class Milestone(PeriodRecord):
    """A dated event of the network's mentoring process, tied to a step of the method (1–7) where it fits."""

    title: Text = Field(description="What happened.")
    start: PartialDate = Field(description="When it happened, or started.")
    end: PartialDate | None = Field(default=None, description="When it ended, for an event that lasted; not before `start`.")
    step: WholeNumber | None = Field(default=None, ge=1, le=7, description="The step of the method (1–7) it belongs to.")


class NetworkFile(Record):
    """The network, its cities and its mentor → learner pairs."""

    network: Network = Field(description="The network itself.")
    cities: list[City] = Field(min_length=1, description="The network's cities; each id once.")
    pairs: list[Pair] = Field(default=[], description="The mentor → learner pairs; each id once.")
    milestones: list[Milestone] = Field(
        default=[], description="Dated events of the mentoring process, drawn on the network page's chart of the process."
    )
