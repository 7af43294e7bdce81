"""`data/indicators/*.csv`: one city statistic per row, in long format."""

from __future__ import annotations

from pydantic import Field

from inclucities.kb.schema.common import Record, Slug, Text

INDICATOR_COLUMNS = ("city", "indicator", "year", "value", "unit", "flag", "source")


class IndicatorValue(Record):
    city: Slug
    indicator: Slug
    year: int = Field(ge=1900, le=2100)
    value: float
    unit: Text
    flag: str | None = None
    source: Text
