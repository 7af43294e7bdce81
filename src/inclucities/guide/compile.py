"""Compile the guide with Jupyter Book 1 (Sphinx), warnings as errors, and publish it atomically.

Sphinx works incrementally in the build's work folder; only a build that succeeds replaces the published site.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from inclucities import layout
from inclucities.errors import BuildFailed
from inclucities.guide.config import effective_config, effective_toc
from inclucities.guide.publish import publish, sync_tree
from inclucities.guide.source_map import Origin, translate_locations

_WARNING = re.compile(r"(WARNING|ERROR|CRITICAL|Exception|Error)[:\s]")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


# Sphinx writes pages in forked processes when given jobs; for a handful of changed pages forking costs more
# than it saves (about half a second for one page), so a small incremental build runs in one process.
SERIAL_UP_TO = 8


def compile_book(
    folders: layout.BuildFolders,
    *,
    jobs: int = 1,
    force: bool = False,
    origins: dict[str, Origin] | None = None,
    changed: int | None = None,
) -> Path:
    """Run Jupyter Book on the knowledge base; on success publish the site and return its folder.

    `changed`: how many source pages this build wrote or removed (None: unknown)."""
    kb = folders.root.resolve()
    work = folders.work
    work.mkdir(parents=True, exist_ok=True)
    if folders.source != folders.root:
        mirror_chapters(kb, folders.source)
    config_path = work / "_config.yml"
    yaml = YAML(typ="safe")
    yaml.default_flow_style = False
    with config_path.open("w", encoding="utf-8") as handle:
        yaml.dump(effective_config(kb), handle)
    toc_path = work / "_toc.yml"
    with toc_path.open("w", encoding="utf-8") as handle:
        yaml.dump(effective_toc(kb, folders.source), handle)
    # Sphinx runs in its own process (it patches docutils globals), through jupyter-book's build function
    # so that jobs > 1 reads pages in parallel; the jupyter-book command has no option for it.
    command = [
        sys.executable,
        "-m",
        "inclucities.guide.sphinx_run",
        str(folders.source),
        str(folders.sphinx_output),
        str(config_path),
        str(toc_path),
    ]
    documents = document_list(folders.source)
    documents_file = folders.documents
    rebuild_all = force or not documents_file.is_file() or documents_file.read_text(encoding="utf-8") != documents
    small = not rebuild_all and changed is not None and changed <= SERIAL_UP_TO
    command.append(str(1 if small else jobs))
    if rebuild_all:
        # A page added or removed can change how links on unchanged pages resolve: write every page again.
        command.append("--all")
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace")
    output = _ANSI.sub("", result.stdout + result.stderr)
    built = folders.sphinx_output
    if result.returncode != 0 or "build finished with problems" in output or not (built / "index.html").is_file():
        summary = _summarise(output, folders.source)
        raise BuildFailed("Jupyter Book (Sphinx) reported:\n" + translate_locations(summary, origins or {}))
    site = folders.site
    publish(built, site)
    documents_file.write_text(documents, encoding="utf-8")
    return site


def mirror_chapters(kb: Path, source: Path) -> None:
    """With `--out`, Sphinx reads a copy of the knowledge base's chapters: only files that changed are written
    again, so that Sphinx rebuilds only the pages that changed."""
    chapters = kb / layout.BOOK
    files: dict[str, bytes] = {}
    if chapters.is_dir():
        for path in sorted(chapters.rglob("*")):
            relative_path = path.relative_to(kb)
            if path.is_file() and not layout.is_hidden(relative_path):
                files[relative_path.as_posix()] = path.read_bytes()
    sync_tree(source / layout.BOOK, {name.removeprefix(f"{layout.BOOK}/"): data for name, data in files.items()})


def document_list(source: Path) -> str:
    """Every page source of the book, one per line: a change in this list means links must be resolved again."""
    pages = sorted(
        path.relative_to(source).as_posix()
        for pattern in layout.PAGE_SOURCE_PATTERNS
        for path in source.glob(pattern)
        if path.suffix in layout.PAGE_SUFFIXES and layout.SITE_FILES not in path.parts
    )
    return "\n".join(pages)


def _summarise(output: str, source: Path) -> str:
    lines = [line for line in output.splitlines() if _WARNING.search(line)]
    lines = lines or output.strip().splitlines()[-15:]
    root = str(source.resolve()) + "/"
    return "\n".join("  " + line.replace(root, "") for line in lines[:40])
