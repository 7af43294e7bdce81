"""Reading knowledge-base files: UTF-8 text, YAML with line numbers, Markdown front matter, CSV.

Every reader returns a `Document` (the parsed data plus a way to find the line of any field) or raises
`KnowledgeBaseInvalid` with a precise problem.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from inclucities import layout
from inclucities.errors import KnowledgeBaseInvalid, Problem

Loc = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed file: its data as plain Python, and (read when first needed) the ruamel tree with line numbers."""

    path: Path
    display: str
    data: Any
    tree: Any = None
    line_offset: int = 0
    body: str = ""
    body_line: int = 1
    rows: list[int] = field(default_factory=list)  # CSV: the file line of each data row
    columns: tuple[str, ...] = ()  # CSV: the header's column names, as read
    source: str = ""  # the YAML text, parsed again with ruamel only to locate a problem

    def line(self, loc: Loc) -> int | None:
        """The 1-based line of the field at `loc`, or of the closest enclosing field that exists."""
        if self.rows and loc and isinstance(loc[0], int):
            return self.rows[loc[0]] if loc[0] < len(self.rows) else None
        if self.tree is None and self.source:
            self.tree = _yaml().load(self.source)
        node = self.tree
        line = _node_line(node)
        for key in loc:
            if isinstance(node, CommentedMap) and key in node:
                line = node.lc.key(key)[0] + 1
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
                line = node.lc.item(key)[0] + 1
                node = node[key]
            else:
                break
        return None if line is None else line + self.line_offset

    def problem(self, loc: Loc, message: str, where: str | None = None) -> Problem:
        return Problem(self.display, self.line(loc), where if where is not None else format_loc(loc), message)


def format_loc(loc: Loc) -> str:
    """`('cities', 2, 'role')` → `cities[2].role`."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _node_line(node: Any) -> int | None:
    lc = getattr(node, "lc", None)
    return None if lc is None or lc.line is None else lc.line + 1


def read_text(path: Path, root: Path) -> str:
    """The file's text; a file that is not UTF-8 is a problem with the line of the first bad byte."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise KnowledgeBaseInvalid(
            [Problem(layout.relative(path, root), line, "", f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8")]
        ) from None
    return text.removeprefix("\ufeff")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def parse_yaml(text: str, display: str, line_offset: int = 0) -> Any:
    """The data of a YAML text (read fast by libyaml); a syntax error is a problem at its line."""
    import yaml

    from inclucities.kb import fastyaml

    try:
        return fastyaml.load(text)
    except yaml.MarkedYAMLError:
        pass  # ruamel words the problem and its place precisely
    try:
        return to_plain(_yaml().load(text))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = None if mark is None else mark.line + 1 + line_offset
        what = " ".join(part for part in (error.context, error.problem) if part)
        raise KnowledgeBaseInvalid([Problem(display, line, "", f"YAML syntax error: {what}")]) from None
    except YAMLError as error:
        raise KnowledgeBaseInvalid([Problem(display, None, "", f"YAML syntax error: {error}")]) from None


def read_yaml(path: Path, root: Path) -> Document:
    display = layout.relative(path, root)
    text = read_text(path, root)
    return Document(path, display, to_plain(parse_yaml(text, display)), source=text)


def read_front_matter(path: Path, root: Path) -> Document:
    """A Markdown file with YAML front matter between `---` lines, then a body."""
    display = layout.relative(path, root)
    text = read_text(path, root)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise KnowledgeBaseInvalid([Problem(display, 1, "", "front matter missing (the file must start with a '---' line)")])
    closing = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if closing is None:
        raise KnowledgeBaseInvalid([Problem(display, 1, "", "front matter not closed (add a '---' line after it)")])
    front = "".join(lines[1:closing])
    return Document(
        path,
        display,
        to_plain(parse_yaml(front, display, line_offset=1)),
        line_offset=1,
        body="".join(lines[closing + 1 :]),
        body_line=closing + 2,
        source=front,
    )


def to_plain(node: Any) -> Any:
    """ruamel's commented containers and scalar subclasses → dict, list, str, int, float, bool, date."""
    if isinstance(node, dict):
        return {str(key): to_plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [to_plain(value) for value in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, dt.datetime):
        return node.date()
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    for kind in (int, float, str):
        if isinstance(node, kind):
            return kind(node)
    return node


def read_csv(path: Path, root: Path) -> Document:
    """A comma-separated file with a header row → one dict per non-blank row, remembering each row's line."""
    import csv
    import io

    display = layout.relative(path, root)
    text = read_text(path, root)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise KnowledgeBaseInvalid([Problem(display, 1, "", "empty file (a header row is required)")]) from None
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(header):
                raise KnowledgeBaseInvalid(
                    [
                        Problem(
                            display,
                            reader.line_num,
                            "",
                            f"{len(record)} fields but the header has {len(header)} (quote values that contain commas)",
                        )
                    ]
                )
            rows.append({name: cell.strip() for name, cell in zip(header, record, strict=False) if name})
            lines.append(reader.line_num)
    except csv.Error as error:
        raise KnowledgeBaseInvalid([Problem(display, reader.line_num, "", f"CSV syntax error: {error}")]) from None
    return Document(path, display, rows, None, rows=lines, columns=tuple(header))


def csv_where(loc: Loc) -> str:
    """`(3, 'url')` → `column url`: the row is already given by the line number."""
    columns = [str(part) for part in loc[1:]]
    return f"column {columns[0]}" if columns else ""
