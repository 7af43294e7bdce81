"""A city's context indicators, placed within the distribution of all European cities."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from inclucities.kb.model import KnowledgeBase

PERCENTILE_COLUMNS = ["min", "p10", "p20", "p30", "p40", "p50", "p60", "p70", "p80", "p90", "max"]
PERCENTILES = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]


def indicator_frame(kb: KnowledgeBase) -> pd.DataFrame:
    return pd.DataFrame([row.model_dump(exclude={"illustrative", "sources"}) for row in kb.indicators])


def distribution_frame(kb: KnowledgeBase) -> pd.DataFrame:
    rows = getattr(kb, "distributions", [])
    return pd.DataFrame([row.model_dump(exclude={"illustrative", "sources"}) for row in rows])


def percentile_rank(value: float, deciles: list[float]) -> float:
    """Where `value` falls among European cities, 0–100, interpolated between the published deciles."""
    points = np.maximum.accumulate(np.asarray(deciles, dtype=float))  # guard against rounding in the table
    return float(np.clip(np.interp(value, points, PERCENTILES), 0, 100))


def city_indicators(kb: KnowledgeBase, city: str) -> pd.DataFrame:
    """The latest value of every indicator of `city`, with its percentile among European cities that year."""
    values = indicator_frame(kb)
    columns = ["indicator", "year", "value", "unit", "flag", "source", "percentile", "cities_compared"]
    if values.empty or city not in set(values["city"]):
        return pd.DataFrame(columns=columns)
    mine = values[values["city"] == city].sort_values("year").groupby("indicator", as_index=False).last()
    distribution = distribution_frame(kb)
    percentiles: list[Any] = []
    compared: list[Any] = []
    for _, row in mine.iterrows():
        match = (
            distribution[(distribution["indicator"] == row["indicator"]) & (distribution["year"] == row["year"])]
            if not distribution.empty
            else distribution
        )
        if match.empty:
            percentiles.append(np.nan)
            compared.append(np.nan)
        else:
            decile_row = match.iloc[0]
            percentiles.append(round(percentile_rank(row["value"], [decile_row[c] for c in PERCENTILE_COLUMNS]), 1))
            compared.append(int(decile_row["cities"]))
    mine["percentile"] = percentiles
    mine["cities_compared"] = compared
    mine["flag"] = mine["flag"].fillna("")
    return mine[columns].reset_index(drop=True)


def distribution_for(kb: KnowledgeBase, indicator: str, year: int) -> dict[str, float] | None:
    distribution = distribution_frame(kb)
    if distribution.empty:
        return None
    match = distribution[(distribution["indicator"] == indicator) & (distribution["year"] == year)]
    return None if match.empty else {c: float(match.iloc[0][c]) for c in [*PERCENTILE_COLUMNS, "cities"]}
