"""Render Altair charts to SVG, PNG or PDF offline with vl-convert, remembering results between builds.

vl-convert bundles Vega, so nothing is fetched. Rendering a poster takes about a second; the disk cache keyed
on the chart's full specification keeps rebuilds fast without ever serving a stale image.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Literal

import altair as alt

from inclucities.kb.atomic import write_file

Format = Literal["svg", "png", "pdf"]
_cache_folder: Path | None = None
# Part of every cache key: raise it when the post-processing of rendered SVG changes.
RENDERING = "2"
# A mark item as Vega writes it: one empty element whose label comes from the chart's `description` encoding.
_LABELLED_ITEM = re.compile(r'<(path|circle|rect|line|image) aria-label="([^"]*)"( role="graphics-symbol"[^<>]*?)/>')


def use_cache(folder: Path | None) -> None:
    """Cache rendered images in `folder` (None: no cache). The build sets it to `_build/.cache/figures`."""
    global _cache_folder
    _cache_folder = folder


def _cached(material: bytes, fmt: str, make: Callable[[], bytes]) -> bytes:
    """`make()`, or the image it made before for the same `material` (and vl-convert version)."""
    import vl_convert

    version = vl_convert.__version__  # type: ignore[attr-defined]  # the module has it; its stub leaves it out
    key = hashlib.sha256(material + f"{fmt}{version}{RENDERING}".encode()).hexdigest()[:32]
    cached = _cache_folder / f"{key}.{fmt}" if _cache_folder else None
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    data = make()
    if cached is not None:
        write_file(cached, data)
    return data


def render(chart: alt.TopLevelMixin, fmt: Format = "svg", scale: float = 2.0) -> bytes:
    """The chart as SVG; PNG and PDF are converted from that SVG (see render_formats)."""
    return render_formats(chart, (fmt,), scale)[fmt]


def render_formats(chart: alt.TopLevelMixin, formats: tuple[Format, ...], scale: float = 2.0) -> dict[str, bytes]:
    """The chart in several formats: rendered once to SVG, then converted (half the time of rendering each)."""
    import vl_convert

    spec = chart.to_dict()
    image = _cached(
        json.dumps(spec, sort_keys=True).encode(), "svg", lambda: with_tooltips(vl_convert.vegalite_to_svg(spec)).encode("utf-8")
    )
    converters: dict[str, Callable[[str], bytes]] = {
        "png": lambda text: vl_convert.svg_to_png(text, scale=scale),
        "pdf": lambda text: vl_convert.svg_to_pdf(text),
    }
    text = image.decode("utf-8")
    return {
        fmt: image if fmt == "svg" else _cached(image + str(scale).encode(), fmt, partial(converters[fmt], text))
        for fmt in formats
    }


def with_tooltips(svg_text: str) -> str:
    """Each labelled mark's label as its SVG `<title>`: browsers show it on hover, with no script, and it stays
    the mark's accessible name. The label is already escaped by Vega (attribute and text escaping agree here)."""
    return _LABELLED_ITEM.sub(r"<\1\3><title>\2</title></\1>", svg_text)


def svg(chart: alt.TopLevelMixin) -> str:
    return render(chart, "svg").decode("utf-8")
