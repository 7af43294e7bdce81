"""Import Eurostat Urban Audit exports (SDMX-CSV, linear) into `data/indicators/`.

Two tables come out of the exports:

- `data/indicators/eurostat.csv`: the network's cities' values in the contract's long format;
- `data/indicators/distributions/eurostat.csv`: for every indicator and year, how the values are spread over
  all of Europe's Urban Audit cities (count, minimum, deciles, maximum), so a city can be placed among them
  without the raw exports being shipped.

Both are regenerated from exactly the files given: an indicator whose file is left out disappears from the
output. The files are read as Eurostat writes them, so a new download can be imported without editing it.

    inclucities import-eurostat --kb KB FILE.csv...
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import statistics
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from inclucities.knowledge_base import KnowledgeBase
from inclucities.loader import load
from inclucities.problems import KnowledgeBaseInvalid, Problem, relative
from inclucities.schema.distribution import DISTRIBUTION_COLUMNS, STATISTICS, DistributionRow
from inclucities.schema.indicator import INDICATOR_COLUMNS, IndicatorValue
from inclucities.sourcefile import read_text

VALUES_FILE = "data/indicators/eurostat.csv"
DISTRIBUTIONS_FILE = "data/indicators/distributions/eurostat.csv"


@dataclass(frozen=True)
class Indicator:
    """An Urban Audit indicator the importer knows: its slug in the knowledge base, unit and dataset."""

    slug: str
    unit: str
    dataset: str

    def source(self, code: str) -> str:
        return f"Eurostat {self.dataset} ({code})"


# indic_ur code → indicator; the only place to add an Urban Audit indicator
INDICATORS: dict[str, Indicator] = {
    "DE1001V": Indicator("population", "persons", "urb_cpop1"),
    "DE2009V": Indicator("foreign-born", "persons", "urb_cpopcb"),
    "EC1010V": Indicator("unemployed", "persons", "urb_clma"),
    "EC1177V": Indicator("employed-20-64", "persons", "urb_clma"),
    "TE1026V": Indicator("students-higher-education", "persons", "urb_ceduc"),
}
CODES_BY_SLUG = {indicator.slug: code for code, indicator in INDICATORS.items()}


@dataclass(frozen=True)
class Derived:
    """An indicator computed from two others for the same city and year: numerator / denominator × factor."""

    slug: str
    unit: str
    numerator: str  # an indic_ur code
    denominator: str
    factor: int
    # a value above this cannot be true (a share over 100 %): the inputs disagree, e.g. Eurostat's 2021
    # estimates of foreign-born residents in some German cities exceed their population
    maximum: float | None = None

    def source(self) -> str:
        top, bottom = INDICATORS[self.numerator], INDICATORS[self.denominator]
        return f"Eurostat {top.dataset} / {bottom.dataset} ({self.numerator} / {self.denominator} × {self.factor})"


DERIVED: dict[str, Derived] = {
    "foreign-born-share": Derived("foreign-born-share", "%", "DE2009V", "DE1001V", 100, maximum=100),
    "students-per-1000": Derived("students-per-1000", "per 1,000 inhabitants", "TE1026V", "DE1001V", 1000),
}

# the SDMX-CSV columns the importer needs; the label columns are optional (Eurostat can export codes only)
REQUIRED_COLUMNS = ("indic_ur", "cities", "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG")
PLACE_COLUMN = "Geopolitical entity (declaring)"
COUNTRY = re.compile(r"[A-Z]{2}")
URBAN_AUDIT = re.compile(r"[A-Z]{2}[0-9A-Z]{3,4}")  # e.g. BE012C; the same form network.yml accepts
YEAR = re.compile(r"\d{4}")
DECIMALS = 2


@dataclass(frozen=True)
class Observation:
    """One city's value of one indicator in one year, as read (or derived) from Eurostat."""

    indicator: str  # slug
    unit: str
    code: str  # Urban Audit code
    place: str
    year: int
    value: float
    flag: str
    source: str


@dataclass
class Parsed:
    """The city rows of one or more exports, and how many rows were left aside and why."""

    observations: list[Observation]
    rows_read: int = 0
    rows_empty: int = 0  # no OBS_VALUE (Eurostat withholds it, e.g. flag `u`)
    country_rows: int = 0


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
            f"{self.cities_matched} network cities matched, {self.values_written} values written to {VALUES_FILE}, "
            f"{self.distribution_rows} rows written to {DISTRIBUTIONS_FILE}; network cities without Eurostat data: {missing}"
            f"{left_out}"
        )


# -- parsing -------------------------------------------------------------------------------------------------


