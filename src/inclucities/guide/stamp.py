"""The build stamp: what the last successful build was made from, so that a build with nothing new stops at once."""

from __future__ import annotations

from pathlib import Path

from inclucities import layout
from inclucities.kb.fingerprint import knowledge_base_digest, package_digest


def build_stamp(kb_root: Path) -> str:
    """Every knowledge-base file and the kit's code, as one line."""
    return f"{knowledge_base_digest(kb_root)} {package_digest()}"


def is_up_to_date(kb_root: Path, stamp: str) -> bool:
    folders = layout.BuildFolders(kb_root)
    return (folders.site / "index.html").is_file() and folders.stamp.is_file() and folders.stamp.read_text() == stamp


def record(kb_root: Path, stamp: str) -> None:
    layout.BuildFolders(kb_root).stamp.write_text(stamp)
