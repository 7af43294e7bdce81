"""The data contract chapter and docs/data-contract.md, generated from the models: complete, escaped, in sync.

Pure: the chapter is made from the bundled knowledge base as loaded, without a build."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import re
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from inclucities import addresses, layout
from inclucities.kb.city import CityFile
from inclucities.kb.loader import load
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.reading import KINDS
from inclucities.kb.schema.common import Record
from inclucities.site import contract, registry
from tests.conftest import REPO

DOCUMENT = REPO / "docs" / "data-contract.md"
SCHEMA_MODULES = [
    *(f"inclucities.kb.schema.{path.stem}" for path in sorted((REPO / "src/inclucities/kb/schema").glob("*.py"))),
    "inclucities.kb.city",
]
KEY = "<KEY>"  # a mapping's key in a dotted name, whatever the chapter calls it


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load(REPO)


@pytest.fixture(scope="module")
def chapter(kb: KnowledgeBase) -> str:
    return contract.page(kb)


# --- the models, walked here without the chapter's code -------------------------------------------------------------


def schema_models() -> list[type[BaseModel]]:
    """Every pydantic model the contract's modules define."""
    found = []
    for name in SCHEMA_MODULES:
        module = importlib.import_module(name)
        found += [
            value
            for value in vars(module).values()
            if inspect.isclass(value) and issubclass(value, BaseModel) and value.__module__ == module.__name__
        ]
    return found


def dotted_names(model: type[BaseModel], prefix: str = "", seen: set[type[BaseModel]] | None = None) -> Iterator[str]:
    """Every field of `model` and of the records inside it, as `cities[].location.lat` (mapping keys as KEY)."""
    if seen is not None:
        seen.add(model)
    hints = typing.get_type_hints(model, include_extras=True)
    for name in model.model_fields:
        yield prefix + name
        if name == "sources" and model is not Record:
            continue  # a source's fields are listed once, under "Every record"
        yield from _inside(hints[name], prefix + name, seen)


def _inside(annotation: Any, name: str, seen: set[type[BaseModel]] | None) -> Iterator[str]:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        yield from _inside(args[0], name, seen)
    elif origin in (typing.Union, types.UnionType):
        for arg in args:
            yield from _inside(arg, name, seen)
    elif inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        yield from dotted_names(annotation, f"{name}.", seen)
    elif origin is list:
        yield from _inside(args[0], f"{name}[]", seen)
    elif origin is dict:
        yield from _inside(args[1], f"{name}.{KEY}", seen)


def file_models() -> list[type[BaseModel]]:
    return [kind.model for kind in KINDS] + [CityFile]


def in_code(name: str, page: str) -> bool:
    pattern = re.escape(name).replace(re.escape(KEY), "<[a-z]+>")
    return re.search(f"`{pattern}`", page) is not None


# --- the chapter ------------------------------------------------------------------------------------------------------


def test_the_chapter_lists_every_field_of_every_kind_of_file(chapter: str) -> None:
    names = [name for model in file_models() for name in dotted_names(model)]
    names += [name for name in dotted_names(Record)]
    assert len(names) > 150
    assert [name for name in names if not in_code(name, chapter)] == []
    # nested names are written in full, as an author finds them in a file
    for name in ("cities[].location.lat", "stages.<stage>.scores.<id>.score", "versions.<version>.actions[].key_factor"):
        assert f"`{name}`" in chapter


def test_every_model_of_the_contract_is_reached_from_a_kind_of_file() -> None:
    seen: set[type[BaseModel]] = set()
    for model in [*file_models(), Record]:
        list(dotted_names(model, seen=seen))
    # a base class that declares no field of its own (PeriodRecord) is reached through the records built on it
    with_fields = {model for model in schema_models() if vars(model).get("__annotations__")}
    assert sorted(m.__name__ for m in with_fields - seen) == []


def test_every_field_has_a_description_and_every_file_a_summary() -> None:
    missing = [
        f"{model.__module__}.{model.__name__}.{name}"
        for model in schema_models()
        for name, info in model.model_fields.items()
        if not (info.description or "").strip()
    ]
    assert missing == []
    assert [model.__name__ for model in [*file_models(), Record] if not contract.summary(model)] == []


