"""Small HTML building blocks for notebook output: escaped text, tables and accessible figures."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import altair as alt
import pandas as pd
from IPython.display import HTML

from inclucities.figures.charts import Responsive
from inclucities.figures.render import svg
from inclucities.figures.svg import labelled_chart
from inclucities.markup.html import esc


def paragraph(text: str) -> str:
    return f"<p>{esc(text)}</p>"


def bullet_list(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(item)}</li>" for item in items) + "</ul>"


def link(text: str, href: str) -> str:
    """An escaped link (`href` is built by the kit from validated ids, or is a validated http(s) address)."""
    return f'<a href="{esc(href)}">{esc(text)}</a>'


def html_table(headers: list[str], rows: Iterable[Iterable[str]], caption: str | None = None) -> str:
    """A table whose cells are HTML already (escaped text, links): pandas would escape the links."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    title = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f'<table class="table inclucities-table">{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def summary(*sentences: str) -> str:
    """The page's opening: what it shows and its main finding, in plain words."""
    return '<div class="inclucities-summary">' + "".join(f"<p>{esc(s)}</p>" for s in sentences if s) + "</div>"


def table(frame: pd.DataFrame, caption: str | None = None) -> str:
    """A plain, escaped HTML table without the index (pandas escapes cell text)."""
    # justify: pandas right-aligns header cells by default, over left-aligned text
    body = frame.to_html(index=False, escape=True, border=0, classes="table inclucities-table", na_rep="—", justify="left")
    if caption:
        body = body.replace(">\n  <thead>", f">\n  <caption>{esc(caption)}</caption>\n  <thead>", 1)
    return body


def figure(chart: alt.TopLevelMixin | Responsive[Any], alt_text: str, data: pd.DataFrame, caption: str) -> HTML:
    """A chart (in both its layouts, when it has two) with its text alternative, a visible caption and its data as
    a collapsible table."""
    image = (
        labelled_chart(svg(chart.wide), alt_text, narrow_svg=svg(chart.narrow))
        if isinstance(chart, Responsive)
        else labelled_chart(svg(chart), alt_text)
    )
    return HTML(
        '<figure class="inclucities-figure">'
        + image
        + f"<figcaption>{esc(caption)} {esc(alt_text)}</figcaption>"
        "</figure>"
        # after the figure: HTML allows a figure's caption only as its first or last child
        f'<details class="inclucities-figure-data"><summary>Data table: {esc(caption)}</summary>{table(data)}</details>'
    )


def block(*parts: str | HTML) -> HTML:
    return HTML("".join(part.data if isinstance(part, HTML) else part for part in parts))
