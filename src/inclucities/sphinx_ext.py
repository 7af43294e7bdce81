"""Sphinx extension loaded into every guide: keeps knowledge-base text inert and adds the kit's styles.

Practice bodies are MyST Markdown written by many hands. MyST passes raw HTML through as `raw` nodes; in pages
generated from the knowledge base those nodes are replaced by their source shown as text, so a `<script>` or an
`<img onerror>` in a practice is displayed, never run.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

GENERATED_PREFIX = "_generated/"
SITE_FILES = "site-files"  # inclucities.pages.anchors.SITE_FILES (not imported: Sphinx loads this module alone)
STATIC = Path(__file__).parent / "static"


def neutralise_raw(app: Sphinx, doctree: nodes.document) -> None:
    # Notebook outputs are HTML written by this package with every text escaped; Markdown pages embed authors' text.
    if not app.env.docname.startswith(GENERATED_PREFIX) or not str(app.env.doc2path(app.env.docname)).endswith(".md"):
        return
    for raw in list(doctree.findall(nodes.raw)):
        if raw.get("inclucities-trusted"):
            continue
        text = raw.astext()
        inline = isinstance(raw.parent, nodes.TextElement)
        replacement: nodes.Element = (
            nodes.literal(text, text, classes=["inclucities-neutralised"])
            if inline
            else nodes.literal_block(text, text, classes=["inclucities-neutralised"])
        )
        raw.replace_self(replacement)


def download_file_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # type: ignore[no-untyped-def]
    """`{download-file}`label <downloads/x.zip>``: a link to a file published at the root of the site.

    The address is checked: a link to a file the build did not produce is an error, not a broken link.
    """
    env = inliner.document.settings.env
    match = re.fullmatch(r"\s*(.*?)\s*<([^<>]+)>\s*", text, re.DOTALL)
    label, target = (match.group(1), match.group(2)) if match else (text, text)
    source = Path(env.srcdir) / GENERATED_PREFIX / SITE_FILES / target
    if ".." in Path(target).parts or not source.is_file():
        message = inliner.reporter.error(f"download-file: no file {target!r} was generated", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    uri = "../" * env.docname.count("/") + target
    return [nodes.reference(rawtext, label or target, refuri=uri, classes=["download-file"])], []


def drop_remote_scripts(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """Remove scripts that point at other hosts (sphinx-thebe's unpkg URL): the guide must work offline."""

    def remote(filename: Any, attributes: dict[str, Any]) -> bool:
        text = f"{filename or ''} {attributes.get('body', '')}"
        return "://" in text or "sphinx-thebe" in text

    app.registry.js_files = [(f, a) for f, a in app.registry.js_files if not remote(f, a)]
    builder = app.builder
    if hasattr(builder, "script_files"):
        builder.script_files[:] = [s for s in builder.script_files if not remote(s.filename, s.attributes)]


def add_static(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", add_static)
    app.add_role("download-file", download_file_role)
    app.connect("doctree-read", neutralise_raw)
    app.connect("env-before-read-docs", drop_remote_scripts, priority=900)  # after sphinx-thebe (500) added them
    app.add_css_file("inclucities.css")
    # Each script of the kit looks for its own elements and does nothing on pages without them.
    for script in sorted(STATIC.glob("*.js")):
        app.add_js_file(script.name, loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
