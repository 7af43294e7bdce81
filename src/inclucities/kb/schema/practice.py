"""`practices/<id>.md`: the front matter of one good practice (the body is MyST Markdown)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from inclucities.kb.schema.common import (
    Country,
    Languages,
    PartialDate,
    PeriodRecord,
    Slug,
    Text,
)

TargetGroup = Literal[
    "migrants", "newcomers", "refugees", "asylum-seekers", "third-country-nationals", "women", "children",
    "young-people", "parents", "unaccompanied-minors", "established-minorities", "jobseekers", "entrepreneurs",
    "local-residents", "municipal-staff", "civil-society",
]  # fmt: skip
Status = Literal["planned", "pilot", "ongoing", "regular-service", "completed"]


class Practice(PeriodRecord):
    id: Slug
    title: Text
    summary: Text
    city: Slug | None = None
    city_name: Text | None = None
    country: Country | None = None
    themes: list[Slug] = Field(min_length=1)
    key_factors: list[Slug]
    target_groups: list[TargetGroup] = Field(min_length=1)
    status: Status
    start: PartialDate
    end: PartialDate | None = None
    mentor_practice: bool = False
    transferred_to: list[Slug] = []
    lead_organisation: Text | None = None
    partners: list[Text] = []
    funding: Text | None = None
    languages: Languages = []

    @model_validator(mode="after")
    def _placed_and_sourced(self) -> Practice:
        if self.city is None and (self.city_name is None or self.country is None):
            raise PydanticCustomError(
                "place", "no place given (allowed: `city` with a network city id, or `city_name` with `country`)"
            )
        if self.city is not None and self.city_name is not None:
            raise PydanticCustomError("place", "both `city` and `city_name` given (allowed: one of them)")
        if not self.illustrative and not any(source.url for source in self.sources):
            raise PydanticCustomError(
                "unsourced", "no source with a url (allowed: cite one under `sources`, or mark the practice `illustrative: true`)"
            )
        return self

    @property
    def place(self) -> str:
        return self.city or self.city_name or ""
