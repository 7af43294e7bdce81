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
    name: Text
    coordinator: Text
    start: PartialDate
    end: PartialDate
    subtitle: Text | None = None
    facilitator: Text | None = None
    funding: Text | None = None


class Location(BaseModel):
    """Where a city lies, in decimal degrees (WGS 84), for the map of the network."""

    model_config = ConfigDict(extra="forbid")

    lat: Number = Field(ge=-90, le=90)
    lon: Number = Field(ge=-180, le=180)


class City(Record):
    id: Slug
    name: Text
    country: Country
    role: Role
    population: WholeNumber = Field(ge=0)
    association: Text
    eurostat_code: str | None = Field(default=None, pattern=r"^[A-Z]{2}[0-9A-Z]{3,4}$")
    eurostat_scope: Literal["city", "greater-city"] = "city"
    languages: Languages = []
    foreign_origin_share: Number | None = Field(default=None, ge=0, le=100)
    foreign_origin_note: Text | None = None
    location: Location | None = None


class Pair(Record):
    id: Slug
    mentor: Slug
    learner: Slug
    theme: Slug
    benchmark: Slug


class Milestone(PeriodRecord):
    """A dated event of the network's mentoring process, tied to a step of the method (1–7) where it fits."""

    title: Text
    start: PartialDate
    end: PartialDate | None = None
    step: WholeNumber | None = Field(default=None, ge=1, le=7)


class NetworkFile(Record):
    network: Network
    cities: list[City] = Field(min_length=1)
    pairs: list[Pair] = []
    milestones: list[Milestone] = []
