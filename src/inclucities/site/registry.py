"""Every page generator, in one list: adding a kind of page means adding a line here."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from inclucities.errors import GenerationFailed
from inclucities.kb.fingerprint import records_digest
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
# The only generators that show the practices' Markdown bodies: the others are not re-run for a text edit.
READS_BODIES: frozenset[Generator] = frozenset({practices.pages})


class Memo:
    """What each generator made in an earlier build of this process, with the digest of the records it read.

    A live preview keeps one: after a practice's text edit only the practice pages are made again, and the
    posters and maps (about two seconds of drawing) are reused. Digests cover every record, so a data edit
    remakes every page that could show it."""

    def __init__(self) -> None:
        self._made: dict[Generator, tuple[str, Mapping[str, str | bytes]]] = {}

    def get(self, generator: Generator, digest: str) -> Mapping[str, str | bytes] | None:
        made = self._made.get(generator)
        return made[1] if made is not None and made[0] == digest else None

    def put(self, generator: Generator, digest: str, files: Mapping[str, str | bytes]) -> None:
        self._made[generator] = (digest, files)


def generate(kb: KnowledgeBase, memo: Memo | None = None) -> dict[str, str | bytes]:
    """All generated files: path relative to the book's source (addresses.py) → MyST Markdown pages, figures and downloads.

    The knowledge base is valid here: an exception is the kit's bug, reported with what was being made."""
    pages: dict[str, str | bytes] = {}
    digests: dict[bool, str] = {}
    for generator in GENERATORS:
        digest = ""
        if memo is not None:
            bodies = generator in READS_BODIES
            digest = digests.get(bodies) or digests.setdefault(bodies, records_digest(kb, bodies=bodies))
            reused = memo.get(generator, digest)
            if reused is not None:
                pages.update(reused)
                continue
        try:
            files = generator(kb)
        except Exception as error:
            import traceback

            raise GenerationFailed(MAKES[generator], error, traceback.format_exc()) from error
        if memo is not None:
            memo.put(generator, digest, files)
        pages.update(files)
    return pages
