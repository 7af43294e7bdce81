"""The data contract as a chapter of the guide, generated from the kit's models so that it cannot drift from them.

Every field of every kind of file is walked from the pydantic models (`model_fields` and the annotations): its
dotted name, its type in plain words with its constraints, whether it is required, and its description. The same
tables fill the marked regions of the kit's docs/data-contract.md (`fill_document`, run by
scripts/data_contract.py), whose common rules stay hand-written. The chapter then lists the ids of this knowledge
base, which the fields refer to.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from inclucities import addresses, layout
from inclucities.kb.city import CityFile
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.reading import KINDS
from inclucities.kb.schema import common
from inclucities.kb.schema.framework import Benchmark
from inclucities.kb.schema.service import Contact
from inclucities.markup import markdown as md

# --- the files and their models -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileKind:
    """A kind of file the contract covers, as the chapter and the document show it."""

    name: str  # the chapter's anchor and the document's region: contract-<name>
    path: str  # as a reader sees it: `practices/<id>.md`
    model: type[BaseModel]
    rows: bool = False  # a CSV file, whose fields are its columns


def _shown(pattern: str, stem_field: str | None) -> str:
    # a file named after one of its fields shows that field where the pattern has its `*`
    return pattern.replace("*", f"<{stem_field}>") if stem_field else pattern


FILE_KINDS: tuple[FileKind, ...] = (
    *(FileKind(kind.name, _shown(kind.pattern, kind.stem_field), kind.model, kind.rows) for kind in KINDS),
    FileKind("city", layout.CITY_FILE, CityFile),
)
RECORDS = "records"  # the fields every record may carry, shown once

# Section titles in words: a path as a heading cannot wrap, and would widen a phone's page and the page's contents.
TITLES = {
    "network": "The network",
    "framework": "The framework",
    "practices": "Good practices",
    "assessments": "Self-assessments",
    "action_plans": "Action plans",
    "toolkits": "Integrated toolkits",
    "services": "One-stop-shop directories",
    "indicators": "City statistics",
    "distributions": "Statistics across Europe",
    "city": "A city's own data",
}


def title(kind: FileKind) -> str:
    return TITLES.get(kind.name, kind.name.replace("_", " ").capitalize())


# --- walking a model -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row of a table: a field (or, for `common`, the fields every record carries) of a model.

    Texts are prose: plain sentences with `code` spans, escaped by the style that writes them."""

    names: tuple[str, ...]  # dotted: cities[].location.lat
    type: str
    required: str
    description: str
    common: bool = False


# The contract's named types, in words (singular, plural). An alias matches a field's annotation when the field's
# type is built on it (CityFile's population adds its own validator to WholeNumber's).
NAMED: tuple[tuple[Any, str, str], ...] = (
    (common.Slug, "id", "ids"),
    (common.Text, "text", "texts"),
    (common.WholeNumber, "whole number", "whole numbers"),
    (common.Number, "number", "numbers"),
    (common.Country, "country code (ISO 3166 alpha-2)", "country codes (ISO 3166 alpha-2)"),
    (common.Language, "language code (ISO 639-1)", "language codes (ISO 639-1)"),
    (common.Url, "web address (`http(s)`)", "web addresses (`http(s)`)"),
    (Contact, "e-mail addresses or phone numbers", "e-mail addresses or phone numbers"),
)
PLAIN: dict[Any, tuple[str, str]] = {
    bool: ("`true` or `false`", "`true` or `false` values"),
    str: ("text", "texts"),
    int: ("whole number", "whole numbers"),
    float: ("number", "numbers"),
    common.PartialDate: ("date (YYYY, YYYY-MM or YYYY-MM-DD)", "dates (YYYY, YYYY-MM or YYYY-MM-DD)"),
}


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _optional(annotation: Any) -> Any:
    """The annotation without its `| None`: whether a field may be left out is the Required column's to say."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(options) == 1:
            return options[0]
    return annotation


def _built_on(annotation: Any, alias: Any) -> bool:
    if typing.get_origin(annotation) is not typing.Annotated:
        return False
    base, *metadata = typing.get_args(annotation)
    alias_base, *alias_metadata = typing.get_args(alias)
    # identity: the metadata objects of an alias are carried as they are into every annotation built on it
    return bool(base == alias_base and all(any(item is own for own in metadata) for item in alias_metadata))


def type_words(annotation: Any) -> tuple[str, str]:
    """A type in plain words, singular and plural: ("id", "ids"), ("list of ids", "lists of ids")."""
    annotation = _optional(annotation)
    for alias, singular, plural in NAMED:
        if _built_on(annotation, alias):
            return singular, plural
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return type_words(args[0])
    if annotation in PLAIN:
        return PLAIN[annotation]
    if _is_model(annotation):
        return "record", "records"
    if origin is typing.Literal:
        values = "one of: " + ", ".join(f"`{value}`" for value in args)
        return values, f"values, each {values}"
    if origin is list:
        words = f"list of {type_words(args[0])[1]}"
        return words, f"lists of {type_words(args[0])[1]}"
    if origin is dict:
        words = f"mapping (each key: {type_words(args[0])[0]}; each value: {type_words(args[1])[0]})"
        return words, words.replace("mapping", "mappings", 1)
    if origin in (typing.Union, types.UnionType):
        words = " or ".join(type_words(arg)[0] for arg in args if arg is not type(None))
        return words, words
    raise TypeError(f"the data contract has no words for the type {annotation!r}: add them to inclucities.site.contract")


def _key_name(field: str, key: Any) -> str:
    """How a mapping's key is written in a dotted name: `stages.<stage>`, `scores.<id>`."""
    if _built_on(_optional(key), common.Slug):
        return "<id>"
    return f"<{field.removesuffix('s')}>"


