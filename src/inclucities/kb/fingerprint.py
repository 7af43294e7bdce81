"""Digests of what a build depends on: the knowledge base's files and the kit's own code.

The notebook cache and the whole-build stamp both use them, so an edit to the data *or* to the kit's code
(in a development install) is never served a stale result.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from inclucities import layout


def _digest_files(paths: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def package_digest() -> str:
    """The kit's code, templates and static files: a change re-runs what depends on it."""
    files = sorted(p for p in layout.KIT.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return _digest_files(files, layout.KIT)


def knowledge_base_digest(root: Path) -> str:
    root = root.resolve()
    files = sorted(
        {
            p
            for pattern in layout.INPUT_PATTERNS
            for p in root.glob(pattern)
            if p.is_file() and not layout.is_hidden(p.relative_to(root))
        }
    )
    return _digest_files(files, root)
