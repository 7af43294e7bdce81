"""Every page generator, in one list: adding a kind of page means adding a line here."""

from __future__ import annotations

from collections.abc import Callable

from inclucities.knowledge_base import KnowledgeBase
from inclucities.pages import action_plans, framework, indexes, network, posters, practices, services, toolkits

Generator = Callable[[KnowledgeBase], dict[str, str | bytes]]

GENERATORS: tuple[Generator, ...] = (
    network.pages,
    framework.pages,
    practices.pages,
    action_plans.pages,
    toolkits.pages,
    posters.pages,
    indexes.pages,
    services.pages,
)


def generate(kb: KnowledgeBase) -> dict[str, str | bytes]:
    """All generated files: path relative to `_generated/` → MyST Markdown pages, figures and downloads."""
    pages: dict[str, str | bytes] = {}
    for generator in GENERATORS:
        pages.update(generator(kb))
    return pages
