"""The two templates of an integrated toolkit, built from the framework: the self-assessment questionnaire
and the action-plan template, as tables and as CSV and XLSX files.

The column names are constants because other features read the files back once a city has filled them in.
Files are deterministic: the same framework gives byte-identical CSV, XLSX and zip files, so rebuilding the
guide changes no download and rewrites no page.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from inclucities.kb.schema.action_plan import ACTION_STATUSES, FIRST_STATUS
from inclucities.kb.schema.framework import SCORES, Benchmark, ScaleLevel

Row = dict[str, str]

QUESTIONNAIRE_COLUMNS = ("key_factor", "key_factor_title", "guiding_questions", "score", "evidence")
SCALE_COLUMNS = ("score", "label", "description")
# The action columns of data/action_plans/<city>.yml (docs/data-contract.md), in the same order.
ACTION_PLAN_COLUMNS = (
    "id", "title", "key_factor", "inspired_by", "lead", "partners", "start", "end", "budget", "indicator", "target", "status",
)  # fmt: skip
KEY_FACTOR_COLUMNS = ("key_factor", "title")

QUESTION_SEPARATOR = " | "  # guiding questions share one cell; a pipe never ends a question, a semicolon might
LIST_SEPARATOR = "; "  # partners in one cell, as the importers of the kit split them
EXAMPLE_ID = "example-delete-me"
EXAMPLE_MARK = "EXAMPLE, delete this row: "

# Sheet names are part of the layout too: a filled-in workbook is read back by them.
QUESTIONNAIRE_SHEET, SCALE_SHEET, ABOUT_SHEET = "Questionnaire", "Scale", "About"
ACTION_PLAN_SHEET, KEY_FACTORS_SHEET = "Action plan", "Key factors"
ACTION_PLAN_ROWS = 200  # rows of the action-plan sheet that carry the drop-down lists

# A fixed date for workbook properties and zip entries (the earliest a zip file can store): rebuilds are identical.
FIXED_TIME = dt.datetime(1980, 1, 1)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", start_color="FFDDE7F0")
_EXAMPLE_FONT = Font(italic=True, color="FF6B6B6B")


# --- tables ---------------------------------------------------------------------------------------------------


def questionnaire_rows(benchmark: Benchmark) -> list[Row]:
    """One row per key factor of the benchmark, `score` and `evidence` left for the city to fill in."""
    return [
        {
            "key_factor": kf.id,
            "key_factor_title": kf.title,
            "guiding_questions": QUESTION_SEPARATOR.join(kf.guiding_questions),
            "score": "",
            "evidence": "",
        }
        for kf in benchmark.key_factors
    ]


def scale_rows(scale: Sequence[ScaleLevel]) -> list[Row]:
    return [{"score": str(level.score), "label": level.label, "description": level.description} for level in scale]


def key_factor_rows(benchmark: Benchmark) -> list[Row]:
    return [{"key_factor": kf.id, "title": kf.title} for kf in benchmark.key_factors]


def action_plan_example(benchmark: Benchmark, inspired_by: str | None = None, key_factor: str | None = None) -> Row:
    """One filled-in action, marked as an example in its id and title so nobody keeps it by mistake."""
    kf = next((kf for kf in benchmark.key_factors if kf.id == key_factor), benchmark.key_factors[0])
    return {
        "id": EXAMPLE_ID,
        "title": f"{EXAMPLE_MARK}a first action on “{kf.title}”",
        "key_factor": kf.id,
        "inspired_by": inspired_by or "",
        "lead": "The department that leads the action",
        "partners": LIST_SEPARATOR.join(["A migrant association", "A local NGO"]),
        "start": "2025-01",
        "end": "2025-12",
        "budget": "5000",
        "indicator": "What you will count to follow the action",
        "target": "The value you aim for by the end",
        "status": FIRST_STATUS,
    }


# --- CSV ------------------------------------------------------------------------------------------------------


def to_csv(columns: Sequence[str], rows: Sequence[Mapping[str, str]]) -> bytes:
    """UTF-8 CSV with a header row; every row has exactly `columns`."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def questionnaire_csv(benchmark: Benchmark) -> bytes:
    return to_csv(QUESTIONNAIRE_COLUMNS, questionnaire_rows(benchmark))


def scale_csv(scale: Sequence[ScaleLevel]) -> bytes:
    return to_csv(SCALE_COLUMNS, scale_rows(scale))


def action_plan_csv(benchmark: Benchmark, inspired_by: str | None = None, key_factor: str | None = None) -> bytes:
    return to_csv(ACTION_PLAN_COLUMNS, [action_plan_example(benchmark, inspired_by, key_factor)])


# --- XLSX -----------------------------------------------------------------------------------------------------


