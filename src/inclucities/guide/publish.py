"""Writing the generated pages: only files whose content changed are touched, so Sphinx rebuilds only those."""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
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
    """Replace `site` by a copy of `built`: at every instant `site` is the old complete site or the new one.

    The copy is made beside `site`, then the two folders are exchanged in one step (Linux's renameat2 with
    RENAME_EXCHANGE), and the old one is removed. Where the system cannot exchange folders, the old site is moved
    aside and the new one into place, two renames a moment apart. A leftover of an interrupted publish (the
    `.new` copy, or an `.old` site) is removed first; if `site` itself is missing then, the `.old` one is the last
    complete site and is put back.
    """
    staging = site.with_name(site.name + ".new")
    previous = site.with_name(site.name + ".old")
    if previous.exists() and not site.exists():
        previous.replace(site)
    for leftover in (staging, previous):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(built, staging)
    if not site.exists():
        staging.replace(site)
    elif _exchange(staging, site):
        shutil.rmtree(staging)  # now the old site
    else:
        site.replace(previous)
        staging.replace(site)
        shutil.rmtree(previous)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically; False where the system cannot (not Linux, an old kernel, another file system)."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)  # glibc 2.28 and later
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return bool(result == 0)