def _nested(annotation: Any, name: str) -> Iterator[tuple[str, type[BaseModel]]]:
    """The records a field holds, with the prefix of their fields' dotted names."""
    annotation = _optional(annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        yield from _nested(args[0], name)
    elif _is_model(annotation):
        yield f"{name}.", annotation
    elif origin is list:
        yield from _nested(args[0], f"{name}[]")
    elif origin is dict:
        yield from _nested(args[1], f"{name}.{_key_name(name.rsplit('.', 1)[-1], args[0])}")


def _bound(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def constraints(info: FieldInfo, annotation: Any) -> list[str]:
    """The limits a field's own `Field(...)` and type put on its value, in words."""
    annotation = _optional(annotation)
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    container = typing.get_origin(annotation)
    found = []
    for item in info.metadata:
        for attribute, words in (("ge", "≥ {}"), ("gt", "> {}"), ("le", "≤ {}"), ("lt", "< {}")):
            if getattr(item, attribute, None) is not None:
                found.append(words.format(_bound(getattr(item, attribute))))
        minimum = getattr(item, "min_length", None)
        if minimum is not None and container is list:
            found.append(f"at least {minimum} item{'s' if minimum > 1 else ''}")
        elif minimum is not None and container is dict:
            found.append(f"at least {minimum} entr{'ies' if minimum > 1 else 'y'}")
        elif minimum is not None and minimum > 1:  # text of at least one character is what `text` means
            found.append(f"at least {minimum} characters")
        if getattr(item, "max_length", None) is not None:
            found.append(f"at most {item.max_length}")
        if getattr(item, "pattern", None) is not None:
            found.append(f"matching `{item.pattern}`")
    return found


def _required(info: FieldInfo) -> str:
    if info.is_required():
        return "required"
    default = info.get_default(call_default_factory=True)
    if default is None:
        return "optional"
    if default == [] or default == {}:
        return "optional, default empty"
    shown = ("true" if default else "false") if isinstance(default, bool) else str(default)
    return f"optional, default `{shown}`"


def _common(model: type[BaseModel], name: str) -> bool:
    """A field every record carries, which this model takes as it is (Service redefines `illustrative`)."""
    if model is common.Record or name not in common.Record.model_fields:
        return False
    own = (
        vars(cls).get("__annotations__", {})
        for cls in model.__mro__
        if cls is not common.Record and issubclass(cls, common.Record)
    )
    return not any(name in annotations for annotations in own)


def field_rows(model: type[BaseModel], prefix: str = "") -> list[Row]:
    """Every field of `model` and of the records it holds, in the order they are declared; the fields every record
    carries in one row at the end of each record's own."""
    hints = typing.get_type_hints(model, include_extras=True)
    rows: list[Row] = []
    shared: list[str] = []
    # pydantic lists a base class's fields first; a record's own come first here, the shared ones after them
    for name, info in sorted(model.model_fields.items(), key=lambda item: item[0] in common.Record.model_fields):
        if _common(model, name):
            shared.append(prefix + name)
            continue
        annotation = hints[name]
        words = ", ".join([type_words(annotation)[0], *constraints(info, annotation)])
        rows.append(Row((prefix + name,), words, _required(info), info.description or ""))
        for child_prefix, child in _nested(annotation, prefix + name):
            rows += field_rows(child, child_prefix)
    if shared:
        rows.append(Row(tuple(shared), "", "optional", "", common=True))
    return rows


def summary(model: type[BaseModel]) -> str:
    """The model's own docstring (not a base class's) on one line."""
    return " ".join((vars(model).get("__doc__") or "").split())


# --- writing the tables ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How prose becomes Markdown, and where the fields of every record are described."""

    prose: Callable[[str], str]
    records: str  # a link to the fields of every record


def _code(text: str) -> str:
    cell_safe = text.replace("|", "\\|")  # a pipe would end a table cell, even inside a code span
    return f"`{cell_safe}`"


def escaped(prose: str) -> str:
    """Prose for the guide: every character outside `code` spans escaped, so it is never read as markup."""
    parts = prose.split("`")
    if len(parts) % 2 == 0:
        raise ValueError(f"unbalanced backticks in {prose!r}")
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(_code(part))
        elif part.strip():
            # md.text strips the spaces that separate the text from the code spans around it
            out.append((" " if part[0].isspace() else "") + md.text(part) + (" " if part[-1].isspace() else ""))
        else:
            out.append(" " if part else "")
    return "".join(out)


def plain(prose: str) -> str:
    """Prose for the kit's own documentation, readable as it is: only what would end a table cell is escaped."""
    return prose.replace("|", "\\|")


GUIDE = Style(escaped, md.link("every record", "#contract-records"))
DOCUMENT = Style(plain, "[every record](#every-record)")


def table(rows: list[Row], style: Style, column: str = "Field") -> str:
    # Three columns: dotted names and patterns cannot wrap, and a fourth would push the descriptions out of sight
    # on a laptop's screen (the theme scrolls a table wider than the page).
    cells = []
    for row in rows:
        names = ", ".join(_code(name) for name in row.names)
        if row.common:
            cells.append((names, style.prose(row.required), f"The fields {style.records} may carry."))
        else:
            cells.append((names, style.prose(f"{row.type}; {row.required}"), style.prose(row.description)))
    return md.table([column, "Value", "Description"], cells)


def block(kind: FileKind, style: Style, with_path: bool = False) -> str:
    """A kind of file's summary (after its path, where the heading does not name it) and the table of its fields."""
    files = "Files" if "*" in kind.path or "<" in kind.path else "File"
    lead = f"{files}: `{kind.path}`. " if with_path else ""
    return (
        style.prose(lead + summary(kind.model))
        + "\n\n"
        + table(field_rows(kind.model), style, "Column" if kind.rows else "Field")
    )


def records_block(style: Style) -> str:
    return style.prose(summary(common.Record)) + "\n\n" + table(field_rows(common.Record), style)


# --- the chapter ---------------------------------------------------------------------------------------------------

PAGE = addresses.CONTRACT_PAGE

INTRO = (
    "This chapter is generated from the models the kit validates every file with, so it says exactly what "
    "`inclucities check` accepts. `inclucities check` (and every build, before it writes anything) reads every file "
    "of the knowledge base, checks each field below, then checks that every id refers to a record that exists, and "
    "lists every problem as `path:line: where: what is wrong (what is allowed)`. The rules common to every file "
    "(encoding, YAML, numbers, dates, size limits) are in the kit's `docs/data-contract.md`."
)
READING = (
    "A dotted name is a field inside another: `cities[].location.lat` is the `lat` of the `location` of each item "
    "of the list `cities`; `stages.<stage>` is the value under each key of the mapping `stages`.",
    f"An id is a slug: {common.SLUG_RULE}. Where a file holds one record, the id is the file name without its extension.",
    "Text is never empty; a number written without quotes is text too, but `true`, `false` and dates must be quoted.",
    "Numbers and whole numbers are finite: `true`, `false`, `.nan` and `.inf` are not numbers.",
    "Where a record has a `start` and an `end`, the end may not come before the start.",
)


def _id(value: str) -> str:
    return _code(value)  # ids are validated slugs: nothing in them can be markup


def _key_factors(kb: KnowledgeBase, benchmark: Benchmark) -> str:
    theme = kb.themes.get(benchmark.theme)
    theme_title = f" ({md.text(theme.title)})" if theme else ""
    rows = [(_id(kf.id), md.link(kf.title, f"#{addresses.key_factor_anchor(kf.id)}")) for kf in benchmark.key_factors]
    # a paragraph, not a heading: a long id in a heading would not wrap on a phone
    return f"Benchmark {_id(benchmark.id)}{theme_title}:\n\n" + md.table(["Id", "Title"], rows)


def ids_section(kb: KnowledgeBase) -> str:
    themes = [(_id(t.id), md.link(t.title, f"#{addresses.theme_anchor(t.id)}")) for t in kb.framework.themes]
    benchmarks = [
        (
            _id(b.id),
            md.link(kb.themes[b.theme].title, f"#{addresses.theme_anchor(b.theme)}"),
            md.link(b.statement, f"#{addresses.benchmark_anchor(b.id)}"),
        )
        for b in kb.framework.benchmarks
    ]
    cities = [
        (_id(c.id), md.link(c.name, f"#{addresses.city_anchor(c.id)}"), md.text(c.country), md.text(c.role))
        for c in kb.network.cities
    ]
    pairs = [
        (
            _id(p.id),
            md.link(f"{kb.city_name(p.mentor)} → {kb.city_name(p.learner)}", f"#{addresses.pair_anchor(p.id)}"),
            _id(p.benchmark),
        )
        for p in kb.network.pairs
    ]
    practices = [
        (_id(e.practice.id), md.link(e.practice.title, f"#{addresses.practice_anchor(e.practice.id)}"))
        for e in sorted(kb.practices.values(), key=lambda entry: entry.practice.id)
    ]
    parts = [
        md.label("contract-ids"),
        "## This knowledge base's ids",
        "The ids a field may refer to, as the knowledge base defines them today.",
        "### Themes",
        md.table(["Id", "Title"], themes),
        "### Benchmarks",
        md.table(["Id", "Theme", "Statement"], benchmarks),
        "### Key factors",
        "Key factor ids are unique across the whole framework.",
        *(_key_factors(kb, b) for b in kb.framework.benchmarks),
        "### Cities",
        md.table(["Id", "Name", "Country", "Role"], cities),
        "### Pairs",
        md.table(["Id", "Mentor → learner", "Benchmark"], pairs) if pairs else "No pairs yet.",
        "### Practices",
        md.table(["Id", "Title"], practices) if practices else "No practices yet.",
    ]
    return "\n\n".join(parts)


def page(kb: KnowledgeBase) -> str:
    parts = [
        md.label("data-contract"),
        "# The data contract",
        escaped(INTRO),
        "How to read the tables:",
        "\n".join("- " + escaped(line) for line in READING),
        md.label(f"contract-{RECORDS}"),
        "## Every record",
        records_block(GUIDE),
    ]
    for kind in FILE_KINDS:
        parts += [md.label(f"contract-{kind.name}"), f"## {md.text(title(kind))}", block(kind, GUIDE, with_path=True)]
    parts += [ids_section(kb), md.provenance([layout.NETWORK_FILE, layout.FRAMEWORK_FILE, layout.folder(layout.PRACTICES)])]
    return "\n\n".join(parts) + "\n"


def pages(kb: KnowledgeBase) -> dict[str, str | bytes]:
    return {PAGE: page(kb)}


# --- docs/data-contract.md ---------------------------------------------------------------------------------------

# A region of the document that is generated: its content is replaced by the block of the same name.
REGION = re.compile(r"(<!-- generated: (?P<name>[a-z_]+) [^\n]*-->\n)(.*?)(<!-- end of generated: (?P=name) -->)", re.DOTALL)


def document_blocks() -> dict[str, str]:
    return {RECORDS: records_block(DOCUMENT), **{kind.name: block(kind, DOCUMENT) for kind in FILE_KINDS}}


def regions(text: str) -> list[str]:
    return [match["name"] for match in REGION.finditer(text)]


def fill_document(text: str) -> str:
    """The document with every generated region written afresh from the models (the rest is kept as it is)."""
    blocks = document_blocks()
    unknown = sorted(set(regions(text)) - set(blocks))
    if unknown:
        raise ValueError(f"generated regions with no block: {', '.join(unknown)} (allowed: {', '.join(blocks)})")
    return REGION.sub(lambda match: f"{match[1]}\n{blocks[match['name']]}\n\n{match[4]}", text)
