"""Compile the guide with Jupyter Book 1 (Sphinx), warnings as errors, and publish it atomically.

Sphinx works incrementally in `_build/.work`; only a build that succeeds replaces `_build/html`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from inclucities.generated_tree import publish
from inclucities.pages.anchors import GENERATED, SITE_FILES
from inclucities.problems import BuildFailed
from inclucities.source_map import Origin, translate_locations

EXTENSION = "inclucities.sphinx_ext"
SITE_FILES_SOURCE = f"{GENERATED}/{SITE_FILES}"
# Settings every guide needs, whatever its _config.yml says: notebooks are executed by inclucities (not by
# Jupyter Book), only pages in the table of contents are built, and the kit's extension is always loaded.
FORCED: dict[str, Any] = {
    "only_build_toc_files": True,
    "execute": {"execute_notebooks": "off"},
    "html": {"use_multitoc_numbering": False},
}
ALWAYS_EXCLUDED = [
    f"{GENERATED}/{SITE_FILES}",
    "_build",
    ".*",
    "**/.*",
    "tests",
    "docs",
    "scripts",
    "src",
    "README.md",
    "**/README.md",
]
_WARNING = re.compile(r"(WARNING|ERROR|CRITICAL|Exception|Error)[:\s]")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def work_dir(kb: Path) -> Path:
    return kb / "_build" / ".work"


def site_dir(kb: Path) -> Path:
    return kb / "_build" / "html"


def effective_config(kb: Path) -> dict[str, Any]:
    """The KB's `_config.yml` with the kit's required settings layered on top."""
    yaml = YAML(typ="safe")
    config: dict[str, Any] = yaml.load((kb / "_config.yml").read_text(encoding="utf-8")) or {}
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


def effective_toc(kb: Path) -> dict[str, Any]:
    """The KB's `_toc.yml` without globs that match no page, so a knowledge base without, say, action plans
    builds with the same table of contents (Jupyter Book rejects an empty glob)."""
    yaml = YAML(typ="safe")
    toc: dict[str, Any] = yaml.load((kb / "_toc.yml").read_text(encoding="utf-8")) or {}

    def matches(pattern: str) -> bool:
        return any(path.suffix in (".md", ".ipynb") for path in kb.glob(pattern))

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


def compile_book(kb: Path, *, jobs: int = 1, force: bool = False, origins: dict[str, Origin] | None = None) -> Path:
    """Run Jupyter Book on `kb`; on success publish to `_build/html` and return it."""
    kb = kb.resolve()
    work = work_dir(kb)
    work.mkdir(parents=True, exist_ok=True)
    config_path = work / "_config.yml"
    yaml = YAML(typ="safe")
    yaml.default_flow_style = False
    with config_path.open("w", encoding="utf-8") as handle:
        yaml.dump(effective_config(kb), handle)
    toc_path = work / "_toc.yml"
    with toc_path.open("w", encoding="utf-8") as handle:
        yaml.dump(effective_toc(kb), handle)
    # Sphinx runs in its own process (it patches docutils globals), through jupyter-book's build function
    # so that jobs > 1 reads pages in parallel; the jupyter-book command has no option for it.
    command = [
        sys.executable,
        "-m",
        "inclucities.sphinx_run",
        str(kb),
        str(work / "_build" / "html"),
        str(config_path),
        str(toc_path),
        str(jobs),
    ]
    documents = document_list(kb)
    documents_file = work / "documents.txt"
    if force or not documents_file.is_file() or documents_file.read_text(encoding="utf-8") != documents:
        # A page added or removed can change how links on unchanged pages resolve: write every page again.
        command.append("--all")
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace")
    output = _ANSI.sub("", result.stdout + result.stderr)
    built = work / "_build" / "html"
    if result.returncode != 0 or "build finished with problems" in output or not (built / "index.html").is_file():
        raise BuildFailed("Jupyter Book (Sphinx) reported:\n" + translate_locations(_summarise(output, kb), origins or {}))
    site = site_dir(kb)
    publish(built, site)
    documents_file.write_text(documents, encoding="utf-8")
    return site


def document_list(kb: Path) -> str:
    """Every page source of the book, one per line: a change in this list means links must be resolved again."""
    pages = sorted(
        path.relative_to(kb).as_posix()
        for pattern in ("book/**/*", "_generated/**/*")
        for path in kb.glob(pattern)
        if path.suffix in (".md", ".ipynb") and "site-files" not in path.parts
    )
    return "\n".join(pages)


def _summarise(output: str, kb: Path) -> str:
    lines = [line for line in output.splitlines() if _WARNING.search(line)]
    lines = lines or output.strip().splitlines()[-15:]
    root = str(kb.resolve()) + "/"
    return "\n".join("  " + line.replace(root, "") for line in lines[:40])
