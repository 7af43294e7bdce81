"""`inclucities build`: validate → generate pages → compile the book → publish the site."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from inclucities.book import compile_book
from inclucities.generated_tree import sync_tree
from inclucities.loader import load
from inclucities.pages.anchors import GENERATED
from inclucities.pages.registry import generate
from inclucities.source_map import build_source_map


def build_guide(kb_root: Path, *, jobs: int | None = None, force: bool = False, echo: Callable[[str], None] = print) -> Path:
    kb_root = Path(kb_root)
    jobs = jobs or os.cpu_count() or 1
    echo(f"[1/3] validating {kb_root}")
    kb = load(kb_root)
    echo(f"      {kb.summary()}")
    pages = generate(kb)
    written, removed = sync_tree(kb_root / GENERATED, pages)
    echo(f"[2/3] generated {len(pages)} pages ({written} changed, {removed} removed) in {GENERATED}/")
    echo("[3/3] compiling the guide with Jupyter Book")
    return compile_book(kb_root, jobs=jobs, force=force, origins=build_source_map(kb, pages))
