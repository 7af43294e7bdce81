"""Reading knowledge-base files: UTF-8 text, YAML with line numbers, Markdown front matter, CSV.

Every reader returns a `Document` (the parsed data plus a way to find the line of any field) or raises
`KnowledgeBaseInvalid` with a precise problem. Reading is bounded: no file, however hostile, makes it slow, makes
it use much memory or ends in a traceback (the limits below are part of the data contract, "Common rules").
"""

from __future__ import annotations

import datetime as dt
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.parser import RoundTripParser

from inclucities import layout
from inclucities.errors import KnowledgeBaseInvalid, Problem
from inclucities.kb import fastyaml
from inclucities.kb.fastyaml import YamlRefused

Loc = tuple[str | int, ...]

# --- the limits of the data contract (docs/data-contract.md, "Common rules") ------------------------------------
# Each is far above what a real file needs (the bundled knowledge base's largest YAML file is 14 kB, a network of
# 200 cities 44 kB) and low enough that a hostile file is refused at once instead of being read for minutes. The
# YAML limit also bounds the time ruamel.yaml (50 to 400 kB/s) takes to locate the problems of a file.
MAX_YAML_BYTES = 500_000  # a YAML file: data/*.yml, toolkits/*.yml, _config.yml, _toc.yml, a city's city.yml
MAX_MARKDOWN_BYTES = 500_000  # a practice file, front matter and body
MAX_TABLE_BYTES = 10_000_000  # a CSV file, or an XLSX workbook of a city's folder
MAX_TABLE_COLUMNS = 100  # columns of a CSV header or of a spreadsheet
MAX_TABLE_ROWS = 10_000  # rows of a spreadsheet (a CSV file's rows are bounded by its size)
MAX_XLSX_UNPACKED_BYTES = 100_000_000  # an XLSX workbook is a zip archive: its content, unpacked
MAX_YAML_DEPTH = 20  # mappings and lists nested in each other; the contract's deepest record needs 7
NO_ALIASES = "allowed: write the value out; knowledge-base files use no anchors or aliases"
TOO_DEEP = f"mappings and lists nested more than {MAX_YAML_DEPTH} levels deep (allowed: at most {MAX_YAML_DEPTH} levels)"
# C0 control characters other than tab and line ends, and DEL: no text editor writes them into text on purpose
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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
    # per mapping of the tree, its keys as `to_plain` wrote them (`null:` is 'null'): built once, looked up often
    plain_keys: dict[int, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)

    def line(self, loc: Loc) -> int | None:
        """The 1-based line of the field at `loc`, or of the closest enclosing field that exists."""
        if self.rows and loc and isinstance(loc[0], int):
            return self.rows[loc[0]] if loc[0] < len(self.rows) else None
        if self.tree is None and self.source:
            try:
                self.tree = _yaml().load(self.source)
            except (YAMLError, YamlRefused, ValueError, RecursionError):
                # the text was read once already, so this cannot happen; if it does, the problem keeps its file
                self.source = ""
        node = self.tree
        line = _node_line(node)
        for key in loc:
            if isinstance(node, CommentedMap) and (key := self._tree_key(node, key)) is not _ABSENT:
                line = node.lc.key(key)[0] + 1
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
                line = node.lc.item(key)[0] + 1
                node = node[key]
            else:
                break
        return None if line is None else line + self.line_offset

    def _tree_key(self, node: CommentedMap, key: str | int) -> Any:
        """The key of `node` that `to_plain` turned into `key`, or `_ABSENT`."""
        if key in node:
            return key
        if id(node) not in self.plain_keys:
            self.plain_keys[id(node)] = {plain_key(found): found for found in node}
        return self.plain_keys[id(node)].get(key, _ABSENT) if isinstance(key, str) else _ABSENT

    def problem(self, loc: Loc, message: str, where: str | None = None) -> Problem:
        return Problem(self.display, self.line(loc), where if where is not None else format_loc(loc), message)


def format_loc(loc: Loc) -> str:
    """`('cities', 2, 'role')` → `cities[2].role`."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_ABSENT = object()


def _node_line(node: Any) -> int | None:
    lc = getattr(node, "lc", None)
    return None if lc is None or lc.line is None else lc.line + 1


def _size(size: int) -> str:
    return f"{size / 1_000:.3g} kB" if size < 1_000_000 else f"{size / 1_000_000:.3g} MB"


def read_bytes(path: Path, display: str, limit: int | None = None, what: str = "a file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is a problem, read no further."""

    def refused(message: str) -> KnowledgeBaseInvalid:
        return KnowledgeBaseInvalid([Problem(display, None, "", message)])

    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # a folder cannot be read, and a named pipe or a device would be read forever
            raise refused("not a regular file (allowed: a text file; move it elsewhere or rename it)")
        if limit is not None and info.st_size > limit:
            raise refused(f"the file is {_size(info.st_size)}, too large (allowed: at most {_size(limit)} for {what})")
        with path.open("rb") as handle:
            raw = handle.read(-1 if limit is None else limit + 1)  # the file may have grown since stat
    except OSError as error:
        raise refused(f"cannot be read: {error.strerror or error} (allowed: a file the kit may read)") from None
    if limit is not None and len(raw) > limit:
        raise refused(f"the file is over {_size(limit)}, too large (allowed: at most {_size(limit)} for {what})")
    return raw


