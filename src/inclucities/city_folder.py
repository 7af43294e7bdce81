"""A city's own folder, as `inclucities new-city` makes it and `inclucities analyse` reads it.

```
city.yml                          the city: id, name, country, population, optional Eurostat code
self-assessment.csv | .xlsx       the toolkit's self-assessment questionnaire, filled in (score 0–4, evidence)
services.csv                      optional: the city's one-stop-shop directory (columns of data/services/<city>.csv)
eurostat/*.csv                    optional: Eurostat Urban Audit exports (SDMX-CSV) with the city's statistics
```

Reading it never writes anything. Every problem of every file is collected and raised together, each one with
its file, line (or spreadsheet row), column, the value found and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationError

from inclucities.city_input import Table, is_example, parse_number, parse_whole_number, read_table
from inclucities.knowledge_base import KnowledgeBase
from inclucities.problems import KnowledgeBaseInvalid, Problem, relative
from inclucities.schema.common import Country, Languages, PartialDate, Record, Slug, Text
from inclucities.schema.framework import Benchmark
from inclucities.schema.indicator import IndicatorValue
from inclucities.schema.service import Service, clean_row
from inclucities.schema_errors import translate
from inclucities.sourcefile import read_yaml
from inclucities.toolkit_templates import EXAMPLE_ID, EXAMPLE_MARK, QUESTIONNAIRE_COLUMNS, QUESTIONNAIRE_SHEET

CITY_FILE = "city.yml"
ASSESSMENT_STEM = "self-assessment"
ASSESSMENT_FORMATS = ("csv", "xlsx")
SERVICES_FILE = "services.csv"
SERVICES_SHEET = "Services"
EUROSTAT_FOLDER = "eurostat"
EXAMPLE_MARKS = (EXAMPLE_ID, EXAMPLE_MARK, "EXAMPLE")  # a row with a cell starting so is an example, ignored
REQUIRED_QUESTIONNAIRE_COLUMNS = ("key_factor", "score")


def _population(value: Any) -> Any:
    """`24 000`, `24.000` or `"24000"` in a city file are a population too."""
    if isinstance(value, str):
        number = parse_whole_number(value)
        return value if number is None else number
    return value


class CityFile(Record):
    """`city.yml`: the city whose data is analysed, in the fields of a city of `data/network.yml`."""

    id: Slug
    name: Text
    country: Country
    population: Annotated[int, BeforeValidator(_population), Field(ge=0)]
    eurostat_code: str | None = Field(default=None, pattern=r"^[A-Z]{2}[0-9A-Z]{3,4}$")
    role: Literal["mentor", "learner"] = "learner"
    association: Text | None = None
    languages: Languages = []
    theme: Slug | None = None
    assessment_date: PartialDate | None = None


@dataclass(frozen=True)
class Score:
    key_factor: str
    score: int
    evidence: str


@dataclass
class CityFolder:
    root: Path
    city: CityFile
    theme: str
    benchmark: Benchmark
    scores: list[Score]
    services: list[Service] = field(default_factory=list)
    indicators: list[IndicatorValue] = field(default_factory=list)
    distributions: list[Any] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def display(path: Path) -> str:
    """How a city's file is named in messages: relative to the current folder when inside it."""
    return relative(path, Path.cwd())


def assessment_path(root: Path) -> Path | None:
    found = [root / f"{ASSESSMENT_STEM}.{ext}" for ext in ASSESSMENT_FORMATS if (root / f"{ASSESSMENT_STEM}.{ext}").is_file()]
    return found[0] if len(found) == 1 else None


def benchmark_of(kb: KnowledgeBase, theme: str) -> Benchmark:
    """The benchmark a theme's questionnaire assesses: its toolkit's, else the theme's first."""
    toolkit = next((t for t in kb.toolkits.values() if t.theme == theme), None)
    if toolkit is not None:
        return kb.benchmarks[toolkit.benchmark]
    return next(b for b in kb.framework.benchmarks if b.theme == theme)


def themes_with_benchmarks(kb: KnowledgeBase) -> list[str]:
    return [t.id for t in kb.framework.themes if any(b.theme == t.id for b in kb.framework.benchmarks)]


