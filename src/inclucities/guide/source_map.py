"""Map lines of generated pages back to the knowledge-base file they came from.

Sphinx reports problems against `_generated/practices/x.md`; authors need `practices/x.md` and the line
they wrote.
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
        origins[f"{layout.GENERATED}/{page_name}"] = Origin(
            generated_line, entry.path.relative_to(kb.root).as_posix(), source_line
        )
    return origins


_LOCATION = re.compile(r"(?:[^\s:]*/)?(" + re.escape(layout.GENERATED) + r"/[^\s:]+\.md):(\d+)")


def translate_locations(text: str, origins: dict[str, Origin]) -> str:
    """Rewrite `…/_generated/practices/x.md:40` as `practices/x.md:12` wherever the line came from a source."""

    def replace(match: re.Match[str]) -> str:
        generated, line = match.group(1), int(match.group(2))
        origin = origins.get(generated)
        if origin is None:
            return f"{generated}:{line}"
        if line < origin.generated_line:
            return f"{origin.source} (in the page generated from it, {generated}:{line})"
        return f"{origin.source}:{origin.source_line + line - origin.generated_line}"

    return _LOCATION.sub(replace, text)
