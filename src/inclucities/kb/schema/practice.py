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
    """One good practice: YAML front matter between `---` lines, then a MyST Markdown body. The fields follow the
    European Website on Integration practice template where it has one; a practice that is not illustrative cites
    at least one source with a `url`."""

    id: Slug = Field(description="The practice's id, equal to the file name.")
    title: Text = Field(description="The practice's title: plain text, never interpreted as markup.")
    summary: Text = Field(description="A short summary: plain text, never interpreted as markup.")
    city: Slug | None = Field(
        default=None,
        description="The id of the network city where the practice runs. Give either `city` or `city_name` with `country`.",
    )
    city_name: Text | None = Field(default=None, description="The name of a city outside the network, with `country`.")
    country: Country | None = Field(
        default=None, description="The country of `city_name`, as an ISO 3166 alpha-2 code in capitals."
    )
    themes: list[Slug] = Field(min_length=1, description="The ids of the themes the practice belongs to.")
    key_factors: list[Slug] = Field(description="The ids of the key factors the practice addresses (may be empty).")
    target_groups: list[TargetGroup] = Field(min_length=1, description="Whom the practice is for.")
    status: Status = Field(description="Where the practice stands.")
    start: PartialDate = Field(description="When the practice started.")
    end: PartialDate | None = Field(default=None, description="When the practice ended; not before `start`.")
    mentor_practice: bool = Field(default=False, description="`true` for a practice a mentor city shared with its learner.")
    transferred_to: list[Slug] = Field(default=[], description="The ids of the network cities that adapted the practice.")
    lead_organisation: Text | None = Field(default=None, description="Who runs the practice.")
    partners: list[Text] = Field(default=[], description="Who runs it with the lead organisation.")
    funding: Text | None = Field(default=None, description="Who pays for it.")
    languages: Languages = Field(default=[], description="The languages it works in, as ISO 639-1 codes.")

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
