"""Charts on generated Markdown pages: an SVG file, its text alternative, and its data in a folded table.

No raw HTML is written here: the kit's `inclucities-chart` directive puts the SVG into the page (so that its
marks show tooltips) with the text alternative, and the data table sits in a collapsible admonition. A chart drawn
in two layouts is written as two files, the narrow one named by `figures.svg.narrow_file`; the directive places both.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from inclucities import addresses
from inclucities.figures.charts import Responsive
from inclucities.figures.render import svg
from inclucities.figures.svg import narrow_file
from inclucities.markup import markdown as md


def figure(
    page: str, name: str, chart: alt.TopLevelMixin | Responsive[Any], alt_text: str, data: pd.DataFrame, caption: str
) -> tuple[str, dict[str, str | bytes]]:
    """Markdown for `page` (a path relative to the book's source) and the SVG files it shows."""
    file = addresses.figure_file(name)
    rows = [[md.text(value) for value in row] for row in data.astype(str).itertuples(index=False)]
    text = "\n\n".join(
        [
            f":::{{inclucities-chart}} {file.removeprefix('figures/')}\n{md.one_line(alt_text)}\n:::",
            f"*{md.text(caption)}* {md.text(alt_text)}",
            f":::{{admonition}} Data table: {md.text(caption)}\n:class: dropdown\n\n"
            + md.table([md.text(c) for c in data.columns], rows)
            + "\n:::",
        ]
    )
    if isinstance(chart, Responsive):
        return text, {file: svg(chart.wide), narrow_file(file): svg(chart.narrow)}
    return text, {file: svg(chart)}