def test_each_kind_of_file_has_its_section(chapter: str) -> None:
    for kind in contract.FILE_KINDS:
        section = chapter[chapter.index(f"(contract-{kind.name})=\n\n## ") :]
        assert f": `{kind.path}`" in section.split("\n\n")[2], kind  # the path opens the section's first paragraph
    assert "Files\\: `practices/<id>.md`\\. One good practice" in chapter
    assert "File\\: `data/network.yml`\\." in chapter
    assert {kind.model for kind in contract.FILE_KINDS} == set(file_models())
    # headings are words: a path or an id in a heading cannot wrap on a phone
    assert [line for line in chapter.splitlines() if line.startswith("#") and "`" in line] == []


def test_types_constraints_and_defaults_are_in_words() -> None:
    kinds = {kind.name: kind.model for kind in contract.FILE_KINDS}

    def rows_of(kind: str) -> dict[str, contract.Row]:
        return {row.names[0]: row for row in contract.field_rows(kinds[kind])}

    rows = {**rows_of("practices"), **rows_of("assessments"), **rows_of("services"), **rows_of("network")}
    assert rows["cities[].location.lat"].type == "number, ≥ -90, ≤ 90"
    assert rows["cities[].location.lat"].required == "required"
    assert rows["cities[].location"].required == "optional"
    assert rows["cities[].role"].type == "one of: `mentor`, `learner`"
    assert rows["cities[].eurostat_scope"].required == "optional, default `city`"
    assert rows["cities[].eurostat_code"].type == "text, matching `^[A-Z]{2}[0-9A-Z]{3,4}$`"
    assert rows["cities"].type == "list of records, at least 1 item"
    assert rows["cities[].languages"].type == "list of language codes (ISO 639-1)"
    assert rows["pairs"].required == "optional, default empty"
    assert rows["start"].type == "date (YYYY, YYYY-MM or YYYY-MM-DD)"
    assert rows["mentor_practice"].required == "optional, default `false`"
    assert rows["stages.<stage>.scores"].type == "mapping (each key: id; each value: record), at least 1 entry"
    assert rows["stages.<stage>.scores.<id>.score"].type == "whole number, ≥ 0, ≤ 4"
    assert rows_of("city")["population"].type == "whole number, ≥ 0"  # city.yml's own validator on a whole number
    assert rows["contact"].type == "e-mail addresses or phone numbers"
    assert rows["target_groups"].type.startswith("list of values, each one of: `migrants`, `newcomers`")
    with pytest.raises(TypeError, match="no words for the type"):
        contract.type_words(complex)


def test_the_fields_every_record_carries_are_one_row_per_record() -> None:
    rows = contract.field_rows(CityFile)
    assert rows[-1].common and rows[-1].names == ("illustrative", "sources")
    services = contract.field_rows(KINDS[[kind.name for kind in KINDS].index("services")].model)
    # a service redefines `illustrative` (a CSV cell says yes or no): it has its own row
    assert [row.names for row in services if "illustrative" in row.names] == [("illustrative",)]
    assert services[-1].names == ("sources",)


def test_every_id_of_the_knowledge_base_appears(kb: KnowledgeBase, chapter: str) -> None:
    ids = [
        *kb.themes,
        *kb.benchmarks,
        *kb.key_factors,
        *kb.cities,
        *kb.pairs,
        *kb.practices,
    ]
    assert len(ids) == 4 + 4 + 19 + 8 + 4 + 26
    ids_section = chapter[chapter.index("(contract-ids)=") :]
    assert [i for i in ids if f"| `{i}` |" not in ids_section] == []
    for benchmark in kb.framework.benchmarks:  # key factors grouped under their benchmark
        group = ids_section[ids_section.index(f"Benchmark `{benchmark.id}`") :]
        group = group[: group.index("\n\n", group.index("|"))]  # its table
        assert [kf.id for kf in benchmark.key_factors if f"| `{kf.id}` |" not in group] == []


