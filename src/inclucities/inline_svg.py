"""A rendered chart placed in an HTML page: the SVG itself, so that its marks' tooltips work, named by its text
alternative. Shared by notebook figures and the `inclucities-chart` directive; imports nothing heavy, since
Sphinx loads it with the kit's extension."""

from __future__ import annotations

import html


def labelled_chart(svg_text: str, alt_text: str, css_class: str = "") -> str:
    """`svg_text` hidden from assistive technology inside a wrapper whose accessible name is `alt_text`."""
    image = svg_text.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    classes = f' class="{html.escape(css_class, quote=True)}"' if css_class else ""
    return f'<div{classes} role="img" aria-label="{html.escape(alt_text, quote=True)}">{image}</div>'
