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


def run_key(run: Run, template: Path, root: Path) -> str:
    material = {
        "template": hashlib.sha256(template.read_bytes()).hexdigest(),
        "parameters": run.parameters,
        "inputs": [[path.relative_to(root).as_posix(), file_digest(path, root)] for path in run.inputs],
        "package": __version__,
        "code": package_digest(),
        "python": platform.python_version(),
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()[:32]


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
