"""Charts on generated Markdown pages: an SVG file, its text alternative, and its data in a folded table.

No raw HTML is needed: the image is a Markdown image whose alt text is the text alternative, and the data
table sits in a collapsible admonition.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from inclucities.pages import anchors
from inclucities.pages import markdown as md
from inclucities.render import svg


def figure(
    page: str, name: str, chart: alt.TopLevelMixin, alt_text: str, data: pd.DataFrame, caption: str
) -> tuple[str, dict[str, str | bytes]]:
    """Markdown for `page` (a path relative to `_generated/`) and the SVG file it shows."""
    file = anchors.figure_file(name)
    target = "../" * page.count("/") + file
    rows = [[md.text(value) for value in row] for row in data.astype(str).itertuples(index=False)]
    text = "\n\n".join(
        [
            f"![{md.alt_text(alt_text)}]({target})",
            f"*{md.text(caption)}* {md.text(alt_text)}",
            f":::{{admonition}} Data table: {md.text(caption)}\n:class: dropdown\n\n"
            + md.table([md.text(c) for c in data.columns], rows)
            + "\n:::",
        ]
    )
    return text, {file: svg(chart)}
