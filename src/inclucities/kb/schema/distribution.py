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
    indicator: Slug
    year: WholeNumber = Field(ge=1900, le=2100)
    unit: Text
    cities: WholeNumber = Field(ge=1)  # how many cities the statistics are computed over
    min: Number
    p10: Number
    p20: Number
    p30: Number
    p40: Number
    p50: Number
    p60: Number
    p70: Number
    p80: Number
    p90: Number
    max: Number
    source: Text

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