def read_city_folder(root: Path, kb: KnowledgeBase, theme: str | None = None) -> CityFolder:
    """The city's folder validated against the knowledge base's framework, or every problem at once."""
    problems: list[Problem] = []
    if not root.is_dir():
        raise KnowledgeBaseInvalid(
            [Problem(display(root), None, "", "no such folder (allowed: a folder made by inclucities new-city)")]
        )
    city, raw = _read_city(root / CITY_FILE, problems)
    written = raw.get("theme") if isinstance(raw.get("theme"), str) else None  # known even when city.yml has problems
    explicit = theme or (city.theme if city else written)
    benchmark = None
    if explicit is not None:
        if explicit in themes_with_benchmarks(kb):
            benchmark = benchmark_of(kb, explicit)
        else:
            allowed = ", ".join(themes_with_benchmarks(kb))
            where = "--theme" if theme else "theme"
            path = display(root / CITY_FILE)
            problems.append(Problem(path, None, where, f"{explicit!r} is not a theme of the framework (allowed: {allowed})"))
    scores = _read_assessment(root, kb, benchmark, problems)
    chosen = explicit or infer_theme(kb, scores)
    if chosen is not None and benchmark is None and chosen in themes_with_benchmarks(kb):
        benchmark = benchmark_of(kb, chosen)
    services = _read_services(root / SERVICES_FILE, problems) if (root / SERVICES_FILE).is_file() else []
    indicators, distributions = _read_eurostat(root, city, problems)
    if problems:
        raise KnowledgeBaseInvalid(problems)
    assert city is not None and benchmark is not None and chosen is not None
    files = [path for path in sorted(root.rglob("*")) if path.is_file() and _is_input(root, path)]
    return CityFolder(root, city, chosen, benchmark, scores, services, indicators, distributions, files)


def _is_input(root: Path, path: Path) -> bool:
    relative_path = path.relative_to(root)
    return relative_path.parts[0] == EUROSTAT_FOLDER or path.name in (CITY_FILE, SERVICES_FILE) or path.stem == ASSESSMENT_STEM


def infer_theme(kb: KnowledgeBase, scores: list[Score]) -> str | None:
    """The theme most of the scored key factors belong to (the first in the framework on a tie)."""
    key_factors = kb.key_factors
    counts: dict[str, int] = {}
    for score in scores:
        theme = key_factors[score.key_factor][0].theme
        counts[theme] = counts.get(theme, 0) + 1
    order = [t.id for t in kb.framework.themes]
    return max(sorted(counts, key=order.index), key=lambda t: counts[t]) if counts else None


# --- city.yml ---------------------------------------------------------------------------------------------------


def _read_city(path: Path, problems: list[Problem]) -> tuple[CityFile | None, dict[str, Any]]:
    """The validated city file (None when it has problems) and its raw fields."""
    if not path.is_file():
        problems.append(
            Problem(display(path), None, "", "file missing (allowed: the city file that inclucities new-city writes)")
        )
        return None, {}
    try:
        document = read_yaml(path, Path.cwd())
    except KnowledgeBaseInvalid as error:
        problems.extend(error.problems)
        return None, {}
    data = document.data
    if not isinstance(data, dict):
        problems.append(Problem(document.display, 1, "", "expected the fields of the city (id, name, country, population, …)"))
        return None, {}
    # `name:` with nothing after it is an empty value, not a missing field: report it at its own line
    required = [name for name, info in CityFile.model_fields.items() if info.is_required()]
    data = {key: ("" if value is None and key in required else value) for key, value in data.items()}
    data = {key: value for key, value in data.items() if value is not None}
    try:
        return CityFile.model_validate(data), data
    except ValidationError as error:
        for loc, message in translate(error, CityFile):
            value = data.get(str(loc[0])) if loc else None
            if loc and loc[0] == "population" and isinstance(value, str):
                message = f"{value!r} is not a number of inhabitants (allowed: a whole number, e.g. 24000)"
            problems.append(document.problem(loc, message))
        return None, data


# --- the self-assessment ------------------------------------------------------------------------------------------


def _read_assessment(root: Path, kb: KnowledgeBase, benchmark: Benchmark | None, problems: list[Problem]) -> list[Score]:
    candidates = [root / f"{ASSESSMENT_STEM}.{ext}" for ext in ASSESSMENT_FORMATS]
    present = [path for path in candidates if path.is_file()]
    if not present:
        names = " or ".join(path.name for path in candidates)
        problems.append(
            Problem(display(root / candidates[0].name), None, "", f"file missing (allowed: {names}, the filled-in questionnaire)")
        )
        return []
    if len(present) > 1:
        problems.append(
            Problem(
                display(present[1]), None, "", f"two questionnaires (allowed: one; remove {present[0].name} or {present[1].name})"
            )
        )
        return []
    path = present[0]
    try:
        table = read_table(path, display(path), QUESTIONNAIRE_SHEET)
    except KnowledgeBaseInvalid as error:
        problems.extend(error.problems)
        return []
    return assessment_scores(table, kb, benchmark, problems)