def questionnaire_xlsx(benchmark: Benchmark, scale: Sequence[ScaleLevel], title: str) -> bytes:
    """Sheets "Questionnaire" (a 0–4 drop-down on `score`), "Scale" and "About"."""
    workbook = _workbook(title)
    sheet = _first_sheet(workbook)
    sheet.title = QUESTIONNAIRE_SHEET
    rows = questionnaire_rows(benchmark)
    _fill(
        sheet,
        QUESTIONNAIRE_COLUMNS,
        rows,
        widths={"key_factor": 28, "key_factor_title": 36, "guiding_questions": 80, "evidence": 60},
    )
    score_column = get_column_letter(QUESTIONNAIRE_COLUMNS.index("score") + 1)
    _list_validation(
        sheet,
        '"' + ",".join(str(score) for score in SCORES) + '"',
        f"{score_column}2:{score_column}{len(rows) + 1}",
        "Score", "Choose a score from 0 to 4; the sheet “Scale” says what each level means.",
    )  # fmt: skip
    _fill(workbook.create_sheet(SCALE_SHEET), SCALE_COLUMNS, scale_rows(scale), widths={"label": 16, "description": 90})
    _about(
        workbook.create_sheet(ABOUT_SHEET),
        [
            title,
            "Self-assessment questionnaire",
            f"Benchmark: {benchmark.statement}",
            "Give every key factor a score from 0 to 4 (sheet “Scale”) and note the evidence for it: documents, "
            "figures or examples that someone outside the city could check.",
            "Answer the guiding questions together with the people who work on the topic, inside and outside the "
            "administration, and repeat the assessment after each study visit to see progress.",
            "Do not rename the sheets or the columns: the file can then be read back as a self-assessment.",
        ],
    )
    return _save(workbook)


def action_plan_xlsx(benchmark: Benchmark, title: str, inspired_by: str | None = None, key_factor: str | None = None) -> bytes:
    """Sheets "Action plan" (drop-downs on `key_factor` and `status`), "Key factors" and "About"."""
    workbook = _workbook(title)
    sheet = _first_sheet(workbook)
    sheet.title = ACTION_PLAN_SHEET
    _fill(sheet, ACTION_PLAN_COLUMNS, [action_plan_example(benchmark, inspired_by, key_factor)], widths={"title": 48, "lead": 30})
    for cell in sheet[2]:
        cell.font = _EXAMPLE_FONT
    sheet.cell(row=2, column=1).comment = Comment("An example: replace or delete this row.", "inclucities")
    key_factors = key_factor_rows(benchmark)
    _fill(workbook.create_sheet(KEY_FACTORS_SHEET), KEY_FACTOR_COLUMNS, key_factors, widths={"key_factor": 30, "title": 50})
    kf_column = get_column_letter(ACTION_PLAN_COLUMNS.index("key_factor") + 1)
    status_column = get_column_letter(ACTION_PLAN_COLUMNS.index("status") + 1)
    # The key factors are referenced on their sheet: an inline list may not exceed 255 characters.
    _list_validation(
        sheet,
        f"'{KEY_FACTORS_SHEET}'!$A$2:$A${len(key_factors) + 1}",
        f"{kf_column}2:{kf_column}{ACTION_PLAN_ROWS + 1}",
        "Key factor", "Choose one of the benchmark's key factors (sheet “Key factors”).",
    )  # fmt: skip
    _list_validation(
        sheet,
        '"' + ",".join(ACTION_STATUSES) + '"',
        f"{status_column}2:{status_column}{ACTION_PLAN_ROWS + 1}",
        "Status", "One of: " + ", ".join(ACTION_STATUSES) + ".",
    )  # fmt: skip
    _about(
        workbook.create_sheet(ABOUT_SHEET),
        [
            title,
            "Action-plan template",
            f"Benchmark: {benchmark.statement}",
            "One row per action. Row 2 is an example: replace it or delete it.",
            "id: a short name in lowercase letters, digits and hyphens, which stays the same across the versions of the plan.",
            "key_factor: the key factor the action works on; inspired_by: the id of a good practice, if any.",
            "partners: separated by semicolons. start and end: YYYY, YYYY-MM or YYYY-MM-DD. budget: in euros.",
            "status: " + ", ".join(ACTION_STATUSES) + ".",
        ],
    )
    return _save(workbook)


def _workbook(title: str) -> Workbook:
    workbook = Workbook()
    workbook.properties.title = title
    workbook.properties.creator = "inclucities"
    workbook.properties.lastModifiedBy = "inclucities"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    return workbook


def _first_sheet(workbook: Workbook) -> Worksheet:
    """The sheet a new workbook starts with, always a worksheet (the stub allows a chart sheet or none)."""
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    return sheet


def _fill(sheet: Worksheet, columns: Sequence[str], rows: Sequence[Mapping[str, str]], widths: Mapping[str, int]) -> None:
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for row in rows:
        sheet.append([_cell_value(column, row[column]) for column in columns])
    _as_text(sheet)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(column, 14)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _cell_value(column: str, value: str) -> str | int | float:
    # Numbers are stored as numbers so that spreadsheets can sum budgets and sort scores.
    if column in ("score", "budget") and value:
        number = float(value)
        return int(number) if number.is_integer() else number
    return value


def _as_text(sheet: Worksheet) -> None:
    # openpyxl stores a string that starts with "=" as a formula: knowledge-base text must stay text.
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"


def _list_validation(sheet: Worksheet, formula: str, cells: str, title: str, prompt: str) -> None:
    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True, showInputMessage=True)
    validation.errorTitle, validation.error = title, prompt
    validation.promptTitle, validation.prompt = title, prompt
    validation.add(cells)
    sheet.add_data_validation(validation)


def _about(sheet: Worksheet, lines: Sequence[str]) -> None:
    for line in lines:
        sheet.append([line])
    _as_text(sheet)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 120
    for row in sheet.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def _save(workbook: Workbook) -> bytes:
    # Not workbook.save(): it stamps the "modified" property with the current time.
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return normalised_zip(buffer.getvalue())


# --- zip ------------------------------------------------------------------------------------------------------


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    """A zip of `files` (name → content) in the given order, every entry dated FIXED_TIME."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def normalised_zip(data: bytes) -> bytes:
    """The same archive with fixed entry dates (openpyxl stamps every entry with the current time)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return zip_bytes({info.filename: archive.read(info) for info in archive.infolist()})
