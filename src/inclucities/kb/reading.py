"""Reading every file of a knowledge base and validating each against its model of the contract.

`read_all` collects every problem of every file (syntax, fields, file names) without stopping at the first;
cross-file checks come after, in `references`, and `loader` puts the result together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from inclucities import layout
from inclucities.errors import KnowledgeBaseInvalid, Problem
from inclucities.kb.files import Document, csv_where, read_csv, read_front_matter, read_yaml
from inclucities.kb.identity import MAX_IMAGE_BYTES, SECTION, Identity, images
from inclucities.kb.schema.action_plan import ActionPlan
from inclucities.kb.schema.assessment import Assessment
from inclucities.kb.schema.common import SLUG, SLUG_RULE
from inclucities.kb.schema.distribution import DistributionRow
from inclucities.kb.schema.framework import Framework
from inclucities.kb.schema.indicator import IndicatorValue
from inclucities.kb.schema.messages import translate
from inclucities.kb.schema.network import NetworkFile
from inclucities.kb.schema.practice import Practice
from inclucities.kb.schema.service import Service, clean_row
from inclucities.kb.schema.toolkit import Toolkit


@dataclass(frozen=True)
class Kind:
    """One kind of file in a knowledge base: where it lives, how it is read, which model validates it."""

    name: str
    pattern: str
    read: Callable[[Path, Path], Document]
    model: type[BaseModel]
    stem_field: str | None = None  # the field that must equal the file name
    rows: bool = False  # a CSV file: each row is a record
    required: bool = False


KINDS: tuple[Kind, ...] = (
    Kind("network", layout.NETWORK_FILE, read_yaml, NetworkFile, required=True),
    Kind("framework", layout.FRAMEWORK_FILE, read_yaml, Framework, required=True),
    Kind("practices", layout.PRACTICE_FILES, read_front_matter, Practice, stem_field="id"),
    Kind("assessments", layout.ASSESSMENT_FILES, read_yaml, Assessment, stem_field="city"),
    Kind("action_plans", layout.ACTION_PLAN_FILES, read_yaml, ActionPlan, stem_field="city"),
    Kind("toolkits", layout.TOOLKIT_FILES, read_yaml, Toolkit, stem_field="id"),
    Kind("services", layout.SERVICE_FILES, read_csv, Service, rows=True),
    Kind("indicators", layout.INDICATOR_FILES, read_csv, IndicatorValue, rows=True),
    Kind("distributions", layout.DISTRIBUTION_FILES, read_csv, DistributionRow, rows=True),
)


@dataclass
class Loaded:
    """What was read: per kind, each file's document and its validated record (or rows)."""

    root: Path
    documents: dict[str, list[tuple[Document, Any]]] = field(default_factory=dict)
    raw: dict[str, list[Document]] = field(default_factory=dict)  # every parsed file, valid or not
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def one(self, kind: str) -> tuple[Document, Any] | None:
        found = self.documents.get(kind, [])
        return found[0] if found else None


def read_all(root: Path) -> Loaded:
    loaded = Loaded(root)
    for name in layout.BOOK_FILES:
        path = root / name
        if not path.is_file():
            loaded.problems.append(
                Problem(name, None, "", "file missing (the Jupyter Book configuration must be at the top of the knowledge base)")
            )
            continue
        try:
            document = read_yaml(path, root)
        except KnowledgeBaseInvalid as error:
            loaded.problems.extend(error.problems)
            continue
        if not isinstance(document.data, dict | None):
            # the build reads these as mappings of settings; anything else would stop it with a traceback
            loaded.problems.append(document.problem((), "expected a mapping of settings (allowed: `key: value` lines)"))
        elif name == layout.CONFIG_FILE and isinstance(document.data, dict) and SECTION in document.data:
            _read_identity(loaded, document)
    for kind in KINDS:
        paths = sorted(root.glob(kind.pattern))
        if kind.required and not paths:
            loaded.problems.append(Problem(kind.pattern, None, "", "file missing (required in every knowledge base)"))
        loaded.problems.extend(_strays(root, kind))
        for path in paths:
            if path.name in layout.IGNORED_NAMES or path.name.startswith(("_", ".")):
                continue
            loaded.files.append(path)
            _read_one(loaded, kind, path)
    return loaded


