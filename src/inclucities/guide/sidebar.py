"""The navigation sidebar drawn once per group of sibling pages instead of once per page.

The theme draws each page's sidebar by resolving the whole table of contents and reparsing the result, which
is most of the time Sphinx spends writing a large guide: a chapter of n pages (practices, city profiles) costs
n sidebars of n entries each. The sidebars of two pages without sub-pages that share their parent and their
folder, below a chapter, differ only in which entry is marked as the current page, so the first one is kept with that mark
removed and the others are derived from it by adding theirs. Whenever the marks are not found exactly as
expected (another theme, a page listed twice) the sidebar is drawn as usual.

`INCLUCITIES_VERIFY_SIDEBAR=1` draws every sidebar as usual too and stops the build if a derived one differs
(the test suite builds the bundled guide this way).
"""

from __future__ import annotations

import difflib
import os
import posixpath
import re
from collections.abc import Callable
from typing import Any

_CURRENT = re.compile(r'<li class="toctree-l(\d+) current active"><a class="current reference internal" href="#">')


def _current(level: str) -> str:
    return f'<li class="toctree-l{level} current active"><a class="current reference internal" href="#">'


def _plain(level: str, href: str) -> str:
    return f'<li class="toctree-l{level}"><a class="reference internal" href="{href}">'


class SiblingSidebars:
    """Sidebars of one Sphinx build, kept as templates per (arguments, parent page, folder)."""

    def __init__(self) -> None:
        self._templates: dict[tuple[Any, ...], str] = {}
        self._parents: dict[str, str] | None = None
        self.verify = os.environ.get("INCLUCITIES_VERIFY_SIDEBAR") == "1"

    def _parent(self, env: Any, pagename: str) -> str | None:
        if self._parents is None:  # the table of contents is complete once pages are written
            self._parents = {child: parent for parent, children in env.toctree_includes.items() for child in children}
        return self._parents.get(pagename)

    def get(self, app: Any, pagename: str, arguments: tuple[Any, ...], draw: Callable[[], str]) -> str:
        env = app.builder.env
        parent = self._parent(env, pagename)
        # Chapters (children of the root page) sit in different parts, each a list marked current or not.
        if parent is None or parent == env.config.root_doc or env.toctree_includes.get(pagename):
            return draw()
        uri = app.builder.get_target_uri(pagename)
        href = posixpath.basename(uri)
        key = (arguments, parent, posixpath.dirname(uri))
        template = self._templates.get(key)
        if template is not None:
            derived = _mark(template, href)
            if derived is not None:
                if self.verify and derived != (drawn := draw()):
                    diff = "\n".join(
                        difflib.unified_diff(drawn.splitlines(), derived.splitlines(), "drawn", "derived", lineterm="")
                    )
                    raise RuntimeError(f"inclucities: the sidebar derived for {pagename} differs from the one drawn:\n{diff}")
                return derived
        html = draw()
        unmarked = _unmark(html, href)
        if unmarked is not None and template is None:
            self._templates[key] = unmarked
        return html


def _unmark(html: str, href: str) -> str | None:
    """`html` with its one current-page entry made an ordinary link to `href`, or None if it has not one."""
    found = _CURRENT.findall(html)
    if len(found) != 1:
        return None
    plain = _plain(found[0], href)
    if plain in html:  # the page is listed twice
        return None
    return html.replace(_current(found[0]), plain)


def _mark(template: str, href: str) -> str | None:
    """The sidebar of the page at `href`: its ordinary entry in `template` marked current."""
    found = re.findall(rf'<li class="toctree-l(\d+)"><a class="reference internal" href="{re.escape(href)}">', template)
    if len(found) != 1:
        return None
    return template.replace(_plain(found[0], href), _current(found[0]))
