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

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from inclucities import layout
from inclucities.city.tables import Table, is_example, read_table
from inclucities.errors import KnowledgeBaseInvalid, Problem
from inclucities.kb.city import CityFile, CityFolder, Score
from inclucities.kb.files import read_yaml
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.references import grouped, key_factors_by_theme, with_hint
from inclucities.kb.schema.common import parse_number, show
from inclucities.kb.schema.framework import Benchmark
from inclucities.kb.schema.indicator import IndicatorValue
from inclucities.kb.schema.messages import translate
from inclucities.kb.schema.service import Service, clean_row
from inclucities.site.toolkits.spreadsheets import EXAMPLE_ID, EXAMPLE_MARK, QUESTIONNAIRE_COLUMNS, QUESTIONNAIRE_SHEET

SERVICES_SHEET = "Services"
EXAMPLE_MARKS = (EXAMPLE_ID, EXAMPLE_MARK, "EXAMPLE")  # a row with a cell starting so is an example, ignored
REQUIRED_QUESTIONNAIRE_COLUMNS = ("key_factor", "score")


def display(path: Path) -> str:
    """How a city's file is named in messages: relative to the current folder when inside it."""
    return layout.relative(path, Path.cwd())


def assessment_path(root: Path) -> Path | None:
    found = [root / f"{layout.ASSESSMENT_STEM}.{ext}" for ext in layout.ASSESSMENT_FORMATS if (root / f"{layout.ASSESSMENT_STEM}.{ext}").is_file()]
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
    city, raw = _read_city(root / layout.CITY_FILE, problems)
    written = raw.get("theme") if isinstance(raw.get("theme"), str) else None  # known even when city.yml has problems
    explicit = theme or (city.theme if city else written)
    benchmark = None
    if explicit is not None:
        if explicit in themes_with_benchmarks(kb):
            benchmark = benchmark_of(kb, explicit)
        else:
            allowed = ", ".join(themes_with_benchmarks(kb))
            where = "--theme" if theme else "theme"
            path = display(root / layout.CITY_FILE)
            problems.append(Problem(path, None, where, f"{explicit!r} is not a theme of the framework (allowed: {allowed})"))
    table = _read_questionnaire(root, problems)
    chosen = explicit
    if chosen is None and table is not None:
        # every score must then belong to the theme most of them belong to
        chosen = infer_theme(kb, (row.get("key_factor", "") for row in table.rows if not is_example(row, EXAMPLE_MARKS)))
        if chosen is not None and chosen in themes_with_benchmarks(kb):
            benchmark = benchmark_of(kb, chosen)
    scores = assessment_scores(table, kb, benchmark, problems) if table is not None else []
    services = _read_services(root / layout.CITY_SERVICES_FILE, problems) if (root / layout.CITY_SERVICES_FILE).is_file() else []
    indicators, distributions, left_out = _read_eurostat(root, city, problems)
    if problems:
        raise KnowledgeBaseInvalid(problems)
    assert city is not None and benchmark is not None and chosen is not None
    files = [path for path in sorted(root.rglob("*")) if path.is_file() and _is_input(root, path)]
    return CityFolder(root, city, chosen, benchmark, scores, services, indicators, distributions, files, left_out)


def _is_input(root: Path, path: Path) -> bool:
    relative_path = path.relative_to(root)
    return relative_path.parts[0] == layout.EUROSTAT_FOLDER or path.name in (layout.CITY_FILE, layout.CITY_SERVICES_FILE) or path.stem == layout.ASSESSMENT_STEM


def infer_theme(kb: KnowledgeBase, key_factor_ids: Iterable[str]) -> str | None:
    """The theme most of the known key factors belong to (the first in the framework on a tie)."""
    key_factors = kb.key_factors
    counts: dict[str, int] = {}
    for key_factor in key_factor_ids:
        if key_factor not in key_factors:
            continue
        theme = key_factors[key_factor][0].theme
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
                message = f"{show(value)} is not a number of inhabitants (allowed: a whole number, e.g. 24000)"
            problems.append(document.problem(loc, message))
        return None, data


# --- the self-assessment ------------------------------------------------------------------------------------------


