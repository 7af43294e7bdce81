"""`data/indicators/*.csv`: one city statistic per row, in long format."""

from __future__ import annotations

from pydantic import Field

from inclucities.kb.schema.common import Number, Record, Slug, Text, WholeNumber

INDICATOR_COLUMNS = ("city", "indicator", "year", "value", "unit", "flag", "source")


class IndicatorValue(Record):
    """One value of a city statistic per row, in long format; one row for each city, indicator and year."""

    city: Slug = Field(description="The id of a network city.")
    indicator: Slug = Field(description="The statistic's id, e.g. `population`.")
    year: WholeNumber = Field(ge=1900, le=2100, description="The year the value is for.")
    value: Number = Field(description="The value.")
    unit: Text = Field(description="The value's unit, e.g. `persons`.")
    flag: str | None = Field(default=None, description="The Eurostat observation flag (may be empty).")
    source: Text = Field(description="Where the value comes from.")
