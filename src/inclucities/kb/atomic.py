"""Writing files so that no reader (a build, a browser, the kit itself) ever sees half of one.

Each file is written to a temporary file beside it, then renamed over it; several files are all written before
any is renamed, so a failure while writing leaves every old file as it was. Temporary names start with a dot,
which the loader and the builds ignore.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_files(contents: dict[Path, str | bytes]) -> None:
    """Replace every file of `contents` (path → text, written as UTF-8, or bytes), all of them or none."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, content in contents.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(content.encode("utf-8") if isinstance(content, str) else content)
            os.chmod(name, _file_mode())  # mkstemp makes private files; these are ordinary files to share
            staged.append((Path(name), target))
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _target in staged:
            temporary.unlink(missing_ok=True)


def write_file(path: Path, content: str | bytes) -> None:
    write_files({path: content})


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
