"""Offline and private: nothing in the built guide loads a script, style, font, image or frame from another host.

A stricter, file-level companion of the browser tests (tests/test_browser.py), which block and report every
request to another host while the pages load.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.build

# Elements that make the browser fetch what their attribute names (an <a href> is only followed when clicked).
LOADING = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),  # SVG
    "use": ("href", "xlink:href"),  # SVG
    "form": ("action",),
    "meta": ("content",),  # <meta http-equiv="refresh" content="0; url=https://…">
}
REMOTE = re.compile(r"(?:\b[a-z][a-z0-9+.-]*:)?//[a-z0-9-]+(?:\.[a-z0-9-]+)+", re.IGNORECASE)
REMOTE_IN_CSS = re.compile(r"""(?:url\(\s*|@import\s+)['"]?\s*(?:[a-z][a-z0-9+.-]*:)?//""", re.IGNORECASE)
ADDRESS = re.compile(r"""https?://([a-z0-9-]+(?:\.[a-z0-9-]+)+)""", re.IGNORECASE)
# Addresses the theme's scripts hold as text, never fetch: each checked by reading the script.
HARMLESS_IN_SCRIPTS = {
    "www.w3.org": "XML namespace names (SVG), identifiers that are never fetched",
    "clipboardjs.com": "clipboard.min.js: the licence banner comment",
    "developer.mozilla.org": "searchtools.js: a comment",
    "pydata-sphinx-theme.readthedocs.io": "pydata-sphinx-theme.js: the text of a console warning about its version switcher (off)",
}


def _remote(value: str) -> bool:
    value = value.strip()
    if value.lower().startswith(("data:", "mailto:", "tel:", "#")):
        return False
    return bool(REMOTE.match(value) or any(REMOTE.match(part.strip()) for part in value.split(",")))


def remote_loads(site: Path) -> list[str]:
    """Every place in `site` that would load something from another host when a page is opened."""
    found: list[str] = []
    scripts: set[Path] = set()
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(list(LOADING)):
            for attribute in LOADING[tag.name]:
                value = tag.get(attribute)
                if not isinstance(value, str):
                    continue
                if tag.name == "meta":
                    if (tag.get("http-equiv") or "").lower() == "refresh" and "//" in value:
                        found.append(f"{name}: <meta http-equiv=refresh content={value!r}>")
                    continue
                if _remote(value):
                    found.append(f"{name}: <{tag.name} {attribute}={value!r}>")
                elif tag.name == "script" and attribute == "src":
                    scripts.add((page.parent / value.split("?")[0].split("#")[0]).resolve())
        for tag in soup.find_all("script", src=False):
            if tag.get("type") in ("application/json", "application/ld+json", "text/x-thebe-config"):
                found += [
                    f"{name}: inline <script type={tag.get('type')}> names {host}" for host in ADDRESS.findall(tag.string or "")
                ]
                continue
            for host in ADDRESS.findall(tag.string or ""):
                if host not in HARMLESS_IN_SCRIPTS:
                    found.append(f"{name}: inline <script> names {host}")
        for tag in soup.find_all("style"):
            if REMOTE_IN_CSS.search(tag.string or ""):
                found.append(f"{name}: <style> loads from another host")
        for tag in soup.find_all(style=True):
            if REMOTE_IN_CSS.search(tag["style"]):
                found.append(f"{name}: <{tag.name} style={tag['style']!r}>")
    for sheet in sorted(site.rglob("*.css")):
        if REMOTE_IN_CSS.search(sheet.read_text(encoding="utf-8", errors="replace")):
            found.append(f"{sheet.relative_to(site)}: url() or @import from another host")
    for script in sorted(scripts):
        if not script.is_file():
            continue  # a missing script is reported by the link check
        for host in sorted(set(ADDRESS.findall(script.read_text(encoding="utf-8", errors="replace")))):
            if host not in HARMLESS_IN_SCRIPTS:
                found.append(f"{script.relative_to(site)}: names {host} (a script the pages load)")
    return found


def test_nothing_in_the_guide_loads_from_another_host(built_bundled: Path) -> None:
    found = remote_loads(built_bundled / "_build" / "html")
    assert not found, "the guide would load from other hosts:\n" + "\n".join(found)


def test_only_ordinary_outbound_links_point_to_other_hosts(built_bundled: Path) -> None:
    """`grep -rE '(src|href)="https?://' _build/html` finds only <a href> links, in the text of pages."""
    site = built_bundled / "_build" / "html"
    pattern = re.compile(r"""<([a-zA-Z][a-zA-Z0-9:-]*)\b[^<>]*?\b(?:src|href)="https?://""")
    hits = 0
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix in (".png", ".xlsx", ".zip", ".ttf", ".woff", ".woff2", ".ico", ".pdf"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in pattern.finditer(text):
            hits += 1
            assert match.group(1).lower() == "a", (path.relative_to(site).as_posix(), match.group(0)[:200])
    assert hits > 50  # the practices' sources


def test_the_offline_check_catches_each_kind_of_remote_load(tmp_path: Path) -> None:
    (tmp_path / "local.js").write_text('fetch("https://tracker.example.com/x")', encoding="utf-8")
    (tmp_path / "a.css").write_text('@font-face { src: url("https://fonts.example.com/f.woff2") }', encoding="utf-8")
    (tmp_path / "page.html").write_text(
        '<script src="https://cdn.example.com/x.js"></script><link rel="stylesheet" href="//cdn.example.com/s.css">'
        '<img src="https://img.example.com/i.png" alt="i"><script src="local.js"></script>'
        '<div style="background: url(https://img.example.com/b.png)"></div>'
        '<script>var s = "https://cdn.jsdelivr.net/npm/mathjax@3";</script>'
        '<a href="https://example.org/source">an ordinary link</a><img src="data:image/png;base64,AA" alt="">',
        encoding="utf-8",
    )
    found = remote_loads(tmp_path)
    assert len(found) == 7, found
