"""Load a knowledge-base folder: read and validate every file, check references, assemble the knowledge base.

Every problem in every file is collected before anything is reported, so a user fixes them in one pass.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from inclucities import layout
from inclucities.errors import KnowledgeBaseInvalid, Problem
from inclucities.kb import bodies
from inclucities.kb.files import MAX_MARKDOWN_BYTES, read_text, read_yaml
from inclucities.kb.model import KnowledgeBase, PracticeEntry
from inclucities.kb.reading import Loaded, read_all
from inclucities.kb.references import check_references
from inclucities.kb.schema.common import SLUG


def load(root: Path) -> KnowledgeBase:
    """The validated knowledge base at `root`, or `KnowledgeBaseInvalid` listing every problem."""
    root = Path(root)
    if not root.is_dir():
        raise KnowledgeBaseInvalid([Problem(str(root), None, "", "no such folder (allowed: the folder of a knowledge base)")])
    loaded = read_all(root)
    loaded.problems.extend(check_references(loaded))
    loaded.problems.extend(check_texts(loaded))
    if loaded.problems:
        raise KnowledgeBaseInvalid(loaded.problems)
    return assemble(loaded)


def assemble(loaded: Loaded) -> KnowledgeBase:
    network = loaded.one("network")
    framework = loaded.one("framework")
    assert network is not None and framework is not None  # guaranteed when there are no problems
    kb = KnowledgeBase(loaded.root, network[1], framework[1], files=loaded.files)
    for document, practice in loaded.documents.get("practices", []):
        kb.practices[practice.id] = PracticeEntry(practice, document.body, document.path, document.body_line)
    for _document, assessment in loaded.documents.get("assessments", []):
        kb.assessments[assessment.city] = assessment
    for _document, plan in loaded.documents.get("action_plans", []):
        kb.action_plans[plan.city] = plan
    for _document, toolkit in loaded.documents.get("toolkits", []):
        kb.toolkits[toolkit.id] = toolkit
    for document, rows in loaded.documents.get("services", []):
        kb.services[document.path.stem] = rows
    for _document, rows in loaded.documents.get("indicators", []):
        kb.indicators.extend(rows)
    for _document, rows in loaded.documents.get("distributions", []):
        kb.distributions.extend(rows)
    return kb


# --- the MyST texts: practice bodies and the chapters of the book (checked in kb/bodies.py) ---------------------

# `(label)=` in a notebook's Markdown cell, `.. _label:` in reStructuredText: labels of pages whose references the
# kit does not check, but which others may name.
MYST_LABEL = re.compile(r"^\s{0,3}\((.+)\)=\s*$", re.MULTILINE)
RST_LABEL = re.compile(r"^\.\. _([^:]+):\s*$", re.MULTILINE)


def check_texts(loaded: Loaded) -> list[Problem]:
    """Every reference of the practices' bodies and the book's chapters that the build would reject."""
    root = loaded.root
    complete = not loaded.problems  # while a record is invalid, what the build generates from it is not known
    config, toc = _settings(root, layout.CONFIG_FILE), _settings(root, layout.TOC_FILE)
    if toc is None:
        return []  # without a table of contents the book has no pages (already reported)
    network, framework = loaded.one("network"), loaded.one("framework")
    records = bodies.Records(
        network=network[1] if network else None,
        framework=framework[1] if framework else None,
        practices=[practice.id for _document, practice in loaded.documents.get("practices", [])],
        toolkits=[toolkit.id for _document, toolkit in loaded.documents.get("toolkits", [])],
        services={document.path.stem: [row.category for row in rows] for document, rows in loaded.documents.get("services", [])},
        action_plans=[plan.city for _document, plan in loaded.documents.get("action_plans", [])],
    )
    texts = [
        bodies.Text(document.display, bodies.practice_page(document.path.stem), document.body, document.body_line)
        for document in loaded.raw.get("practices", [])
        if SLUG.fullmatch(document.path.stem)
    ]
    other_labels: dict[str, str] = {}
    other_pages: list[str] = []
    for page in bodies.toc_documents(toc, _page_files(root)).values():
        text = _text(root, page)
        if text is None:
            continue  # unreadable: the build says why
        if page.endswith(".md"):
            texts.append(bodies.Text(page, page, _without_front_matter(text)))
            continue
        other_pages.append(page)
        found = RST_LABEL.findall(text) if page.endswith(".rst") else MYST_LABEL.findall(_markdown_cells(text))
        other_labels.update((label, page) for label in found)
    # a knowledge base's own notebook templates: their Markdown cells become pages of the analyses
    for template in sorted((root / layout.NOTEBOOKS).glob("*.ipynb")):
        text = _text(root, template.relative_to(root).as_posix())
        other_labels.update((label, layout.relative(template, root)) for label in MYST_LABEL.findall(_markdown_cells(text or "")))
    return bodies.check_bodies(
        texts,
        bodies.generated_book(records),
        toc,
        config,
        lambda file: (root / file).is_file(),
        complete=complete,
        other_labels=other_labels,
        other_pages=other_pages,
    )


def _settings(root: Path, name: str) -> Any:
    try:
        return read_yaml(root / name, root).data if (root / name).is_file() else None
    except KnowledgeBaseInvalid:
        return None  # reported by read_all


def _page_files(root: Path) -> list[str]:
    """The files of the knowledge base that may be pages of the book: its chapters (hidden ones excepted), from the
    root. The build copies `book/` alone beside the generated pages (guide/compile.py): no other folder of the
    knowledge base is read by Sphinx, and its `practices/` is not the generated `practices/`."""
    found: list[str] = []
    for directory, folders, files in os.walk(root / layout.BOOK):
        here = Path(directory)
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        found += [(here / name).relative_to(root).as_posix() for name in files if name.endswith(bodies.PAGE_SUFFIXES) and not name.startswith(".")]
    return found


def _text(root: Path, page: str) -> str | None:
    try:
        return read_text(root / page, root, MAX_MARKDOWN_BYTES, "a chapter")
    except KnowledgeBaseInvalid:
        return None


def _without_front_matter(text: str) -> str:
    """A chapter's text with its YAML front matter (if any) blanked, so that lines keep their numbers."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    return text if end is None else "\n" * end + "\n" + "\n".join(lines[end + 1 :])


def _markdown_cells(text: str) -> str:
    try:
        notebook = json.loads(text)
    except (ValueError, RecursionError):
        return ""  # not a notebook: the build says so
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        return ""
    sources = [cell.get("source") for cell in cells if isinstance(cell, dict) and cell.get("cell_type") == "markdown"]
    return "\n".join("".join(s) if isinstance(s, list) else str(s) for s in sources if isinstance(s, list | str))
