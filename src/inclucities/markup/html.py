"""Text from the knowledge base written into HTML: the kit's one HTML escaper."""

from __future__ import annotations

import html


def esc(value: object) -> str:
    """`value` as text that stays text in an element or a double- or single-quoted attribute."""
    return html.escape(str(value), quote=True)
