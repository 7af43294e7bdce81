"""The Jupyter Book configuration of a build: the knowledge base's `_config.yml` and `_toc.yml` with the kit's
required settings layered on top (the author's own settings are kept wherever the kit does not need its own)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inclucities import layout
from inclucities.kb.files import read_yaml  # the bounded reader that validated them

EXTENSION = "inclucities.guide.sphinx_ext"
SITE_FILES_SOURCE = f"{layout.GENERATED}/{layout.SITE_FILES}"
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
    for key, value in FORCED.items():
        config[key] = {**config.get(key, {}), **value} if isinstance(value, dict) else value
    config["exclude_patterns"] = sorted(set(config.get("exclude_patterns") or []) | set(ALWAYS_EXCLUDED))
    sphinx = config.setdefault("sphinx", {})
    sphinx_config = sphinx.setdefault("config", {})
    extra = list(sphinx_config.get("html_extra_path") or [])
    sphinx_config["html_extra_path"] = [*extra, SITE_FILES_SOURCE] if SITE_FILES_SOURCE not in extra else extra
    extensions = sphinx.get("extra_extensions") or []
    if EXTENSION not in extensions:
        sphinx["extra_extensions"] = [*extensions, EXTENSION]
    return config


def effective_toc(kb: Path, source: Path | None = None) -> dict[str, Any]:
    """The KB's `_toc.yml` without globs that match no page in `source` (what Sphinx reads, by default the KB),
    so a knowledge base without, say, action plans builds with the same table of contents (Jupyter Book rejects
    an empty glob)."""
    pages = source if source is not None else kb
    toc: dict[str, Any] = read_yaml(kb / layout.TOC_FILE, kb).data or {}

    def matches(pattern: str) -> bool:
        return any(path.suffix in layout.PAGE_SUFFIXES for path in pages.glob(pattern))

    def prune(entries: list[Any]) -> list[Any]:
        kept = []
        for entry in entries:
            if not isinstance(entry, dict):
                kept.append(entry)
                continue
            if "glob" in entry and not matches(str(entry["glob"])):
                continue
            for key in ("sections", "chapters", "parts"):
                if isinstance(entry.get(key), list):
                    entry[key] = prune(entry[key])
                    if not entry[key]:
                        del entry[key]
            if set(entry) & {"file", "glob", "url", "sections", "chapters"}:
                kept.append(entry)
        return kept

    for key in ("parts", "chapters", "sections"):
        if isinstance(toc.get(key), list):
            toc[key] = prune(toc[key])
    return toc