def _read_identity(loaded: Loaded, document: Document) -> None:
    """The `inclucities:` section of `_config.yml`: its fields, then the images it names."""
    try:
        identity = Identity.model_validate(document.data[SECTION] or {})
    except ValidationError as error:
        for loc, message in translate(error, Identity):
            loaded.problems.append(document.problem((SECTION, *loc), message))
        return
    for loc, image in images(identity):
        path = loaded.root / image
        if not path.is_file():
            loaded.problems.append(document.problem((SECTION, *loc), f"{image!r}: no such file (allowed: a file of the knowledge base)"))
        elif path.stat().st_size > MAX_IMAGE_BYTES:
            loaded.problems.append(
                document.problem((SECTION, *loc), f"{image!r} is too large (allowed: at most {MAX_IMAGE_BYTES // 1000} kB)")
            )


def _strays(root: Path, kind: Kind) -> list[Problem]:
    """Files in a record folder whose extension the folder does not take (e.g. `practices/x.yaml`)."""
    folder, _, wanted = kind.pattern.rpartition("/")
    if "*" not in wanted or not (root / folder).is_dir():
        return []
    suffix = wanted.removeprefix("*")
    return [
        Problem(layout.relative(path, root), None, "", f"not read: this folder holds {suffix} files (rename it or move it elsewhere)")
        for path in sorted((root / folder).iterdir())
        if path.is_file() and path.suffix != suffix and path.name not in layout.IGNORED_NAMES and not path.name.startswith((".", "_"))
    ]


def _read_one(loaded: Loaded, kind: Kind, path: Path) -> None:
    try:
        document = kind.read(path, loaded.root)
    except KnowledgeBaseInvalid as error:
        loaded.problems.extend(error.problems)
        return
    loaded.raw.setdefault(kind.name, []).append(document)
    if kind.stem_field is not None or kind.rows:
        if not SLUG.fullmatch(path.stem):
            loaded.problems.append(
                Problem(document.display, None, "", f"file name {path.stem!r} is not a valid id (allowed: {SLUG_RULE})")
            )
            return
    if kind.rows:
        loaded.documents.setdefault(kind.name, []).append((document, _validate_rows(loaded, kind, document)))
        return
    record = _validate(loaded, kind.model, document, document.data)
    if record is None:
        return
    if kind.stem_field is not None and getattr(record, kind.stem_field) != path.stem:
        loaded.problems.append(
            document.problem(
                (kind.stem_field,),
                f"{getattr(record, kind.stem_field)!r} does not match the file name (allowed: {path.stem!r}, or rename the file)",
            )
        )
        return
    loaded.documents.setdefault(kind.name, []).append((document, record))


def _validate(loaded: Loaded, model: type[BaseModel], document: Document, data: Any, row: int | None = None) -> Any:
    if data is None:
        data = {}
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for loc, message in translate(error, model):
            if row is None:
                loaded.problems.append(document.problem(loc, message))
            else:
                loaded.problems.append(document.problem((row, *loc), message, where=csv_where((row, *loc))))
        return None


def _validate_rows(loaded: Loaded, kind: Kind, document: Document) -> list[Any]:
    allowed = list(kind.model.model_fields)
    unknown = [name for name in document.columns if name and name not in allowed]
    for name in unknown:
        loaded.problems.append(Problem(document.display, 1, f"column {name}", f"unknown column (allowed: {', '.join(allowed)})"))
    if unknown:
        return []
    records = []
    for index, row in enumerate(document.data):
        record = _validate(loaded, kind.model, document, clean_row(row), row=index)
        if record is not None:
            records.append(record)
    return records


