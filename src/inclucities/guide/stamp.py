"""The build stamp: what the last successful build was made from, so that a build with nothing new stops at once."""

from __future__ import annotations

import os
from pathlib import Path

from inclucities import layout
from inclucities.kb.fingerprint import knowledge_base_digest, package_digest


def build_stamp(kb_root: Path) -> str:
    """Every knowledge-base file, the kit's code and the date the build must show (SOURCE_DATE_EPOCH), as one line."""
    return f"{knowledge_base_digest(kb_root)} {package_digest()} {os.environ.get('SOURCE_DATE_EPOCH', '')}"


def is_up_to_date(folders: layout.BuildFolders, stamp: str) -> bool:
    return (folders.site / "index.html").is_file() and folders.stamp.is_file() and folders.stamp.read_text() == stamp


def record(folders: layout.BuildFolders, stamp: str) -> None:
    folders.stamp.write_text(stamp)
