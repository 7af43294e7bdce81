"""A rendered chart placed in an HTML page: the SVG itself, so that its marks' tooltips work, named by its text
alternative. Shared by notebook figures and the `inclucities-chart` directive; imports nothing heavy, since
Sphinx loads it with the kit's extension.

A chart drawn in two layouts (`charts.Responsive`) is placed twice, once for the content column of a desktop page
and once for a phone's screen; the kit's `charts.css` shows one of the two, so that its text is read at the size it
was drawn at instead of being shrunk with the whole image.
"""

from __future__ import annotations

from inclucities.addresses import NARROW_SUFFIX, narrow_file
from inclucities.markup.html import esc

__all__ = ["NARROW_SUFFIX", "narrow_file", "labelled_chart"]  # the narrow file's name is the addresses' own

WIDE_CLASS = "inclucities-chart-wide"
NARROW_CLASS = "inclucities-chart-narrow"


def _hidden(svg_text: str) -> str:
    return svg_text.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def labelled_chart(svg_text: str, alt_text: str, css_class: str = "", narrow_svg: str | None = None) -> str:
    """`svg_text` hidden from assistive technology inside a wrapper whose accessible name is `alt_text`; with
    `narrow_svg`, both layouts, each in its own box for the style sheet to show or hide."""
    classes = f' class="{esc(css_class)}"' if css_class else ""
    image = _hidden(svg_text)
    if narrow_svg is not None:
        image = f'<div class="{WIDE_CLASS}">{image}</div><div class="{NARROW_CLASS}">{_hidden(narrow_svg)}</div>'
    return f'<div{classes} role="img" aria-label="{esc(alt_text)}">{image}</div>'
