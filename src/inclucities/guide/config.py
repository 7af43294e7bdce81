"""The Jupyter Book configuration of a build: the knowledge base's `_config.yml` and `_toc.yml` with the kit's
required settings layered on top (the author's own settings are kept wherever the kit does not need its own)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from inclucities import addresses, layout
from inclucities.kb.files import read_yaml  # the bounded reader that validated them
from inclucities.kb.identity import SECTION, Identity

EXTENSION = "inclucities.guide.sphinx_ext"
SITE_FILES_SOURCE = layout.SITE_FILES  # relative to the book's source, where the generated files are
# Settings every guide needs, whatever its _config.yml says: notebooks are executed by inclucities (not by
# Jupyter Book), only pages in the table of contents are built, and the kit's extension is always loaded.
FORCED: dict[str, Any] = {
    "only_build_toc_files": True,
    "execute": {"execute_notebooks": "off"},
    "html": {"use_multitoc_numbering": False},
}
# Never pages of the book, in any knowledge base: downloads, the build's own folders, hidden files, read-me files.
# A knowledge base that keeps other folders beside its sources (a kit's own tests, say) excludes them in its
# `_config.yml` (`exclude_patterns`).
ALWAYS_EXCLUDED = [
    SITE_FILES_SOURCE,
    layout.BUILD,
    ".*",
    "**/.*",
    "README.md",
    "**/README.md",
]


def effective_config(kb: Path) -> dict[str, Any]:
    """The KB's `_config.yml` with the kit's required settings layered on top."""
    config: dict[str, Any] = read_yaml(kb / layout.CONFIG_FILE, kb).data or {}
    identity = config.pop(SECTION, None)
    for key, value in FORCED.items():
        config[key] = {**config.get(key, {}), **value} if isinstance(value, dict) else value
    config["exclude_patterns"] = sorted(set(config.get("exclude_patterns") or []) | set(ALWAYS_EXCLUDED))
    sphinx = config.setdefault("sphinx", {})
    sphinx_config = sphinx.setdefault("config", {})
    # Jupyter Book numbers figures and tables by default, which makes Sphinx walk every page's tree on every
    # build (about 0.8 s for the bundled guide, however small the edit); the kit's pages do not refer to numbers.
    sphinx_config.setdefault("numfig", False)
    extra = list(sphinx_config.get("html_extra_path") or [])
    sphinx_config["html_extra_path"] = [*extra, SITE_FILES_SOURCE] if SITE_FILES_SOURCE not in extra else extra
    sphinx_config.update(identity_settings(identity))
    # One search box per page: the theme's header already has one (an icon on a phone), so the primary sidebar
    # does not repeat it. A KB that sets its own `html_sidebars` keeps them.
    sphinx_config.setdefault("html_sidebars", {"**": SIDEBAR_ITEMS})
    extensions = sphinx.get("extra_extensions") or []
    if EXTENSION not in extensions:
        sphinx["extra_extensions"] = [*extensions, EXTENSION]
    return config


# sphinx-book-theme's primary sidebar without its `search-button-field.html`.
SIDEBAR_ITEMS = ["navbar-logo.html", "icon-links.html", "sbt-sidebar-nav.html"]


def identity_settings(section: Any) -> dict[str, Any]:
    """The Sphinx settings that carry the `inclucities:` section of `_config.yml` (validated by `check` before any
    build): the logo and the favicon as Sphinx's own settings, the whole section for the kit's extension, which
    draws the footer from it. Paths stay relative to the book's source folder, so the same guide built in another
    folder has the same configuration."""
    identity = Identity.model_validate(section or {})
    settings: dict[str, Any] = {"inclucities_identity": identity.model_dump(mode="json", exclude_none=True)}
    if identity.logo is not None:
        settings["html_logo"] = identity.logo.image
    if identity.favicon is not None:
        settings["html_favicon"] = identity.favicon
    return settings


def effective_toc(kb: Path, source: Path) -> dict[str, Any]:
    """The KB's `_toc.yml` without globs that match no page in `source` (what Sphinx reads), so a knowledge base
    without, say, action plans builds with the same table of contents (Jupyter Book rejects an empty glob).

    A table of contents written for earlier builds names the generated pages under `_generated/` (and the
    notebooks under `_generated/analyses/`): each such entry is read as the page's current name
    (addresses.current), so that knowledge base builds unchanged."""
    pages = source
    toc: dict[str, Any] = read_yaml(kb / layout.TOC_FILE, kb).data or {}

    def matches(pattern: str) -> bool:
        return any(path.suffix in layout.PAGE_SUFFIXES for path in pages.glob(pattern))

    def prune(entries: list[Any]) -> list[Any]:
        kept: list[Any] = []
        for entry in entries:
            if not isinstance(entry, dict):
                kept.append(entry)
                continue
            for key in ("file", "glob"):
                if isinstance(entry.get(key), str):
                    entry[key] = addresses.current(entry[key])
            if "glob" in entry and not matches(str(entry["glob"])):
                continue
            if set(entry) == {"glob"} and not layout.is_chapter(str(entry["glob"])):
                kept += [{"file": page} for page in by_title(pages, str(entry["glob"]))]
                continue
            for key in ("sections", "chapters", "parts"):
                if isinstance(entry.get(key), list):
                    entry[key] = prune(entry[key])
                    if not entry[key]:
                        del entry[key]
            if set(entry) & {"file", "glob", "url", "sections", "chapters"}:
                kept.append(entry)
        return kept

    if isinstance(toc.get("root"), str):
        toc["root"] = addresses.current(toc["root"])
    for key in ("parts", "chapters", "sections"):
        if isinstance(toc.get(key), list):
            toc[key] = prune(toc[key])
    return toc




# --- generated sections in the order of their titles -----------------------------------------------------------

_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_ESCAPE = re.compile(r"\\(.)")


def by_title(source: Path, pattern: str) -> list[str]:
    """The pages a glob of generated pages matches, as table-of-contents entries, ordered by their titles.

    Sphinx lists a glob's pages by file name, which for records is their id (`arrivo`, `bapa-bxl`, `capaci-…`): a
    reader scanning the sidebar looks for titles. Only generated pages are reordered: an author who globs their own
    chapters may number the files to order them."""
    found = []
    for path in source.glob(pattern):
        relative_path = path.relative_to(source)
        if path.suffix not in layout.PAGE_SUFFIXES or layout.is_hidden(relative_path) or path.name == "README.md":
            continue
        found.append((_sort_key(page_title(path) or path.stem), relative_path.with_suffix("").as_posix()))
    return [page for _key, page in sorted(found)]


def page_title(path: Path) -> str | None:
    """The first level-1 heading of a Markdown page or of a notebook's first Markdown cell, without its escapes."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            cells = json.loads(text).get("cells", [])
            sources = ("".join(cell.get("source", "")) for cell in cells if cell.get("cell_type") == "markdown")
            text = next(sources, "")
    except (OSError, ValueError, AttributeError, TypeError):
        return None  # the build reports an unreadable page itself
    match = _HEADING.search(text)
    return _ESCAPE.sub(r"\1", match.group(1)) if match else None


def _sort_key(title: str) -> tuple[Any, ...]:
    """Titles as a reader orders them: letters without accents or case, numbers by value (`Pair 2` before `Pair 10`)."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().casefold()
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", plain) if part) + (title,)
