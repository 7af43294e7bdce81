"""Render Altair charts to SVG, PNG or PDF offline with vl-convert, remembering results between builds.

vl-convert bundles Vega, so nothing is fetched. Rendering a poster takes about a second; the disk cache keyed
on the chart's full specification keeps rebuilds fast without ever serving a stale image.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

import altair as alt

Format = Literal["svg", "png", "pdf"]
_cache_folder: Path | None = None


def use_cache(folder: Path | None) -> None:
    """Cache rendered images in `folder` (None: no cache). The build sets it to `_build/.cache/figures`."""
    global _cache_folder
    _cache_folder = folder


def render(chart: alt.TopLevelMixin, fmt: Format = "svg", scale: float = 2.0) -> bytes:
    import vl_convert

    spec = chart.to_dict()
    key = hashlib.sha256(json.dumps([spec, fmt, scale, vl_convert.__version__], sort_keys=True).encode()).hexdigest()[:32]
    cached = _cache_folder / f"{key}.{fmt}" if _cache_folder else None
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    if fmt == "svg":
        data = vl_convert.vegalite_to_svg(spec).encode("utf-8")
    elif fmt == "png":
        data = vl_convert.vegalite_to_png(spec, scale=scale)
    else:
        data = vl_convert.vegalite_to_pdf(spec, scale=1)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(".tmp")
        temporary.write_bytes(data)
        temporary.replace(cached)
    return data


def render_formats(chart: alt.TopLevelMixin, formats: tuple[Format, ...], scale: float = 2.0) -> dict[str, bytes]:
    """The chart in several formats: rendered once to SVG, then converted (half the time of rendering each)."""
    import vl_convert

    image = render(chart, "svg")
    converted: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "svg":
            converted[fmt] = image
            continue
        key = hashlib.sha256(image + f"{fmt}{scale}{vl_convert.__version__}".encode()).hexdigest()[:32]
        cached = _cache_folder / f"{key}.{fmt}" if _cache_folder else None
        if cached is not None and cached.is_file():
            converted[fmt] = cached.read_bytes()
            continue
        text = image.decode("utf-8")
        data = vl_convert.svg_to_png(text, scale=scale) if fmt == "png" else vl_convert.svg_to_pdf(text)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.with_suffix(".tmp").write_bytes(data)
            cached.with_suffix(".tmp").replace(cached)
        converted[fmt] = data
    return converted


def svg(chart: alt.TopLevelMixin) -> str:
    return render(chart, "svg").decode("utf-8")
