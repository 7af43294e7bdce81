"""Digests of what a build depends on: the knowledge base's files and the kit's own code.

The notebook cache and the whole-build stamp both use them, so an edit to the data *or* to the kit's code
(in a development install) is never served a stale result.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from inclucities import layout
from inclucities.kb.model import KnowledgeBase, PracticeEntry


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


def records_digest(kb: KnowledgeBase, *, bodies: bool) -> str:
    """A digest of every record of `kb` as loaded, with or without the practices' Markdown bodies.

    What a page generator makes depends on these records only: equal digests, equal pages."""

    def plain(value: object) -> object:
        if isinstance(value, BaseModel):
            return value.model_dump(mode="json")
        if isinstance(value, PracticeEntry):
            return [plain(value.practice), value.path.as_posix(), value.body if bodies else None, value.body_line]
        return str(value)

    records = [
        str(kb.root),
        kb.network,
        kb.framework,
        kb.practices,
        kb.assessments,
        kb.action_plans,
        kb.services,
        kb.indicators,
        kb.distributions,
        kb.toolkits,
    ]
    return hashlib.sha256(json.dumps(records, default=plain, sort_keys=True).encode()).hexdigest()
