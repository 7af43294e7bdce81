"""`data/indicators/*.csv`: one city statistic per row, in long format."""

from __future__ import annotations

from pydantic import Field

from inclucities.kb.schema.common import Number, Record, Slug, Text, WholeNumber

INDICATOR_COLUMNS = ("city", "indicator", "year", "value", "unit", "flag", "source")


class IndicatorValue(Record):
    city: Slug
    indicator: Slug
    year: WholeNumber = Field(ge=1900, le=2100)
    value: Number
    unit: Text
    flag: str | None = None
    source: Text
