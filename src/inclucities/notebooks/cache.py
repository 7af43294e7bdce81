"""Cache keys that cover everything a run's result depends on, and the store of executed notebooks.

Unlike Jupyter Book's cache (keyed on code only), the key covers every input data file, so a data edit is
never served a stale result. A practice's Markdown body is not read by any notebook, so only its front
matter counts: editing a practice's text re-runs nothing.
"""

from __future__ import annotations

import hashlib
import json
import platform
from pathlib import Path

from inclucities import __version__, layout
from inclucities.kb.atomic import write_file
from inclucities.kb.fingerprint import package_digest
from inclucities.notebooks.plan import Run


def file_digest(path: Path, root: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".md" and path.relative_to(root).parts[0] == layout.PRACTICES:
        data = front_matter(data)
    return hashlib.sha256(data).hexdigest()


def front_matter(data: bytes) -> bytes:
    """The YAML between the first two `---` lines (the whole file if there is none)."""
    lines = data.splitlines(keepends=True)
    if not lines or lines[0].strip() != b"---":
        return data
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == b"---":
            return b"".join(lines[: index + 1])
    return data


class RunKeys:
    """The cache keys of one build's runs. Runs share most inputs (the network, the framework, the kit's code):
    each file is read and digested once per build, not once per run, and never across builds, so an edit made
    while a preview runs is always seen."""

    def __init__(self, root: Path):
        self.root = root
        self._digests: dict[Path, str] = {}
        self._code: str | None = None

    def _file(self, path: Path) -> str:
        digest = self._digests.get(path)
        if digest is None:
            digest = self._digests[path] = file_digest(path, self.root)
        return digest

    def key(self, run: Run, template: Path) -> str:
        if self._code is None:
            self._code = package_digest()
        material = {
            "template": self._file(template) if template.is_relative_to(self.root) else _digest(template),
            "parameters": run.parameters,
            "inputs": [[path.relative_to(self.root).as_posix(), self._file(path)] for path in run.inputs],
            "package": __version__,
            "code": self._code,
            "python": platform.python_version(),
        }
        return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()[:32]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_key(run: Run, template: Path, root: Path) -> str:
    """The key of one run (a build computes all of its keys with one `RunKeys`)."""
    return RunKeys(root).key(run, template)


class NotebookCache:
    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.ipynb"

    def get(self, key: str) -> str | None:
        path = self.path(key)
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def put(self, key: str, text: str) -> None:
        write_file(self.path(key), text)
