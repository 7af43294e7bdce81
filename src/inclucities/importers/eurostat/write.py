"""Writing the import: the two indicator tables of the knowledge base, regenerated as a whole, and a summary."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from inclucities import layout
from inclucities.errors import KnowledgeBaseInvalid, Problem
from inclucities.importers.eurostat.derive import derive, distributions, format_number, network_values
from inclucities.importers.eurostat.parse import read_exports
from inclucities.kb.atomic import write_files
from inclucities.kb.loader import load
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.distribution import DISTRIBUTION_COLUMNS, STATISTICS, DistributionRow
from inclucities.kb.schema.indicator import INDICATOR_COLUMNS, IndicatorValue


@dataclass(frozen=True)
class ImportSummary:
    rows_read: int
    rows_empty: int
    country_rows: int
    cities_matched: int
    values_written: int
    distribution_rows: int
    cities_without_data: tuple[str, ...]
    derived_left_out: tuple[str, ...] = ()  # impossible derived values, e.g. a share over 100 %

    def describe(self) -> str:
        missing = ", ".join(self.cities_without_data) or "none"
        left_out = "".join(f"\n  left out, impossible: {item}" for item in self.derived_left_out)
        return (
            f"{self.rows_read} rows read ({self.rows_empty} without a value, {self.country_rows} country rows skipped); "
            f"{self.cities_matched} network cities matched, {self.values_written} values written to {layout.EUROSTAT_VALUES_FILE}, "
            f"{self.distribution_rows} rows written to {layout.EUROSTAT_DISTRIBUTIONS_FILE}; network cities without Eurostat data: {missing}"
            f"{left_out}"
        )


def values_csv(rows: Iterable[IndicatorValue]) -> str:
    return _csv(
        INDICATOR_COLUMNS, ([r.city, r.indicator, r.year, format_number(r.value), r.unit, r.flag or "", r.source] for r in rows)
    )


def distributions_csv(rows: Iterable[DistributionRow]) -> str:
    return _csv(
        DISTRIBUTION_COLUMNS,
        ([r.indicator, r.year, r.unit, r.cities, *(format_number(getattr(r, s)) for s in STATISTICS), r.source] for r in rows),
    )


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def import_eurostat(files: list[Path], kb_root: Path) -> ImportSummary:
    """Import Eurostat Urban Audit SDMX-CSV exports into the knowledge base at `kb_root`.

    `data/indicators/eurostat.csv` and `data/indicators/distributions/eurostat.csv` are regenerated from exactly
    `files`: values of indicators whose export is not given are not kept. Every file is parsed before anything is
    written; any problem (in the knowledge base or an export) raises `KnowledgeBaseInvalid` with all of them, and
    then nothing is written.
    """
    kb_root = Path(kb_root)
    problems: list[Problem] = []
    kb: KnowledgeBase | None = None
    try:
        kb = load(kb_root)
    except KnowledgeBaseInvalid as error:
        problems.extend(error.problems)
    try:
        parsed = read_exports([Path(f) for f in files], kb_root)
    except KnowledgeBaseInvalid as error:
        problems.extend(error.problems)
    if problems or kb is None:
        raise KnowledgeBaseInvalid(problems)

    derived, impossible = derive(parsed.observations)
    observations = parsed.observations + derived
    values = network_values(observations, kb)
    spread = distributions(observations)
    write_files(
        {
            kb_root / layout.EUROSTAT_VALUES_FILE: values_csv(values),
            kb_root / layout.EUROSTAT_DISTRIBUTIONS_FILE: distributions_csv(spread),
        }
    )
    matched = {row.city for row in values}
    return ImportSummary(
        rows_read=parsed.rows_read,
        rows_empty=parsed.rows_empty,
        country_rows=parsed.country_rows,
        cities_matched=len(matched),
        values_written=len(values),
        distribution_rows=len(spread),
        cities_without_data=tuple(city.id for city in kb.network.cities if city.id not in matched),
        derived_left_out=tuple(impossible),
    )
