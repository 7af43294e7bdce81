"""Every page generator, in one list: adding a kind of page means adding a line here."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from inclucities.errors import GenerationFailed
from inclucities.kb.model import KnowledgeBase
from inclucities.site import action_plans, contract, framework, indexes, posters
from inclucities.site.network import pages as network
from inclucities.site.practices import pages as practices
from inclucities.site.services import pages as services
from inclucities.site.toolkits import pages as toolkits

Generator = Callable[[KnowledgeBase], Mapping[str, str | bytes]]

# Each generator with what it makes, as a failure names it.
MAKES: dict[Generator, str] = {
    network.pages: "the network page and its map, diagram and timeline",
    framework.pages: "the framework and theme pages",
    practices.pages: "the practice catalogue and practice pages",
    action_plans.pages: "the action-plan pages and their timelines",
    toolkits.pages: "the toolkit pages and their downloads",
    posters.pages: "the infographics (posters)",
    indexes.pages: "the index pages of the pair analyses and city profiles",
    services.pages: "the one-stop-shop pages and their open data",
    contract.pages: "the data contract chapter",
}
GENERATORS: tuple[Generator, ...] = tuple(MAKES)


def generate(kb: KnowledgeBase) -> dict[str, str | bytes]:
    """All generated files: path relative to `_generated/` → MyST Markdown pages, figures and downloads.

    The knowledge base is valid here: an exception is the kit's bug, reported with what was being made."""
    pages: dict[str, str | bytes] = {}
    for generator in GENERATORS:
        try:
            pages.update(generator(kb))
        except Exception as error:
            import traceback

            raise GenerationFailed(MAKES[generator], error, traceback.format_exc()) from error
    return pages
