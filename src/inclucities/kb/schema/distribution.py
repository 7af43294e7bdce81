"""`data/indicators/distributions/*.csv`: how an indicator is spread over Europe's cities in one year.

Only summary statistics are kept (count, minimum, deciles, maximum), never the other cities' values, so a
page can place a network city among European cities without shipping the raw exports.
"""

from __future__ import annotations

from itertools import pairwise

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from inclucities.kb.schema.common import Number, Record, Slug, Text, WholeNumber

DECILES = ("p10", "p20", "p30", "p40", "p50", "p60", "p70", "p80", "p90")
STATISTICS = ("min", *DECILES, "max")
DISTRIBUTION_COLUMNS = ("indicator", "year", "unit", "cities", *STATISTICS, "source")


class DistributionRow(Record):
    """How an indicator is spread over many cities in one year, so that a network city can be placed among them:
    summary statistics only, never the other cities' values. One row per indicator and year; each statistic is at
    least the one before it."""

    indicator: Slug = Field(description="The statistic's id, e.g. `population`.")
    year: WholeNumber = Field(ge=1900, le=2100, description="The year the statistics are for.")
    unit: Text = Field(description="The values' unit.")
    cities: WholeNumber = Field(ge=1, description="How many cities have a value: the statistics are computed over them.")
    min: Number = Field(description="The smallest value.")
    p10: Number = Field(description="The 10th percentile (first decile).")
    p20: Number = Field(description="The 20th percentile.")
    p30: Number = Field(description="The 30th percentile.")
    p40: Number = Field(description="The 40th percentile.")
    p50: Number = Field(description="The median.")
    p60: Number = Field(description="The 60th percentile.")
    p70: Number = Field(description="The 70th percentile.")
    p80: Number = Field(description="The 80th percentile.")
    p90: Number = Field(description="The 90th percentile (last decile).")
    max: Number = Field(description="The largest value.")
    source: Text = Field(description="Where the statistics come from.")

    @model_validator(mode="after")
    def _increasing(self) -> DistributionRow:
        # a hand-edited row with swapped columns would silently misplace every city on the chart
        for low_name, high_name in pairwise(STATISTICS):
            low, high = getattr(self, low_name), getattr(self, high_name)
            if high < low:
                raise PydanticCustomError(
                    "distribution_order",
                    "{high_name} {high} is below {low_name} {low} (allowed: min ≤ p10 ≤ … ≤ p90 ≤ max)",
                    {"high_name": high_name, "high": high, "low_name": low_name, "low": low},
                )
        return self
