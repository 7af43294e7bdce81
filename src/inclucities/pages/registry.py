"""Every page generator, in one list: adding a kind of page means adding a line here."""

from __future__ import annotations

from collections.abc import Callable

from inclucities.knowledge_base import KnowledgeBase
from inclucities.pages import framework, network, practices

Generator = Callable[[KnowledgeBase], dict[str, str]]

GENERATORS: tuple[Generator, ...] = (network.pages, framework.pages, practices.pages)


def generate(kb: KnowledgeBase) -> dict[str, str]:
    """All generated pages: path relative to `_generated/` → MyST Markdown."""
    pages: dict[str, str] = {}
    for generator in GENERATORS:
        pages.update(generator(kb))
    return pages
