"""Compile the guide with Jupyter Book 1 (Sphinx), warnings as errors, and publish it atomically.

Sphinx works incrementally in the build's work folder; only a build that succeeds replaces the published site.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from ruamel.yaml import YAML

from inclucities import layout
from inclucities.errors import BuildFailed
from inclucities.guide.config import effective_config, effective_toc
from inclucities.guide.publish import publish
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
    """Run Jupyter Book on the book's source (`folders.source`, which the caller has filled with `source_files`);
    on success publish the site and return its folder.

    `changed`: how many source pages this build wrote or removed (None: unknown)."""
    kb = folders.root.resolve()
    work = folders.work
    work.mkdir(parents=True, exist_ok=True)
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


def source_files(kb: Path, pages: Mapping[str, str | bytes]) -> dict[str, str | bytes]:
    """Everything Sphinx reads: the knowledge base's chapters (`book/`, copied, so that the build never writes
    beside them) and the generated pages and files (`pages`, named from the book's root, as addresses.py does).

    The caller writes them with one `sync_tree` of the source folder, which removes whatever an earlier build left
    there and nothing else."""
    files: dict[str, str | bytes] = {}
    chapters = kb / layout.BOOK
    if chapters.is_dir():
        for path in sorted(chapters.rglob("*")):
            relative_path = path.relative_to(kb)
            if path.is_file() and not layout.is_hidden(relative_path):
                files[relative_path.as_posix()] = path.read_bytes()
    clashing = sorted(name for name in pages if layout.is_chapter(name))
    if clashing:  # a generator's mistake, not the author's: addresses.py names no page under book/
        raise BuildFailed(f"generated pages would replace chapters: {', '.join(clashing)}")
    return {**files, **pages}


def document_list(source: Path) -> str:
    """Every page source of the book, one per line: a change in this list means links must be resolved again."""
    pages = sorted(
        path.relative_to(source).as_posix()
        for path in source.rglob("*")
        if path.suffix in layout.PAGE_SUFFIXES and path.relative_to(source).parts[0] != layout.SITE_FILES
    )
    return "\n".join(pages)


def _summarise(output: str, source: Path) -> str:
    lines = [line for line in output.splitlines() if _WARNING.search(line)]
    lines = lines or output.strip().splitlines()[-15:]
    root = str(source.resolve()) + "/"
    return "\n".join("  " + line.replace(root, "") for line in lines[:40])
