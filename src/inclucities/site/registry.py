"""Every page generator, in one list: adding a kind of page means adding a line here."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from inclucities.kb.model import KnowledgeBase
from inclucities.site import action_plans, framework, indexes, posters
from inclucities.site.network import pages as network
from inclucities.site.practices import pages as practices
from inclucities.site.services import pages as services
from inclucities.site.toolkits import pages as toolkits

Generator = Callable[[KnowledgeBase], Mapping[str, str | bytes]]

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
