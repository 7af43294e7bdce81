"""`inclucities new DIR`: a small, valid, buildable knowledge base for another network."""

from __future__ import annotations

import datetime
import json
import shutil
import tempfile
from pathlib import Path
from string import Template

from inclucities import layout
from inclucities.errors import Refused
from inclucities.markup import markdown

TEMPLATE = layout.NEW_KB_TEMPLATE
RENAMED = {"gitignore": ".gitignore"}  # dot files do not survive packaging


def scaffold(directory: Path, name: str | None = None) -> Path:
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise Refused(str(directory), "already exists and is not empty; choose a new folder (nothing was written)")
    title = name or directory.resolve().name.replace("-", " ").replace("_", " ").strip().title() or "New network"
    values = {
        "md_title": markdown.text(title),
        "yaml_name": json.dumps(title, ensure_ascii=False),
        "yaml_guide_title": json.dumps(f"{title}: a methodological guide", ensure_ascii=False),
        "yaml_author": json.dumps(f"{title} contributors", ensure_ascii=False),
        "year": str(datetime.date.today().year),
    }
    directory.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target, then moved into place: an interrupted scaffold leaves no half-made folder.
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    try:
        for source in sorted(TEMPLATE.rglob("*")):
            if source.is_dir() or "__pycache__" in source.parts:
                continue
            relative = source.relative_to(TEMPLATE)
            target = staging / relative.parent / RENAMED.get(relative.name, relative.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(Template(source.read_text(encoding="utf-8")).safe_substitute(values), encoding="utf-8")
        for folder in layout.EMPTY_FOLDERS:
            (staging / folder).mkdir(parents=True, exist_ok=True)
        if directory.exists():
            directory.rmdir()
        staging.replace(directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return directory