def control_character(text: str, display: str, line_offset: int = 0) -> Problem | None:
    """The first control character of `text` (other than tab and line ends) as a problem at its line."""
    found = CONTROL.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1 + line_offset
    return Problem(
        display,
        line,
        "",
        f"control character U+{ord(found[0]):04X} (allowed: text; tabs and line ends are the only control characters)",
    )


def read_text(path: Path, root: Path, limit: int | None = None, what: str = "a file") -> str:
    """The file's text; a file that is not UTF-8 is a problem with the line of the first bad byte."""
    display = layout.relative(path, root)
    raw = read_bytes(path, display, limit, what)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise KnowledgeBaseInvalid(
            [Problem(display, line, "", f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8")]
        ) from None
    text = text.removeprefix("\ufeff")
    problem = control_character(text, display)
    if problem is not None:
        raise KnowledgeBaseInvalid([problem])
    return text


# --- YAML ---------------------------------------------------------------------------------------------------------


_OPENING = frozenset({"MappingStartEvent", "SequenceStartEvent"})
_CLOSING = frozenset({"MappingEndEvent", "SequenceEndEvent"})


class YamlGuard:
    """Sees the events of a YAML text one by one, before anything is built from them, and refuses:

    - anchors and aliases: ten lines of aliases expand into billions of values (the "billion laughs");
    - tags: `!!python/...`, `!!binary`, `!!set` build what no field takes, `!!int abc` cannot be built at all;
    - nesting deeper than `MAX_YAML_DEPTH`: every reader after the parser works recursively.

    It works on PyYAML's events and on ruamel.yaml's alike (their classes and fields have the same names).
    """

    def __init__(self) -> None:
        self.depth = 0

    def see(self, event: Any) -> None:
        kind = type(event).__name__
        if kind in _CLOSING:
            self.depth -= 1
            return
        if kind == "AliasEvent":
            raise YamlRefused(event.start_mark.line + 1, f"YAML alias *{event.anchor} is not allowed ({NO_ALIASES})")
        anchor, tag = getattr(event, "anchor", None), getattr(event, "tag", None)
        if anchor is not None:
            raise YamlRefused(event.start_mark.line + 1, f"YAML anchor &{anchor} is not allowed ({NO_ALIASES})")
        if tag is not None:
            shown = str(tag).replace("tag:yaml.org,2002:", "!!")
            raise YamlRefused(
                event.start_mark.line + 1,
                f"YAML tag {shown} is not allowed (allowed: a value without a tag; put a value in quotes to make it text)",
            )
        if kind in _OPENING:
            self.depth += 1
            if self.depth > MAX_YAML_DEPTH:
                raise YamlRefused(event.start_mark.line + 1, TOO_DEEP)


class _GuardedParser(RoundTripParser):
    """ruamel.yaml's parser, handing every event to a `YamlGuard` before the composer builds anything from it."""

    def reset_parser(self) -> None:
        super().reset_parser()
        self.guard = YamlGuard()

    def get_event(self) -> Any:
        event = super().get_event()
        self.guard.see(event)
        return event


class _TolerantConstructor(RoundTripConstructor):
    """A date that does not exist (`2021-02-30`) or a number too long for Python stays text, as in `fastyaml`:
    the field's model then says what it expected, at the field's line."""


def _or_text(construct: Any) -> Any:
    def tolerant(constructor: RoundTripConstructor, node: Any) -> Any:
        try:
            return construct(constructor, node)
        except ValueError:
            return constructor.construct_scalar(node)

    return tolerant


for _tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp"):
    _TolerantConstructor.add_constructor(_tag, _or_text(RoundTripConstructor.yaml_constructors[_tag]))


def _yaml() -> YAML:
    loader = YAML(typ="rt")
    loader.allow_duplicate_keys = False
    loader.Parser = _GuardedParser
    loader.Constructor = _TolerantConstructor
    return loader


def _unreadable_character(error: Any, text: str, display: str, line_offset: int) -> Problem:
    """A character YAML does not take (PyYAML's or ruamel.yaml's `ReaderError`), at its line."""
    position, character = getattr(error, "position", None), getattr(error, "character", None)
    line = None if not isinstance(position, int) else text.count("\n", 0, position) + 1 + line_offset
    shown = f"character U+{character:04X}" if isinstance(character, int) else "a character"
    return Problem(display, line, "", f"{shown} is not allowed in YAML (allowed: printable characters; remove it)")


def _syntax_error(error: Any, display: str, line_offset: int) -> Problem:
    """A `MarkedYAMLError` of PyYAML or of ruamel.yaml (they have the same fields) as a problem at its line."""
    mark = error.problem_mark or error.context_mark
    line = None if mark is None else mark.line + 1 + line_offset
    what = " ".join(part for part in (error.context, error.problem) if part)
    if "'\\t'" in what:
        what += " (allowed: spaces to indent; a tab only inside quoted text)"
    return Problem(display, line, "", f"YAML syntax error: {what}")


def parse_yaml(text: str, display: str, line_offset: int = 0) -> Any:
    """The data of a YAML text (read fast by libyaml); a syntax error is a problem at its line."""
    try:
        try:
            return fastyaml.load(text, YamlGuard().see)
        except yaml.MarkedYAMLError as error:
            if "maximum nesting depth" in str(error.problem) and error.problem_mark is not None:
                # libyaml's scanner reads ahead of the events, so it can meet its own limit (1000 levels) first
                raise YamlRefused(error.problem_mark.line + 1, TOO_DEEP) from None
            fast_error = error  # ruamel words the problem and its place precisely
        except yaml.YAMLError as error:
            raise KnowledgeBaseInvalid([_unreadable_character(error, text, display, line_offset)]) from None
        try:
            return to_plain(_yaml().load(text))
        except MarkedYAMLError as error:
            raise KnowledgeBaseInvalid([_syntax_error(error, display, line_offset)]) from None
        except YAMLError as error:
            raise KnowledgeBaseInvalid([_unreadable_character(error, text, display, line_offset)]) from None
        except (ValueError, TypeError):
            # ruamel.yaml failed otherwise on a text libyaml found wrong: libyaml's words will do
            raise KnowledgeBaseInvalid([_syntax_error(fast_error, display, line_offset)]) from None
    except YamlRefused as refused:
        raise KnowledgeBaseInvalid([Problem(display, refused.line + line_offset, "", refused.message)]) from None
    except RecursionError:
        # the guard refuses deep nesting first; this only keeps a traceback from ever reaching the person
        raise KnowledgeBaseInvalid(
            [Problem(display, None, "", f"nested too deeply (allowed: at most {MAX_YAML_DEPTH} levels of mappings and lists)")]
        ) from None


def read_yaml(path: Path, root: Path) -> Document:
    display = layout.relative(path, root)
    text = read_text(path, root, MAX_YAML_BYTES, "a YAML file")
    return Document(path, display, to_plain(parse_yaml(text, display)), source=text)


def read_front_matter(path: Path, root: Path) -> Document:
    """A Markdown file with YAML front matter between `---` lines, then a body."""
    display = layout.relative(path, root)
    text = read_text(path, root, MAX_MARKDOWN_BYTES, "a Markdown file")
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


def plain_key(key: Any) -> str:
    """A mapping key as text, as it is written: `null:` and `true:` are keys 'null' and 'true' (not 'None', 'True')."""
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def to_plain(node: Any) -> Any:
    """ruamel's commented containers and scalar subclasses → dict, list, str, int, float, bool, date."""
    if isinstance(node, dict):
        return {plain_key(key): to_plain(value) for key, value in node.items()}
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
    text = read_text(path, root, MAX_TABLE_BYTES, "a CSV file")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise KnowledgeBaseInvalid([Problem(display, 1, "", "empty file (a header row is required)")]) from None
    except csv.Error as error:
        raise KnowledgeBaseInvalid([csv_problem(display, reader.line_num, error)]) from None
    if len(header) > MAX_TABLE_COLUMNS:
        raise KnowledgeBaseInvalid(
            [Problem(display, 1, "", f"the header has {len(header)} columns (allowed: at most {MAX_TABLE_COLUMNS})")]
        )
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
        raise KnowledgeBaseInvalid([csv_problem(display, reader.line_num, error)]) from None
    return Document(path, display, rows, None, rows=lines, columns=tuple(header))


def csv_problem(display: str, line: int, error: Exception) -> Problem:
    """A `csv.Error` in the contract's words: a value longer than the csv module reads is a limit, not a syntax error."""
    import csv

    if "field larger than field limit" in str(error):
        return Problem(
            display,
            line,
            "",
            f"a value of more than {csv.field_size_limit()} characters (allowed: at most {csv.field_size_limit()})",
        )
    return Problem(display, line, "", f"CSV syntax error: {error}")


def csv_where(loc: Loc) -> str:
    """`(3, 'url')` → `column url`: the row is already given by the line number."""
    columns = [str(part) for part in loc[1:]]
    return f"column {columns[0]}" if columns else ""