def assessment_scores(table: Table, kb: KnowledgeBase, benchmark: Benchmark | None, problems: list[Problem]) -> list[Score]:
    """The scores of a filled-in questionnaire; problems are appended to `problems`."""
    found = len(problems)
    for column in REQUIRED_QUESTIONNAIRE_COLUMNS:
        if column not in table.columns:
            problems.append(table.problem(None, column, f"column missing (allowed columns: {', '.join(QUESTIONNAIRE_COLUMNS)})"))
    for column in table.columns:
        if column and column not in QUESTIONNAIRE_COLUMNS:
            problems.append(table.problem(None, column, f"unknown column (allowed: {', '.join(QUESTIONNAIRE_COLUMNS)})"))
    if len(problems) > found:
        return []
    key_factors = kb.key_factors
    allowed_ids = [kf.id for kf in benchmark.key_factors] if benchmark else list(key_factors)
    scale = ", ".join(f"{level.score} {level.label}" for level in kb.framework.scale)
    scores: list[Score] = []
    first_line: dict[str, int] = {}
    for index, row in enumerate(table.rows):
        if is_example(row, EXAMPLE_MARKS):
            continue
        kf, text = row.get("key_factor", ""), row.get("score", "")
        if not kf and not text:
            continue
        if not kf:
            problems.append(table.problem(index, "key_factor", "missing: the key factor this score is for"))
            continue
        if kf not in key_factors:
            problems.append(
                table.problem(
                    index, "key_factor", f"{kf!r} is not a key factor of the framework (allowed: {', '.join(allowed_ids)})"
                )
            )
        elif kf in first_line:
            problems.append(
                table.problem(index, "key_factor", f"{kf!r} is scored twice (first on line {first_line[kf]}; allowed: once)")
            )
        first_line.setdefault(kf, table.lines[index])
        if not text:
            continue  # not assessed: a stage may assess any subset of the key factors
        number = parse_number(text)
        if number is None or not number.is_integer():
            problems.append(
                table.problem(index, "score", f"{text!r} is not a score (allowed: a whole number from 0 to 4: {scale})")
            )
            continue
        if not 0 <= number <= 4:
            problems.append(
                table.problem(index, "score", f"{text!r} is out of range (allowed: a whole number from 0 to 4: {scale})")
            )
            continue
        if kf in key_factors:
            scores.append(Score(kf, int(number), row.get("evidence", "")))
    if len(problems) == found and not scores:
        problems.append(
            table.problem(None, "score", "no key factor has a score (allowed: a score from 0 to 4 on at least one row)")
        )
    return scores if len(problems) == found else []


# --- services -----------------------------------------------------------------------------------------------------


def _read_services(path: Path, problems: list[Problem]) -> list[Service]:
    try:
        table = read_table(path, display(path), SERVICES_SHEET)
    except KnowledgeBaseInvalid as error:
        problems.extend(error.problems)
        return []
    allowed = [name for name in Service.model_fields if name != "sources"]
    unknown = [column for column in table.columns if column and column not in allowed]
    for column in unknown:
        problems.append(table.problem(None, column, f"unknown column (allowed: {', '.join(allowed)})"))
    if unknown:
        return []
    services = []
    for index, row in enumerate(table.rows):
        if is_example(row, EXAMPLE_MARKS):
            continue
        try:
            services.append(Service.model_validate(clean_row(row)))
        except ValidationError as error:
            for loc, message in translate(error, Service):
                problems.append(table.problem(index, str(loc[0]) if loc else None, message))
    return services


# --- Eurostat exports -----------------------------------------------------------------------------------------------


def _read_eurostat(root: Path, city: CityFile | None, problems: list[Problem]) -> tuple[list[IndicatorValue], list[Any]]:
    from inclucities.eurostat import derive, distributions, read_exports

    files = sorted((root / EUROSTAT_FOLDER).glob("*.csv")) if (root / EUROSTAT_FOLDER).is_dir() else []
    if not files:
        return [], []
    try:
        parsed = read_exports(files, Path.cwd())
    except KnowledgeBaseInvalid as error:
        problems.extend(error.problems)
        return [], []
    if city is None:
        return [], []
    if not city.eurostat_code:
        problems.append(
            Problem(
                display(root / CITY_FILE),
                None,
                "eurostat_code",
                f"required when {EUROSTAT_FOLDER}/ holds Eurostat exports (allowed: the city's Urban Audit code, e.g. BE012C)",
            )
        )
        return [], []
    derived, _impossible = derive(parsed.observations)
    observations = parsed.observations + derived
    mine = [o for o in observations if o.code == city.eurostat_code]
    if not mine:
        problems.append(
            Problem(
                display(root / CITY_FILE),
                None,
                "eurostat_code",
                f"{city.eurostat_code!r} has no values in {EUROSTAT_FOLDER}/*.csv (allowed: an Urban Audit code found in the exports)",
            )
        )
        return [], []
    values = [
        IndicatorValue(
            city=city.id,
            indicator=o.indicator,
            year=o.year,
            value=round(o.value, 2),
            unit=o.unit,
            flag=o.flag or None,
            source=o.source,
        )
        for o in mine
    ]
    return sorted(values, key=lambda v: (v.indicator, v.year)), distributions(observations)
