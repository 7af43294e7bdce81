"""Reading the tables a city fills in, as they come from a spreadsheet or a text editor.

Accepted: CSV separated by `,`, `;` or tabs, with or without a byte-order mark, in UTF-8 (or Windows-1252, as
some spreadsheets save "CSV"), with blank lines, spaces around values and header names in any case; and XLSX
workbooks, read by sheet name. Every row remembers where it came from, so that a problem can be reported as
`file:line: column score: …` (CSV) or `file:row: sheet Questionnaire, column score: …` (XLSX). Reading is bounded
by the limits of the data contract (`inclucities.kb.files`): a hostile file is refused, never read for minutes.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inclucities.errors import KnowledgeBaseInvalid, Problem
from inclucities.kb.files import (
    MAX_TABLE_BYTES,
    MAX_TABLE_COLUMNS,
    MAX_TABLE_ROWS,
    MAX_XLSX_UNPACKED_BYTES,
    control_character,
    csv_problem,
    read_bytes,
)

SEPARATORS = (",", ";", "\t")
SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


@dataclass(frozen=True)
class Table:
    """A table read from a file: its header and rows (column → stripped text), each with its line or row."""

    display: str
    columns: tuple[str, ...]
    rows: list[dict[str, str]]
    lines: list[int]
    sheet: str | None = None  # XLSX: the sheet read
    header_line: int = 1

    def problem(self, index: int | None, column: str | None, message: str) -> Problem:
        """A problem at row `index` (None: the header) and `column` (None: the whole row)."""
        line = self.header_line if index is None else self.lines[index]
        parts = [f"sheet {self.sheet}"] if self.sheet else []
        if column:
            parts.append(f"column {column}")
        return Problem(self.display, line, ", ".join(parts), message)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252; universal newlines."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff_separator(text: str) -> str:
    """The separator of the header line: the one of `,` `;` tab it contains most (a comma when none)."""
    header = next((line for line in text.split("\n") if line.strip()), "")
    counts = {separator: header.count(separator) for separator in SEPARATORS}
    best = max(SEPARATORS, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def parse_csv(text: str, display: str) -> Table:
    """A CSV text → a Table; a syntax error or a row longer than the header is a problem at its line."""
    separator = sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    columns: tuple[str, ...] | None = None
    header_line = 1
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    control = control_character(text, display)
    if control is not None:
        raise KnowledgeBaseInvalid([control])
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if columns is None:
                if len(record) > MAX_TABLE_COLUMNS:
                    raise KnowledgeBaseInvalid([_too_wide(display, reader.line_num, str(len(record)))])
                columns, header_line = tuple(normalise_header(cell) for cell in record), reader.line_num
                continue
            if len(record) > len(columns) and any(cell.strip() for cell in record[len(columns) :]):
                problems.append(
                    Problem(
                        display,
                        reader.line_num,
                        "",
                        f"{len(record)} values but the header has {len(columns)} columns "
                        f"(allowed: one value per column; the file is {SEPARATOR_NAMES[separator]}-separated, "
                        "so put a value that contains the separator between double quotes)",
                    )
                )
                continue
            rows.append({name: cell.strip() for name, cell in zip(columns, record, strict=False) if name})
            lines.append(reader.line_num)
    except csv.Error as error:
        problems.append(csv_problem(display, reader.line_num, error))
    if columns is None:
        problems.append(Problem(display, 1, "", "empty file (allowed: a header row, then one row per line)"))
    if problems:
        raise KnowledgeBaseInvalid(problems)
    assert columns is not None
    return Table(display, columns, rows, lines, header_line=header_line)


def read_table(path: Path, display: str, sheet: str) -> Table:
    """A `.csv` file, or the sheet `sheet` of an `.xlsx` workbook."""
    if path.suffix.lower() == ".xlsx":
        return read_xlsx(path, display, sheet)
    return parse_csv(decode(read_bytes(path, display, MAX_TABLE_BYTES, "a CSV file")), display)


def _too_wide(display: str, line: int, count: str, where: str = "") -> Problem:
    return Problem(display, line, where, f"{count} columns (allowed: at most {MAX_TABLE_COLUMNS})")


def _check_workbook(path: Path, display: str) -> None:
    """Refuse a workbook that would take long to read: too large, or a zip archive that unpacks to much more."""
    from zipfile import BadZipFile, ZipFile

    read_bytes(path, display, MAX_TABLE_BYTES, "a workbook")  # a regular file, not too large
    try:
        with ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (BadZipFile, OSError, ValueError):
        return  # openpyxl words it
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        # zipfile never unpacks more than an entry declares, so the declared sizes bound the work
        raise KnowledgeBaseInvalid(
            [
                Problem(
                    display,
                    None,
                    "",
                    f"the workbook unpacks to {unpacked / 1_000_000:.3g} MB (allowed: at most "
                    f"{MAX_XLSX_UNPACKED_BYTES / 1_000_000:.3g} MB; save only the sheets asked for)",
                )
            ]
        )


def read_xlsx(path: Path, display: str, sheet: str) -> Table:
    """The sheet `sheet` of a workbook; its first non-empty row is the header, row numbers as the spreadsheet shows."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    _check_workbook(path, display)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as error:
        raise KnowledgeBaseInvalid(
            [Problem(display, None, "", f"not a readable XLSX workbook ({error}); save it from your spreadsheet as .xlsx")]
        ) from None
    try:
        if sheet not in workbook.sheetnames:
            found = ", ".join(repr(name) for name in workbook.sheetnames)
            raise KnowledgeBaseInvalid(
                [Problem(display, None, f"sheet {sheet}", f"no such sheet (found: {found}; allowed: a sheet named {sheet!r})")]
            )
        columns: tuple[str, ...] | None = None
        header_line = 1
        rows: list[dict[str, str]] = []
        lines: list[int] = []
        # A sheet's size is its own claim (one cell at XFD1048576 claims 17 billion): read one row and one column
        # past the limits, so that going over them is seen without reading everything claimed.
        worksheet = workbook[sheet]
        width = MAX_TABLE_COLUMNS + 1 if worksheet.max_column is None else min(worksheet.max_column, MAX_TABLE_COLUMNS + 1)
        where = f"sheet {sheet}"
        for number, values in enumerate(
            worksheet.iter_rows(max_row=MAX_TABLE_ROWS + 1, max_col=width, values_only=True), start=1
        ):
            if all(value is None for value in values):
                continue
            cells = [cell_text(value) for value in values]
            if not any(cells):
                continue
            if len(cells) > MAX_TABLE_COLUMNS and cells[MAX_TABLE_COLUMNS]:
                raise KnowledgeBaseInvalid([_too_wide(display, number, f"more than {MAX_TABLE_COLUMNS}", where)])
            if number > MAX_TABLE_ROWS:
                raise KnowledgeBaseInvalid(
                    [Problem(display, number, where, f"more than {MAX_TABLE_ROWS} rows (allowed: at most {MAX_TABLE_ROWS})")]
                )
            cells = cells[:MAX_TABLE_COLUMNS]
            if columns is None:
                columns, header_line = tuple(normalise_header(cell) for cell in cells), number
                continue
            rows.append({name: cell for name, cell in zip(columns, cells, strict=False) if name})
            lines.append(number)
    finally:
        workbook.close()
    if columns is None:
        raise KnowledgeBaseInvalid(
            [Problem(display, 1, f"sheet {sheet}", "empty sheet (allowed: a header row, then one row per line)")]
        )
    return Table(display, columns, rows, lines, sheet=sheet, header_line=header_line)


def normalise_header(name: str) -> str:
    """`' Score '` → `score`, `Key factor` → `key_factor`: header names as people type them."""
    return re.sub(r"[\s-]+", "_", name.strip().removeprefix("\ufeff").strip().lower())


def cell_text(value: Any) -> str:
    """A spreadsheet cell as text: 3.0 → '3', None → ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def is_example(row: dict[str, str], marks: tuple[str, ...]) -> bool:
    """A row marked as an example: one of its cells equals or starts with one of `marks`."""
    return any(cell.startswith(mark) for cell in row.values() for mark in marks)