def test_text_from_the_knowledge_base_is_escaped(kb: KnowledgeBase) -> None:
    entry = next(iter(kb.practices.values()))
    hostile = "<script>alert(1)</script> *bold* [link](https://example.org) | pipe"
    practice = entry.practice.model_copy(update={"title": hostile})
    city = kb.network.cities[0].model_copy(update={"name": "A *city* <b>"})
    network = kb.network.model_copy(update={"cities": [city, *kb.network.cities[1:]]})
    changed = dataclasses.replace(
        kb, network=network, practices={**kb.practices, practice.id: dataclasses.replace(entry, practice=practice)}
    )
    page = contract.page(changed)
    assert "<script>" not in page and "*bold*" not in page and "<b>" not in page
    assert r"\<script\>alert\(1\)\<\/script\> \*bold\* \[link\]\(https\:\/\/example\.org\)" in page
    assert r"\| pipe" in page  # a pipe cannot end the table cell
    assert r"A \*city\* \<b\>" in page


def test_prose_keeps_its_code_spans_and_the_spaces_around_them() -> None:
    assert contract.escaped("one of `a` or `b`.") == r"one of `a` or `b`\."
    assert contract.escaped("`true` marks it") == "`true` marks it"
    assert contract.escaped("a `x|y` b") == r"a `x\|y` b"
    with pytest.raises(ValueError, match="unbalanced"):
        contract.escaped("a ` b")


def test_the_chapter_is_made_and_in_both_tables_of_contents() -> None:
    assert contract.pages in registry.GENERATORS and registry.MAKES[contract.pages] == "the data contract chapter"
    for toc in (REPO / layout.TOC_FILE, layout.NEW_KB_TEMPLATE / layout.TOC_FILE):
        assert addresses.CONTRACT_PAGE.removesuffix(".md") in files_of(yaml.safe_load(toc.read_text(encoding="utf-8"))), toc


def files_of(entry: Any) -> list[str]:
    if isinstance(entry, list):
        return [name for item in entry for name in files_of(item)]
    if isinstance(entry, dict):
        own = [entry["file"]] if "file" in entry else []
        return own + [name for key in ("parts", "chapters", "sections") for name in files_of(entry.get(key))]
    return []


# --- docs/data-contract.md --------------------------------------------------------------------------------------------


def test_the_document_has_one_generated_region_per_kind_of_file() -> None:
    regions = contract.regions(DOCUMENT.read_text(encoding="utf-8"))
    assert sorted(regions) == sorted(contract.document_blocks())
    assert len(regions) == len(set(regions))


def test_the_document_is_what_the_models_say() -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    assert contract.fill_document(text) == text, "docs/data-contract.md is out of date: run scripts/data_contract.py"


def test_the_document_keeps_its_hand_written_rules() -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    for heading in ("## Common rules", "### The Eurostat import", "### Toolkit templates", "## A city's own folder"):
        assert heading in text
    assert "| nesting of YAML mappings and lists | 20 levels |" in text
    # the document is read as it is: its generated prose is not backslash-escaped
    assert "The network's name." in text and "`cities[].location.lat`" in text


def test_filling_a_region_replaces_only_that_region() -> None:
    text = "# Title\n\nhand-written\n\n<!-- generated: toolkits (see the script) -->\nstale\n<!-- end of generated: toolkits -->\n\ntail\n"
    filled = contract.fill_document(text)
    assert filled.startswith("# Title\n\nhand-written\n\n<!-- generated: toolkits (see the script) -->\n\n")
    assert filled.endswith("\n\n<!-- end of generated: toolkits -->\n\ntail\n")
    assert "stale" not in filled and "`additional_factors[].title`" in filled
    assert contract.fill_document(filled) == filled
    with pytest.raises(ValueError, match="no block: nothing"):
        contract.fill_document("<!-- generated: nothing (x) -->\n<!-- end of generated: nothing -->")


def test_the_script_checks_the_document(tmp_path: Path) -> None:
    import subprocess
    import sys

    completed = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "data_contract.py"), "--check"], capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr
