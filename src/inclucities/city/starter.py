"""The files `inclucities new-city` writes for a city to fill in: its city file, the theme's self-assessment
questionnaire (as the toolkits publish it, plus one example row), an empty services table and how to fill them.

Every function but `write_new_city` is pure: it returns file contents, which `write_new_city` writes.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from inclucities import layout
from inclucities.city.folder import benchmark_of, themes_with_benchmarks
from inclucities.errors import Refused, UsageError
from inclucities.kb.atomic import write_files
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.framework import Benchmark
from inclucities.kb.schema.service import CATEGORIES
from inclucities.site.services.opendata import CSV_COLUMNS as SERVICE_COLUMNS
from inclucities.site.toolkits.spreadsheets import (
    EXAMPLE_ID,
    EXAMPLE_MARK,
    QUESTIONNAIRE_COLUMNS,
    QUESTIONNAIRE_SHEET,
    questionnaire_csv,
    questionnaire_rows,
    questionnaire_xlsx,
    scale_csv,
    to_csv,
)


def city_slug(name: str) -> str:
    """`Riverbend-on-Sea ` → `riverbend-on-sea`: a city id from a folder or city name."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "my-city"


def questionnaire_example(benchmark: Benchmark) -> dict[str, str]:
    """The example row at the top of the questionnaire; `analyse` ignores it (its key_factor is the example id)."""
    kf = benchmark.key_factors[0]
    return {
        "key_factor": EXAMPLE_ID,
        "key_factor_title": f"{EXAMPLE_MARK}how a filled-in row looks",
        "guiding_questions": f"Answer the guiding questions of “{kf.title}”, then give a score.",
        "score": "2",
        "evidence": "The documents, figures or examples the score rests on, e.g. the 2024 report of the welcome desk.",
    }


def city_yml(name: str, slug: str, theme: str) -> str:
    name = json.dumps(name, ensure_ascii=False)
    return f"""# The city whose data `inclucities analyse` compares with the network. Fill in the empty fields.
# Example (illustrative, not a real city):
#   id: riverbend
#   name: Riverbend
#   country: PT
#   population: 48200
#   eurostat_code: PT008C
id: {slug}
#   a short id: lowercase letters, digits and hyphens
name: {name}
#   the city's name as it should appear in the report
country:
#   ISO 3166 alpha-2 code in capitals: BE, FR, LV, PT, …
population:
#   inhabitants, a whole number (24000 or 24 000)
role: learner
#   learner (looks for a mentor) or mentor
theme: {theme}
#   the theme of the self-assessment questionnaire (see {layout.HOW_TO_FILE})

# Optional: remove the # in front of a line to use it.
# eurostat_code: BE012C
#   the Eurostat Urban Audit code, for statistics that place the city among Europe's cities
# association: National association of municipalities
#   the national association of local governments that accompanies the city
# languages: [pt]
#   ISO 639-1 codes of the languages the administration works in
# assessment_date: 2025-03
#   when the self-assessment was made (YYYY-MM); the action-plan draft starts the year after
"""


def services_csv() -> bytes:
    example = {column: "" for column in SERVICE_COLUMNS}
    example.update(
        {
            "category": "reception",
            "name": f"{EXAMPLE_MARK}Welcome desk",
            "description": "First information for newcomers: registration, language courses, where to get help.",
            "address": "Town hall, Main square 1",
            "contact": "welcome@example.org",
            "url": "https://example.org/welcome",
            "languages": "en; fr",
            "cost": "free",
            "opening_hours": "Mon–Fri 9:00–12:00",
            "illustrative": "true",
        }
    )
    return to_csv(SERVICE_COLUMNS, [example])


def questionnaire_file(kb: KnowledgeBase, benchmark: Benchmark, fmt: str) -> bytes:
    """The toolkit's questionnaire with the example row first: CSV, or XLSX with its Scale and About sheets."""
    if fmt == "csv":
        text = questionnaire_csv(benchmark).decode("utf-8")
        header, _, rest = text.partition("\n")
        example = to_csv(QUESTIONNAIRE_COLUMNS, [questionnaire_example(benchmark)]).decode("utf-8").partition("\n")[2]
        return (header + "\n" + example + rest).encode("utf-8")
    return _xlsx_with_example(questionnaire_xlsx(benchmark, kb.framework.scale, kb.network.network.name), benchmark)


