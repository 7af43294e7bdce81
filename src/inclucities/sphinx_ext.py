"""Sphinx extension loaded into every guide: keeps knowledge-base text inert and adds the kit's styles.

Practice bodies are MyST Markdown written by many hands. MyST passes raw HTML through as `raw` nodes; in pages
generated from the knowledge base those nodes are replaced by their source shown as text, so a `<script>` or an
`<img onerror>` in a practice is displayed, never run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

GENERATED_PREFIX = "_generated/"
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


def add_static(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", add_static)
    app.connect("doctree-read", neutralise_raw)
    app.add_css_file("inclucities.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
