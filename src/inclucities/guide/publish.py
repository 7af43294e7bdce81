"""Writing the generated pages: only files whose content changed are touched, so Sphinx rebuilds only those."""

from __future__ import annotations

import shutil
from pathlib import Path

from inclucities.kb.atomic import write_file


def sync_tree(folder: Path, files: dict[str, str | bytes]) -> tuple[int, int]:
    """Make `folder` hold exactly `files` (relative path → text or bytes). Returns (written, removed)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        if path.is_file() and path.read_bytes() == data:
            continue
        write_file(path, data)
        written += 1
    wanted = {folder / name for name in files}
    removed = 0
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written, removed


def publish(built: Path, site: Path) -> None:
    """Replace `site` by a copy of `built` so that readers never see a half-written site."""
    staging = site.with_name(site.name + ".new")
    previous = site.with_name(site.name + ".old")
    for leftover in (staging, previous):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(built, staging)
    if site.exists():
        site.replace(previous)
    staging.replace(site)
    if previous.exists():
        shutil.rmtree(previous)