def _read_questionnaire(root: Path, problems: list[Problem]) -> Table | None:
    candidates = [root / f"{layout.ASSESSMENT_STEM}.{ext}" for ext in layout.ASSESSMENT_FORMATS]
    present = [path for path in candidates if path.is_file()]
    if not present:
        names = " or ".join(path.name for path in candidates)
        problems.append(
            Problem(display(root / candidates[0].name), None, "", f"file missing (allowed: {names}, the filled-in questionnaire)")
        )
        return None
    if len(present) > 1:
        problems.append(
            Problem(
                display(present[1]), None, "", f"two questionnaires (allowed: one; remove {present[0].name} or {present[1].name})"
            )
        )
        return None
    path = present[0]
    try:
        return read_table(path, display(path), QUESTIONNAIRE_SHEET)
    except KnowledgeBaseInvalid as error:
        problems.extend(error.problems)
        return None


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
    # without a benchmark, every key factor of the framework may be scored: shown by theme, as `check` shows them
    allowed = ", ".join(allowed_ids) if benchmark else grouped(key_factors_by_theme(kb.framework))
    scale = ", ".join(f"{level.score} {level.label}" for level in kb.framework.scale)
    low, top = kb.framework.scale[0].score, kb.framework.top
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
                    index, "key_factor", f"{kf!r} is not a key factor of the framework {with_hint(kf, allowed_ids, allowed)}"
                )
            )
        elif benchmark is not None and kf not in allowed_ids:
            theme = key_factors[kf][0].theme
            problems.append(
                table.problem(
                    index,
                    "key_factor",
                    f"{kf!r} is a key factor of the theme {theme!r}, not of {benchmark.theme!r} "
                    + with_hint(kf, allowed_ids, allowed),
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
                table.problem(index, "score", f"{text!r} is not a score (allowed: a whole number from {low} to {top}: {scale})")
            )
            continue
        if not low <= number <= top:
            problems.append(
                table.problem(index, "score", f"{text!r} is out of range (allowed: a whole number from {low} to {top}: {scale})")
            )
            continue
        if kf in key_factors:
            scores.append(Score(kf, int(number), row.get("evidence", "")))
    if len(problems) == found and not scores:
        problems.append(
            table.problem(None, "score", f"no key factor has a score (allowed: a score from {low} to {top} on at least one row)")
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


def _read_eurostat(
    root: Path, city: CityFile | None, problems: list[Problem]
) -> tuple[list[IndicatorValue], list[Any], list[str]]:
    """The city's values, the European distributions, and the derived values left out as impossible."""
    from inclucities.importers.eurostat.derive import derive, distributions
    from inclucities.importers.eurostat.parse import read_exports

    files = sorted((root / layout.EUROSTAT_FOLDER).glob("*.csv")) if (root / layout.EUROSTAT_FOLDER).is_dir() else []
    if not files:
        return [], [], []
    try:
        parsed = read_exports(files, Path.cwd())
    except KnowledgeBaseInvalid as error:
        problems.extend(error.problems)
        return [], [], []
    if city is None:
        return [], [], []
    if not city.eurostat_code:
        problems.append(
            Problem(
                display(root / layout.CITY_FILE),
                None,
                "eurostat_code",
                f"required when {layout.EUROSTAT_FOLDER}/ holds Eurostat exports (allowed: the city's Urban Audit code, e.g. BE012C)",
            )
        )
        return [], [], []
    derived, _impossible_anywhere = derive(parsed.observations)
    observations = parsed.observations + derived
    mine = [o for o in observations if o.code == city.eurostat_code]
    if not mine:
        problems.append(
            Problem(
                display(root / layout.CITY_FILE),
                None,
                "eurostat_code",
                f"{city.eurostat_code!r} has no values in {layout.EUROSTAT_FOLDER}/*.csv (allowed: an Urban Audit code found in the exports)",
            )
        )
        return [], [], []
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
    _, mine_left_out = derive([o for o in parsed.observations if o.code == city.eurostat_code])
    return sorted(values, key=lambda v: (v.indicator, v.year)), distributions(observations), mine_left_out