def parse_sdmx_csv(text: str, display: str) -> Parsed:
    """The city rows of one SDMX-CSV export, or `KnowledgeBaseInvalid` listing every problem in it."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise KnowledgeBaseInvalid([Problem(display, 1, "", "empty file (allowed: an SDMX-CSV export from Eurostat)")]) from None
    except csv.Error as error:
        raise KnowledgeBaseInvalid([Problem(display, 1, "", f"CSV syntax error: {error}")]) from None
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        expected = f"an SDMX-CSV export from Eurostat, with the columns {', '.join(REQUIRED_COLUMNS)}"
        raise KnowledgeBaseInvalid([Problem(display, 1, f"column {name}", f"missing (allowed: {expected})") for name in missing])

    parsed = Parsed([])
    problems: list[Problem] = []
    unknown: dict[str, int] = {}  # unknown indic_ur code → first line; reported once, not on every row
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            parsed.rows_read += 1
            if len(record) != len(header):
                problems.append(
                    Problem(
                        display,
                        line,
                        "",
                        f"{len(record)} fields but the header has {len(header)} (allowed: one field per column)",
                    )
                )
                continue
            row = {name: cell.strip() for name, cell in zip(header, record, strict=True)}
            if row["indic_ur"] not in INDICATORS:
                unknown.setdefault(row["indic_ur"], line)
            found = row_problems(row, display, line)
            problems.extend(found)
            if found or row["indic_ur"] not in INDICATORS:
                continue
            if not row["OBS_VALUE"]:
                parsed.rows_empty += 1
            elif COUNTRY.fullmatch(row["cities"]):
                parsed.country_rows += 1  # national totals would distort a distribution over cities
            else:
                parsed.observations.append(observation(row))
    except csv.Error as error:
        problems.append(Problem(display, reader.line_num, "", f"CSV syntax error: {error}"))
    known = ", ".join(f"{code} ({indicator.slug})" for code, indicator in INDICATORS.items())
    for code, line in unknown.items():
        problems.append(Problem(display, line, "column indic_ur", f"unknown Urban Audit indicator {code!r} (allowed: {known})"))
    if problems:
        raise KnowledgeBaseInvalid(problems)
    return parsed


def row_problems(row: dict[str, str], display: str, line: int) -> list[Problem]:
    """What is wrong with one row's place code, year and value (the indicator is checked once per file)."""
    problems = []
    code, period, text = row["cities"], row["TIME_PERIOD"], row["OBS_VALUE"]
    if not (COUNTRY.fullmatch(code) or URBAN_AUDIT.fullmatch(code)):
        allowed = "an Urban Audit code like BE012C or a country code like BE"
        problems.append(Problem(display, line, "column cities", f"{code!r} is not a place code (allowed: {allowed})"))
    if not YEAR.fullmatch(period) or not 1900 <= int(period) <= 2100:
        problems.append(
            Problem(
                display, line, "column TIME_PERIOD", f"{period!r} is not a year (allowed: YYYY from 1900 to 2100, annual data)"
            )
        )
    if text and _number(text) is None:
        problems.append(
            Problem(
                display,
                line,
                "column OBS_VALUE",
                f"{text!r} is not a number (allowed: a number, or empty when Eurostat has no value)",
            )
        )
    return problems


def observation(row: dict[str, str]) -> Observation:
    """A valid city row with a value → its observation."""
    code = row["indic_ur"]
    indicator = INDICATORS[code]
    value = _number(row["OBS_VALUE"])
    assert value is not None  # checked by row_problems
    place = row.get(PLACE_COLUMN) or row["cities"]
    return Observation(
        indicator.slug,
        indicator.unit,
        row["cities"],
        place,
        int(row["TIME_PERIOD"]),
        value,
        row["OBS_FLAG"],
        indicator.source(code),
    )


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None  # 'nan' and 'inf' parse as floats but are no observations


def read_exports(files: Sequence[Path], root: Path) -> Parsed:
    """Every file parsed; the problems of all of them raised together. Reading is the only I/O here."""
    parsed = Parsed([])
    problems: list[Problem] = []
    first_seen: dict[tuple[str, str, int], str] = {}  # (indicator, code, year) → "file line N"
    for path in files:
        display = relative(path, root)
        if not path.is_file():
            problems.append(Problem(display, None, "", "no such file (allowed: an SDMX-CSV export from Eurostat)"))
            continue
        try:
            one = parse_sdmx_csv(read_text(path, root), display)
        except KnowledgeBaseInvalid as error:
            problems.extend(error.problems)
            continue
        problems.extend(_duplicates(one.observations, display, first_seen))
        parsed.observations.extend(one.observations)
        parsed.rows_read += one.rows_read
        parsed.rows_empty += one.rows_empty
        parsed.country_rows += one.country_rows
    if problems:
        raise KnowledgeBaseInvalid(problems)
    return parsed