def _xlsx_with_example(data: bytes, benchmark: Benchmark) -> bytes:
    from openpyxl import load_workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.cell_range import MultiCellRange

    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook[QUESTIONNAIRE_SHEET]
    sheet.insert_rows(2)
    example = questionnaire_example(benchmark)
    for index, column in enumerate(QUESTIONNAIRE_COLUMNS, start=1):
        value = example[column]
        cell = sheet.cell(row=2, column=index, value=int(value) if column == "score" else value)
        cell.font = Font(italic=True, color="FF6B6B6B")
    last = len(questionnaire_rows(benchmark)) + 2
    score_column = "ABCDEFGHIJ"[QUESTIONNAIRE_COLUMNS.index("score")]
    for validation in sheet.data_validations.dataValidation:
        validation.sqref = MultiCellRange(f"{score_column}2:{score_column}{last}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def how_to_fill(kb: KnowledgeBase, theme: str, benchmark: Benchmark, fmt: str, folder_name: str) -> str:
    scale = "\n".join(f"| {level.score} | {level.label} | {level.description} |" for level in kb.framework.scale)
    key_factors = "\n".join(f"| `{kf.id}` | {kf.title} |" for kf in benchmark.key_factors)
    sheet = f" (sheet *{QUESTIONNAIRE_SHEET}*; the sheets *Scale* and *About* explain the scores)" if fmt == "xlsx" else ""
    scale_file = f" `{layout.SCALE_FILE}` lists the same scale." if fmt == "csv" else ""
    return f"""# How to fill in this folder

This folder holds your city's data for `inclucities analyse`. Fill in the files below, then run, from the
knowledge base folder:

```sh
inclucities analyse {folder_name}
```

The report goes to `{folder_name}/report/` (or `--out DIR`). Your files are only read, never changed. When a
file is not right, every problem is listed as `file:line: column …: what is wrong (what is allowed)` and
nothing is written.

Theme: **{kb.themes[theme].title}** (`{theme}`). Benchmark: {benchmark.statement}

## `{layout.CITY_FILE}`: your city

| field | required | what to write |
|---|---|---|
| `id` | yes | a short id: lowercase letters, digits and hyphens (`riverbend`) |
| `name` | yes | the city's name |
| `country` | yes | ISO 3166 alpha-2 code in capitals (`BE`, `FR`, `PT`, …) |
| `population` | yes | inhabitants, a whole number |
| `eurostat_code` | no | the Eurostat Urban Audit code (`BE012C`): the report then shows your statistics among Europe's cities |
| `role` | no | `learner` (default) or `mentor` |
| `theme` | no | the theme of your self-assessment (default: the theme of the key factors you scored) |
| `association`, `languages`, `assessment_date` | no | see the comments in the file |

## `{layout.ASSESSMENT_STEM}.{fmt}`: the self-assessment questionnaire{sheet}

The questionnaire of the toolkit, one row per key factor. Answer the guiding questions with the people who
work on the topic, then fill in two columns:

| column | what it holds |
|---|---|
| `key_factor` | the key factor's id: leave it as it is |
| `key_factor_title` | its title (for you to read; optional) |
| `guiding_questions` | the questions to discuss, separated by ` \\| ` (optional) |
| `score` | **to fill**: a whole number from 0 to 4 (see the scale below); leave it empty for a key factor you did not assess |
| `evidence` | **to fill**: what the score rests on (optional, but it makes the score credible) |

The first row, whose `key_factor` is `{EXAMPLE_ID}`, is an **example**: `analyse` ignores it; you may delete
it. Any row with a cell starting with `EXAMPLE` is ignored, in every file.{scale_file}

| score | level | meaning |
|---|---|---|
{scale}

The key factors of this benchmark:

| key_factor | title |
|---|---|
{key_factors}

Spreadsheets are welcome: a CSV saved with `;` or tabs, decimal commas (`3,0`), blank lines and spaces around
values are all read. A score must be a whole number from 0 to 4 and every `key_factor` one of the ids above.

## `{layout.CITY_SERVICES_FILE}`: your one-stop-shop directory (optional)

One service per row; its first row is an example (ignored). Columns: `category` (one of
{", ".join(f"`{c}`" for c in CATEGORIES)}), `name` and `description` (required), `address`, `contact`
(e-mail addresses or phone numbers separated by `;`), `url` (`https://…`), `languages` (ISO 639-1 codes
separated by `;`), `cost`, `opening_hours`, `illustrative` (`true` for invented entries). Delete the file if
you have no directory yet.

## `{layout.EUROSTAT_FOLDER}/`: your statistics (optional)

Put Eurostat Urban Audit exports (SDMX-CSV, as downloaded from Eurostat: `urb_cpop1`, `urb_cpopcb`, `urb_clma`,
`urb_ceduc`) in a folder `{layout.EUROSTAT_FOLDER}/` here, and set `eurostat_code` in `{layout.CITY_FILE}`. Without it, the
report uses the knowledge base's statistics for your `eurostat_code`, if it has them.
"""


def new_city_files(kb: KnowledgeBase, folder_name: str, theme: str, fmt: str, name: str | None = None) -> dict[str, bytes]:
    """Relative path → content of every file of a new city folder."""
    benchmark = benchmark_of(kb, theme)
    city_name = name or folder_name.replace("-", " ").replace("_", " ").strip().title() or "My city"
    files = {
        layout.CITY_FILE: city_yml(city_name, city_slug(name or folder_name), theme).encode("utf-8"),
        f"{layout.ASSESSMENT_STEM}.{fmt}": questionnaire_file(kb, benchmark, fmt),
        layout.CITY_SERVICES_FILE: services_csv(),
        layout.HOW_TO_FILE: how_to_fill(kb, theme, benchmark, fmt, folder_name).encode("utf-8"),
    }
    if fmt == "csv":
        files[layout.SCALE_FILE] = scale_csv(kb.framework.scale)
    return files


def write_new_city(kb: KnowledgeBase, directory: Path, theme: str | None, fmt: str, name: str | None = None) -> list[str]:
    """`inclucities new-city`: write the files into `directory` (new or empty), all of them or none."""
    themes = themes_with_benchmarks(kb)
    if theme is None and len(themes) == 1:
        theme = themes[0]
    if theme not in themes:
        given = "missing" if theme is None else f"{theme!r} is not a theme of {kb.root}"
        raise UsageError("--theme", f"{given} (allowed: {', '.join(themes)})")
    if directory.exists() and any(directory.iterdir()):
        raise Refused(str(directory), "folder exists and is not empty; nothing was written (allowed: a new or empty folder)")
    files = new_city_files(kb, directory.resolve().name, theme, fmt, name)
    write_files({directory / file_name: content for file_name, content in files.items()})
    return list(files)
