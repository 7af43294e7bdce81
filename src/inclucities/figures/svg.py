"""A rendered chart placed in an HTML page: the SVG itself, so that its marks' tooltips work, named by its text
alternative. Shared by notebook figures and the `inclucities-chart` directive; imports nothing heavy, since
Sphinx loads it with the kit's extension."""

from __future__ import annotations

from inclucities.markup.html import esc


def labelled_chart(svg_text: str, alt_text: str, css_class: str = "") -> str:
    """`svg_text` hidden from assistive technology inside a wrapper whose accessible name is `alt_text`."""
    image = svg_text.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    classes = f' class="{esc(css_class)}"' if css_class else ""
    return f'<div{classes} role="img" aria-label="{esc(alt_text)}">{image}</div>'
