"""Small HTML building blocks for notebook output: escaped text, tables and accessible figures."""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import pandas as pd
from IPython.display import HTML

from inclucities.figures.render import svg
from inclucities.figures.svg import labelled_chart
from inclucities.markup.html import esc


def paragraph(text: str) -> str:
    return f"<p>{esc(text)}</p>"


def bullet_list(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(item)}</li>" for item in items) + "</ul>"


def table(frame: pd.DataFrame, caption: str | None = None) -> str:
    """A plain, escaped HTML table without the index (pandas escapes cell text)."""
    body = frame.to_html(index=False, escape=True, border=0, classes="table inclucities-table", na_rep="—")
    if caption:
        body = body.replace(">\n  <thead>", f">\n  <caption>{esc(caption)}</caption>\n  <thead>", 1)
    return body


def figure(chart: alt.TopLevelMixin, alt_text: str, data: pd.DataFrame, caption: str) -> HTML:
    """A chart with its text alternative, a visible caption and its data as a collapsible table."""
    return HTML(
        '<figure class="inclucities-figure">'
        + labelled_chart(svg(chart), alt_text)
        + f"<figcaption>{esc(caption)} {esc(alt_text)}</figcaption>"
        f"<details><summary>Data table: {esc(caption)}</summary>{table(data)}</details>"
        "</figure>"
    )


def block(*parts: str | HTML) -> HTML:
    return HTML("".join(part.data if isinstance(part, HTML) else part for part in parts))
