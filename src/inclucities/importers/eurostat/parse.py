"""Reading Eurostat Urban Audit exports (SDMX-CSV, linear) as Eurostat writes them: the indicators the importer
knows, and one observation per city, indicator and year, or every problem of every file at its line."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from inclucities import layout
from inclucities.errors import KnowledgeBaseInvalid, Problem
from inclucities.kb.files import read_text


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
        display = layout.relative(path, root)
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