def _duplicates(observations: list[Observation], display: str, first_seen: dict[tuple[str, str, int], str]) -> list[Problem]:
    """A value given twice (the same export imported twice, or two overlapping downloads) is ambiguous.

    It is reported once per file, not once per row, so that a repeated file gives one readable problem.
    """
    repeated = []
    for observation in observations:
        key = (observation.indicator, observation.code, observation.year)
        if key in first_seen:
            repeated.append((key, first_seen[key]))
        else:
            first_seen[key] = display
    if not repeated:
        return []
    (indicator, code, year), where = repeated[0]
    more = f" and {len(repeated) - 1} more" if len(repeated) > 1 else ""
    return [
        Problem(
            display,
            None,
            "",
            f"{indicator} of {code} in {year}{more} already given in {where} (allowed: each indicator, city and year in one file only)",
        )
    ]


# -- deriving and summarising ---------------------------------------------------------------------------------


def derive(observations: Iterable[Observation]) -> tuple[list[Observation], list[str]]:
    """The derived indicators, per city and year, only where both inputs exist for that same year.

    Also returns the values left out because they are impossible (above the rule's maximum), described for the
    person running the import: they would otherwise stretch the European distribution to absurd values.
    """
    by_key = {(o.indicator, o.code, o.year): o for o in observations}
    derived, impossible = [], []
    for rule in DERIVED.values():
        top_slug, bottom_slug = INDICATORS[rule.numerator].slug, INDICATORS[rule.denominator].slug
        for (slug, code, year), top in by_key.items():
            bottom = by_key.get((bottom_slug, code, year))
            if slug != top_slug or bottom is None or bottom.value == 0:
                continue
            value = top.value / bottom.value * rule.factor
            if rule.maximum is not None and value > rule.maximum:
                impossible.append(f"{rule.slug} {code} ({top.place}) {year}: {format_number(value)} {rule.unit}")
                continue
            flag = "".join(sorted(set(top.flag) | set(bottom.flag)))  # Eurostat writes combined flags sorted: `bde`
            derived.append(Observation(rule.slug, rule.unit, code, top.place, year, value, flag, rule.source()))
    return derived, impossible


def deciles(values: Sequence[float]) -> list[float]:
    """min, p10 … p90, max, interpolated linearly between the sorted values (numpy's default method)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered * len(STATISTICS)
    return [ordered[0], *statistics.quantiles(ordered, n=10, method="inclusive"), ordered[-1]]


def distributions(observations: Iterable[Observation]) -> list[DistributionRow]:
    """One row per indicator and year, over every city that has a value: summary statistics only."""
    groups: dict[tuple[str, int], list[Observation]] = defaultdict(list)
    for observation in observations:
        groups[(observation.indicator, observation.year)].append(observation)
    rows = []
    for (slug, year), group in sorted(groups.items()):
        stats = [round(value, DECIMALS) for value in deciles([o.value for o in group])]
        first = group[0]
        fields = dict(zip(STATISTICS, stats, strict=True))
        rows.append(DistributionRow(indicator=slug, year=year, unit=first.unit, cities=len(group), source=first.source, **fields))
    return rows


def network_values(observations: Iterable[Observation], kb: KnowledgeBase) -> list[IndicatorValue]:
    """The values of the network's cities, by knowledge-base city id, sorted (city, indicator, year).

    Two cities may share one Urban Audit code (a municipality inside a greater city): both get its values.
    """
    ids_by_code: dict[str, list[str]] = defaultdict(list)
    for city in kb.network.cities:
        if city.eurostat_code:
            ids_by_code[city.eurostat_code].append(city.id)
    rows = [
        IndicatorValue(
            city=city_id,
            indicator=o.indicator,
            year=o.year,
            value=round(o.value, DECIMALS),
            unit=o.unit,
            flag=o.flag or None,
            source=o.source,
        )
        for o in observations
        for city_id in ids_by_code.get(o.code, [])
    ]
    return sorted(rows, key=lambda row: (row.city, row.indicator, row.year))


# -- writing -------------------------------------------------------------------------------------------------


def format_number(value: float) -> str:
    """89467.0 → '89467', 21.2999 → '21.3': no needless decimals, at most two."""
    text = f"{round(value, DECIMALS):.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


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


def write_atomically(contents: dict[Path, str]) -> None:
    """Write every file to a temporary file beside it first, then move them into place.

    A failure while writing leaves the old files untouched; the temporary names start with a dot, which the
    loader ignores.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, text in contents.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
            os.chmod(name, _file_mode())  # mkstemp makes private files; the tables are ordinary repository files
            staged.append((Path(name), target))
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _target in staged:
            temporary.unlink(missing_ok=True)


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# -- the import ----------------------------------------------------------------------------------------------


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
    write_atomically({kb_root / VALUES_FILE: values_csv(values), kb_root / DISTRIBUTIONS_FILE: distributions_csv(spread)})
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
