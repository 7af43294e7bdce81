"""Render Altair charts to SVG, PNG or PDF offline with vl-convert, remembering results between builds.

vl-convert bundles Vega, so nothing is fetched. Rendering a poster takes about a second; the disk cache keyed
on the chart's full specification keeps rebuilds fast without ever serving a stale image. An image is the same,
byte for byte, whatever the process rendered before it (see `with_stable_ids` and `deterministic_pdf`).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Literal

import altair as alt

from inclucities import layout
from inclucities.kb.atomic import write_file

Format = Literal["svg", "png", "pdf"]
# A notebook kernel started by a build renders into the build's cache too (its images are the same bytes).
_cache_folder: Path | None = Path(os.environ[layout.FIGURE_CACHE_VARIABLE]) if os.environ.get(layout.FIGURE_CACHE_VARIABLE) else None
# Part of every cache key: raise it when the post-processing of a rendered image (SVG or PDF) changes.
RENDERING = "3"
# The ids Vega gives gradients (radial ones wrapped in a `p_` pattern) and clip paths, and the references to them:
# numbers from counters that live as long as the process.
_VEGA_ID = re.compile(r'(?<=id=")(p_gradient_|gradient_|clip)\d+(?=")|(?<=url\(#)(p_gradient_|gradient_|clip)\d+(?=\))')
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
        json.dumps(spec, sort_keys=True).encode(),
        "svg",
        lambda: with_stable_ids(with_tooltips(vl_convert.vegalite_to_svg(spec))).encode("utf-8"),
    )
    converters: dict[str, Callable[[str], bytes]] = {
        "png": lambda text: vl_convert.svg_to_png(text, scale=scale),
        "pdf": lambda text: deterministic_pdf(vl_convert.svg_to_pdf(text)),
    }
    text = image.decode("utf-8")
    return {
        fmt: image if fmt == "svg" else _cached(image + str(scale).encode(), fmt, partial(converters[fmt], text))
        for fmt in formats
    }


def with_stable_ids(svg_text: str) -> str:
    """The chart's gradient and clip-path ids made from its own content instead of Vega's counters.

    Vega numbers them in the order the process rendered charts (`gradient_0`, `gradient_1`, … `clip1`, …), so the
    same chart came out with other ids after other charts: a notebook run in a kernel that had already drawn a
    legend with a gradient, a second build in the same process, or an incremental build that renders fewer charts.
    Ids stay distinct between different charts inlined in one page: each carries a digest of its chart.
    """
    digest = hashlib.sha256(_VEGA_ID.sub("", svg_text).encode("utf-8")).hexdigest()[:10]
    renamed: dict[str, str] = {}

    def stable(match: re.Match[str]) -> str:
        old = match.group(0)
        if old not in renamed:
            prefix = match.group(1) or match.group(2)
            renamed[old] = f"{prefix}{digest}_{len(renamed)}"
        return renamed[old]

    return _VEGA_ID.sub(stable, svg_text)


def deterministic_pdf(pdf: bytes) -> bytes:
    """The same PDF written in a canonical order, so that equal charts give equal bytes.

    vl-convert (svg2pdf) writes a page's resource dictionaries (/Font, /XObject, /ExtGState) and the objects they
    point to in the iteration order of a Rust hash map, which changes from one process to the next: the same
    poster came out with `/fo0 1 0 R /fo1 2 0 R` or `/fo1 … /fo0 …`, and its fonts' objects (named with their subset
    tags, `WTSYDG+DejaVuSans`) in another order. qpdf, through pikepdf, writes every dictionary's keys sorted and
    numbers the objects in the order it reaches them from the document's root. Streams (page content, embedded
    font subsets) are copied as they are, so the PDF stays vector with the same fonts; the document ID qpdf adds
    is a digest of the content. The only metadata is svg2pdf's /Producer: no date is written.
    """
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        output = io.BytesIO()
        document.save(
            output,
            deterministic_id=True,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            compress_streams=False,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
        )
    return output.getvalue()


def with_tooltips(svg_text: str) -> str:
    """Each labelled mark's label as its SVG `<title>`: browsers show it on hover, with no script, and it stays
    the mark's accessible name. The label is already escaped by Vega (attribute and text escaping agree here)."""
    return _LABELLED_ITEM.sub(r"<\1\3><title>\2</title></\1>", svg_text)


def svg(chart: alt.TopLevelMixin) -> str:
    return render(chart, "svg").decode("utf-8")
