"""Map lines of generated pages back to the knowledge-base file they came from.

Sphinx reports problems against the page the build generated (`_build/source/practices/x.md:40`); authors need
their own file (`practices/x.md`, of the same name but another folder) and the line they wrote.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from inclucities import addresses, layout
from inclucities.kb.model import KnowledgeBase


@dataclass(frozen=True)
class Origin:
    generated_line: int  # where the copied text starts in the generated page
    source: str  # the knowledge-base file, relative to its root
    source_line: int  # where the same text starts in the source


def build_source_map(kb: KnowledgeBase, pages: Mapping[str, str | bytes]) -> dict[str, Origin]:
    """For each generated page that embeds an author's Markdown body, where that body came from."""
    origins: dict[str, Origin] = {}
    for practice_id, entry in kb.practices.items():
        page_name = addresses.practice_page(practice_id)
        body = entry.body.strip()
        page = pages.get(page_name, "")
        if not body or not isinstance(page, str) or body not in page:  # a practice page is text, never a download
            continue
        leading = len(entry.body) - len(entry.body.lstrip())
        source_line = entry.body_line + entry.body[:leading].count("\n")
        generated_line = page[: page.index(body)].count("\n") + 1
        origins[page_name] = Origin(
            generated_line, entry.path.relative_to(kb.root).as_posix(), source_line
        )
    return origins


_LOCATION = re.compile(r"([^\s:]+\.md):(\d+)")
_SOURCE = f"/{layout.SOURCE}/"  # a page of the book's source, named by its whole path: `…/_build/source/practices/x.md`


def translate_locations(text: str, origins: dict[str, Origin]) -> str:
    """Rewrite `practices/x.md:40` (a generated page, relative to the book's source or under a path ending in
    `source/`) as `practices/x.md:12`, the author's file and line, wherever the line came from a source."""

    def replace(match: re.Match[str]) -> str:
        found, line = match.group(1), int(match.group(2))
        page = found.rsplit(_SOURCE, 1)[1] if _SOURCE in found else found
        origin = origins.get(page)
        if origin is None:
            return match.group(0)
        if line < origin.generated_line:
            return f"{origin.source} (in the page generated from it, at its line {line})"
        return f"{origin.source}:{origin.source_line + line - origin.generated_line}"

    return _LOCATION.sub(replace, text)
