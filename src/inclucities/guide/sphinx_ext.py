"""Sphinx extension loaded into every guide: keeps knowledge-base text inert and adds the kit's styles.

Practice bodies are MyST Markdown written by many hands. MyST passes raw HTML through as `raw` nodes; in pages
generated from the knowledge base those nodes are replaced by their source shown as text, so a `<script>` or an
`<img onerror>` in a practice is displayed, never run.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.docutils import SphinxDirective

from inclucities import layout
from inclucities.figures.svg import NARROW_SUFFIX, labelled_chart, narrow_file
from inclucities.guide.sidebar import SiblingSidebars
from inclucities.markup.html import esc

# The style sheet that shows each chart in the layout drawn for the width of the screen (figures/svg.py).
CHARTS_CSS = "charts.css"


def neutralise_raw(app: Sphinx, doctree: nodes.document) -> None:
    # Notebook outputs are HTML written by this package with every text escaped; Markdown pages embed authors' text.
    if layout.is_chapter(app.env.docname) or not str(app.env.doc2path(app.env.docname)).endswith(".md"):
        return
    for raw in list(doctree.findall(nodes.raw)):
        if raw.get("inclucities-trusted"):
            continue
        text = raw.astext()
        inline = isinstance(raw.parent, nodes.TextElement)
        replacement: nodes.Element = (
            nodes.literal(text, text, classes=["inclucities-neutralised"])
            if inline
            else nodes.literal_block(text, text, classes=["inclucities-neutralised"])
        )
        raw.replace_self(replacement)


def _generated_file(env: Any, target: str, folder: str) -> Path | None:
    """A file the build generated in `<folder>` of the book's source, or None when `target` names none (or leaves it)."""
    source = Path(env.srcdir) / folder / target
    return source if ".." not in Path(target).parts and source.is_file() else None


def download_file_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # type: ignore[no-untyped-def]
    """`{download-file}`label <downloads/x.zip>``: a link to a file published at the root of the site.

    The address is checked: a link to a file the build did not produce is an error, not a broken link.
    """
    env = inliner.document.settings.env
    match = re.fullmatch(r"\s*(.*?)\s*<([^<>]+)>\s*", text, re.DOTALL)
    label, target = (match.group(1), match.group(2)) if match else (text, text)
    if _generated_file(env, target, layout.SITE_FILES) is None:
        message = inliner.reporter.error(f"download-file: no file {target!r} was generated", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    uri = "../" * env.docname.count("/") + target
    return [nodes.reference(rawtext, label or target, refuri=uri, classes=["download-file"])], []


class ChartDirective(SphinxDirective):
    """```{inclucities-chart} name.svg``` (a chart in the source's `figures/`) and its text alternative as content.

    Puts the kit's rendered SVG into the page (as the notebooks' figures are) rather than in an `<img>`: only
    inline SVG shows its marks' tooltips. The SVG is hidden from assistive technology; its wrapper carries the
    text alternative. Only figures the build rendered can be named, so nothing an author writes becomes markup.
    """

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0]
        source = _generated_file(self.env, target, layout.FIGURES) if target.endswith(".svg") else None
        if source is None:
            raise self.error(f"inclucities-chart: no chart {target!r} was generated")
        self.env.note_dependency(str(source))
        label = " ".join(line.strip() for line in self.content).strip()
        markup = labelled_chart(source.read_text(encoding="utf-8"), label, "inclucities-chart", self._narrow(target))
        node = nodes.raw("", markup, format="html")
        node["inclucities-trusted"] = True
        return [node]

    def _narrow(self, target: str) -> str | None:
        """The chart's narrow layout, when the build drew one (see `inclucities.figures.svg`)."""
        if target.endswith(NARROW_SUFFIX):
            return None
        source = _generated_file(self.env, narrow_file(target), layout.FIGURES)
        if source is None:
            return None
        self.env.note_dependency(str(source))
        return source.read_text(encoding="utf-8")


def drop_remote_scripts(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """Remove scripts that point at other hosts (sphinx-thebe's unpkg URL): the guide must work offline."""

    def remote(filename: Any, attributes: dict[str, Any]) -> bool:
        text = f"{filename or ''} {attributes.get('body', '')}"
        return "://" in text or "sphinx-thebe" in text

    app.registry.js_files = [(f, a) for f, a in app.registry.js_files if not remote(f, a)]
    builder = app.builder
    if hasattr(builder, "script_files"):
        builder.script_files[:] = [s for s in builder.script_files if not remote(s.filename, s.attributes)]


def _remote(url: Any) -> bool:
    return "://" in str(url or "") or str(url or "").startswith("//")


def drop_thebe_config(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Remove the inline configuration sphinx-thebe appends to every page: thebe is off, and it names a Binder
    repository on GitHub that the guide has nothing to do with."""
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if "text/x-thebe-config" in text or text.strip().startswith("<script>kernelName ="):
            raw.parent.remove(raw)


def label_sidebar_toggles(soup: Any) -> Any:
    """Give each sidebar expand/collapse `<summary>` (an icon only in pydata-sphinx-theme) an accessible name,
    the title of the section it opens (WCAG 4.1.2, axe rule summary-name). `soup`: the theme's BeautifulSoup
    navigation (changed in place and returned) or its HTML (a new string is returned)."""
    from bs4 import BeautifulSoup  # a dependency of pydata-sphinx-theme

    tree = BeautifulSoup(soup, "html.parser") if isinstance(soup, str) else soup
    for summary in tree.select("details > summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        item = summary.find_parent("li")
        link = item.find("a", recursive=False) if item else None
        title = link.get_text(" ", strip=True) if link else ""
        summary["aria-label"] = f"Show or hide the pages of {title}" if title else "Show or hide the pages below"
    return str(tree) if isinstance(soup, str) else tree


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Per page: titles escaped, no script or style sheet from another host, and sidebar toggles with a name.

    Sphinx adds MathJax (from a CDN) only to pages with math; no page of the guide has any, and the guide must
    work offline, so a remote script is dropped: math would then show as its TeX source. A KB that needs
    rendered math must vendor MathJax and point `mathjax_path` at the local copy.
    """
    # sphinx-book-theme sets these to a title's plain text and writes them into the page unescaped (`<h1>{{
    # pagetitle }}</h1>` of its print header): a practice titled `<script>…` would run. Escape them here.
    for key in ("pagetitle", "root_title"):
        if isinstance(context.get(key), str) and not isinstance(context[key], Markup):
            context[key] = Markup(esc(context[key]))
    for key in ("script_files", "css_files"):
        if isinstance(context.get(key), list):
            context[key][:] = [asset for asset in context[key] if not _remote(getattr(asset, "filename", asset))]
    generate = context.get("generate_toctree_html")
    if callable(generate) and not getattr(generate, "inclucities_labelled", False):
        sidebars: SiblingSidebars = app.builder.inclucities_sidebars  # type: ignore[attr-defined]

        def labelled(kind: str, *args: Any, **kwargs: Any) -> Any:
            if kind != "sidebar":
                return generate(kind, *args, **kwargs)
            arguments = (args, tuple(sorted(kwargs.items())))
            # the theme returns a BeautifulSoup tree, which the template writes as it is
            html = sidebars.get(app, pagename, arguments, lambda: str(label_sidebar_toggles(generate(kind, *args, **kwargs))))
            return Markup(html)

        labelled.inclucities_labelled = True  # type: ignore[attr-defined]
        context["generate_toctree_html"] = labelled


def start_sidebars(app: Sphinx) -> None:
    app.builder.inclucities_sidebars = SiblingSidebars()  # type: ignore[attr-defined]


def add_static_path(app: Sphinx) -> None:
    """The kit's style sheet and scripts, added once the builder exists: Sphinx hashes the configuration into
    `.buildinfo` when it creates the builder, and the kit's absolute path (where it is installed) must stay out of
    that hash, or the same guide built with the kit installed elsewhere would differ."""
    app.config.html_static_path.append(str(layout.KIT_STATIC))


def provide_mystnb_css(app: Sphinx) -> None:
    """Put myst-nb's style sheet in `_static` before any page is written.

    myst-nb copies `mystnb.<hash>.css` only when the build finishes, and Sphinx adds `?v=<checksum>` to the link of
    a static file only if the file is in the output when the page is written: a first build linked it without the
    checksum, later builds with it, so a page differed depending on whether it was written in the first build or
    rewritten afterwards. With the file in place from the start, every page links it with its checksum.
    """
    from myst_nb.sphinx_ext import add_global_html_resources  # type: ignore[import-untyped]  # what it runs at build-finished

    if isinstance(app.builder, StandaloneHTMLBuilder):
        (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
        add_global_html_resources(app, None)


def rewrite_indexed_pages(app: Sphinx, env: Any) -> list[str]:
    """Pages with index entries (glossary terms, `{index}`), written again in every build that writes pages.

    Sphinx's search index keeps the entries of index directives only for the pages it writes: when it updates
    `searchindex.js` it reloads the words and titles of the pages it does not write but not their index entries
    (sphinx-doc/sphinx#12599, Sphinx 7.4). An incremental build that did not rewrite the glossary published an index
    with `"indexentries": {}`, and nothing brought the terms back until the glossary itself changed. Writing these
    pages again (from their stored doctrees, nothing is re-read) puts their entries back into the index.
    """
    entries: dict[str, Any] = env.get_domain("index").entries
    return sorted(docname for docname, listed in entries.items() if listed and docname in env.found_docs)


def drop_stale_search_terms(app: Sphinx, exception: Exception | None) -> None:
    """Remove from `searchindex.js` the words no page contains any more.

    When Sphinx updates the index it takes out the pages it writes again, then adds their words back; a word that
    was only on those pages and is gone from them stays, with an empty list of pages (Sphinx 7.4). An edit and its
    revert left the edited words in the index, unlike a full build. A full build never has such a word, so
    this changes nothing there.
    """
    builder = app.builder
    if exception is not None or not isinstance(builder, StandaloneHTMLBuilder) or builder.indexer is None:
        return
    path = Path(builder.outdir) / builder.searchindex_filename
    if not builder.indexer_dumps_unicode or not path.is_file():
        return
    form = builder.indexer_format
    index = form.loads(path.read_text(encoding="utf-8"))
    stale = False
    for key in ("terms", "titleterms"):
        kept = {word: pages for word, pages in index[key].items() if pages != []}
        stale = stale or len(kept) != len(index[key])
        index[key] = kept
    if stale:
        path.write_text(form.dumps(index), encoding="utf-8")


def pin_build_dates(app: Sphinx, config: Any) -> None:
    """Dates a page would take from the clock come from SOURCE_DATE_EPOCH, or are left out when it is not set.

    With SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/), Sphinx takes from it the
    copyright's last year and the dates of `html_last_updated_fmt` and `today`. Without it, Sphinx would write the
    day of the build, and the same sources would give another site the next day: the "last updated" line is left
    out and `today` (`{sub-ref}`today``) shows nothing.
    """
    if os.environ.get("SOURCE_DATE_EPOCH") is not None:  # Sphinx's own test
        return
    config.html_last_updated_fmt = None
    if not config.today:
        config.today = "\N{ZERO WIDTH SPACE}"  # not empty: Sphinx would format the current date instead


def add_static(app: Sphinx, config: Any) -> None:
    # pydata-sphinx-theme's default mode "" makes its script log "Got invalid theme mode" on every page; the kit's
    # colours and charts are checked for contrast on a light background. (The theme reads it from html_context;
    # a KB may set its own.)
    if isinstance(config.html_context, dict):
        config.html_context.setdefault("default_mode", "light")
    # The sidebar lists the sections of the current chapter only: expanding every chapter on every page costs
    # time in proportion to pages × pages (half of a build of the bundled guide, and far more for a network of
    # hundreds of cities). A KB may set `collapse_navbar: false` in its html_theme_options.
    if isinstance(config.html_theme_options, dict):
        config.html_theme_options.setdefault("collapse_navbar", True)
        # The theme's download menu offers readers each page's source, the executed notebook of an analysis
        # among them: readers get the page, its charts' data tables and the downloads the pages link to; the
        # executed notebooks stay in the build for authors. (Jupyter Book 1 does not pass this option through.)
        config.html_theme_options["use_download_button"] = False


# --- the guide's identity: logo, favicon, footer, the root of the site ---------------------------------------------

# The tab icon of a guide whose configuration names none, so that no browser asks for a missing /favicon.ico.
KIT_FAVICON = "inclucities-favicon.svg"


def apply_identity(app: Sphinx, config: Any) -> None:
    """At `config-inited`: the logo's text alternative, the kit's footer instead of the theme's "By … © Copyright"
    line, and the funders' emblems among the static files (relative to the source folder, like the logo)."""
    identity: dict[str, Any] = config.inclucities_identity or {}
    options = config.html_theme_options if isinstance(config.html_theme_options, dict) else {}
    logo = identity.get("logo")
    if logo:
        options.setdefault("logo", {}).setdefault("alt_text", f"{logo['alt']} (home page)")
    options.setdefault("footer_content_items", ["extra-footer.html", "last-updated.html"])
    emblems = [funder["emblem"] for funder in identity.get("funders", []) if funder.get("emblem")]
    config.html_static_path.extend(emblem for emblem in emblems if emblem not in config.html_static_path)


def _edition_date(value: str, language: str) -> str:
    """`2026`, `2026-03` or `2026-03-17` in words of the guide's language: `March 2026`, `17 March 2026`."""
    from babel.dates import format_date, format_skeleton

    parts = [int(part) for part in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    day = dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    try:
        return format_date(day, "long", locale=language) if len(parts) == 3 else format_skeleton("yMMMM", day, locale=language)
    except (ValueError, LookupError):  # a language babel does not know
        return value


def footer_html(identity: dict[str, Any], title: str, static: Callable[[str], str], language: str) -> str:
    """The footer of every page: the funders (emblem and statement), the edition and its date, the licence and how
    to cite the guide. Every text comes from the knowledge base and is escaped."""
    parts: list[str] = []
    funders = identity.get("funders", [])
    if funders:
        items = []
        for funder in funders:
            emblem = funder.get("emblem")
            image = (
                f'<img class="inclucities-emblem" src="{esc(static(posixpath.basename(emblem)))}" alt="{esc(funder["emblem_alt"])}">'
                if emblem
                else ""
            )
            items.append(f'<li class="inclucities-funder">{image}<p>{esc(funder["statement"])}</p></li>')
        parts.append(f'<ul class="inclucities-funders">{"".join(items)}</ul>')
    about = [f"<cite>{esc(title)}</cite>"] if title else []
    edition = identity.get("edition")
    if edition:
        about.append(f'{esc(edition["name"])}, <time datetime="{esc(edition["date"])}">{esc(_edition_date(edition["date"], language))}</time>')
    licence = identity.get("licence")
    if licence:
        name = esc(licence["name"])
        shown = f'<a href="{esc(licence["url"])}" rel="license">{name}</a>' if licence.get("url") else name
        about.append(f"Licence: {shown}")
    if about:
        parts.append(f'<p class="inclucities-edition">{". ".join(about)}.</p>')
    if identity.get("cite_as"):
        parts.append(f'<p class="inclucities-cite">How to cite this guide: {esc(identity["cite_as"])}</p>')
    return f'<div class="inclucities-footer">{"".join(parts)}</div>' if parts else ""


def identity_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Per page: the kit's footer, and the kit's tab icon where the guide names none."""
    pathto = context.get("pathto")
    if not callable(pathto):
        return
    identity: dict[str, Any] = app.config.inclucities_identity or {}
    title = str(app.config.html_title or app.config.project or "")
    language = str(app.config.language or "en")
    context["theme_extra_footer"] = Markup(footer_html(identity, title, lambda name: str(pathto(f"_static/{name}", 1)), language))
    if not context.get("favicon_url"):
        context["favicon_url"] = pathto(f"_static/{KIT_FAVICON}", 1)


def _favicon_source(app: Sphinx) -> Path:
    configured = app.config.html_favicon
    return Path(app.srcdir) / configured if configured else layout.KIT_STATIC / KIT_FAVICON


def ico(image: bytes, svg: bool) -> bytes:
    """A `favicon.ico` holding one PNG (ICO files may): `image` is a PNG, or an SVG drawn at 32 × 32 pixels."""
    if svg:
        import vl_convert  # already renders the charts

        text = image.decode("utf-8")
        match = re.search(r'viewBox="[\d.\s-]*?\s([\d.]+)\s+[\d.]+"', text)
        png = vl_convert.svg_to_png(text, scale=32 / float(match.group(1)) if match else 1)
    else:
        png = image
    width, height = struct.unpack(">II", png[16:24])  # the PNG header's size
    entry = struct.pack("<BBBBHHII", width if width < 256 else 0, height if height < 256 else 0, 0, 0, 1, 32, len(png), 22)
    return struct.pack("<HHH", 0, 1, 1) + entry + png


def write_site_root(app: Sphinx, exception: Exception | None) -> None:
    """At `build-finished`: `favicon.ico` at the root of the site (what a browser asks for when a page or a download
    names no icon) and the root `index.html`, a complete HTML document that sends the reader to the first page
    (sphinx-external-toc's redirect, written only when none exists, has no doctype, title or language)."""
    if exception is not None or not isinstance(app.builder, StandaloneHTMLBuilder):
        return
    out = Path(app.outdir)
    favicon = _favicon_source(app)
    if favicon.is_file():
        _write_if_changed(out / "favicon.ico", ico(favicon.read_bytes(), favicon.suffix.lower() == ".svg"))
    first = app.builder.get_target_uri(app.config.root_doc)
    if first == "index.html":
        return  # the root page is the home page itself
    title = esc(app.config.html_title or app.config.project or "Guide")
    icon = f"_static/{posixpath.basename(app.config.html_favicon or KIT_FAVICON)}"
    page = (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(app.config.language or "en")}">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        f'<meta http-equiv="refresh" content="0; url={esc(first)}">\n<link rel="icon" href="{esc(icon)}">\n</head>\n'
        f'<body>\n<p><a href="{esc(first)}">{title}</a></p>\n</body>\n</html>\n'
    )
    _write_if_changed(out / "index.html", page.encode("utf-8"))


def _write_if_changed(path: Path, data: bytes) -> None:
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)


# Extensions Jupyter Book loads into every book without saying whether they are safe for parallel reading and
# writing: Sphinx then warns (an error in this kit's builds) and works serially. Both only act on builds this kit
# never makes: numbered chapters across tables of contents (`use_multitoc_numbering`, turned off) and LaTeX.
# tests/test_units.py checks that they still declare nothing, so that this stays needed and true.
SERIAL_BY_OMISSION = ("sphinx_multitoc_numbering", "sphinx_jupyterbook_latex")


def declare_parallel_safe(app: Sphinx, config: Any) -> None:
    """At `config-inited`, when every extension is loaded: mark those two safe, unless they said otherwise."""
    for name in SERIAL_BY_OMISSION:
        extension = app.extensions.get(name)
        if extension is None:
            continue
        for attribute in ("parallel_read_safe", "parallel_write_safe"):
            if getattr(extension, attribute, None) is None:
                setattr(extension, attribute, True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", declare_parallel_safe)
    app.connect("config-inited", add_static)
    app.connect("config-inited", pin_build_dates)
    app.connect("builder-inited", add_static_path)
    app.connect("builder-inited", provide_mystnb_css)
    app.connect("env-get-updated", rewrite_indexed_pages)
    app.connect("build-finished", drop_stale_search_terms)
    app.add_role("download-file", download_file_role)
    app.add_directive("inclucities-chart", ChartDirective)
    app.connect("doctree-read", neutralise_raw)
    app.connect("env-before-read-docs", drop_remote_scripts, priority=900)  # after sphinx-thebe (500) added them
    app.connect("doctree-resolved", drop_thebe_config, priority=900)  # after sphinx-thebe (500) appended it
    app.connect("builder-inited", start_sidebars)
    app.connect("html-page-context", page_context, priority=900)  # after MathJax and the theme's toctree (500)
    app.add_config_value("inclucities_identity", {}, "html", types=[dict])
    app.connect("config-inited", apply_identity)
    app.connect("html-page-context", identity_context)
    app.connect("build-finished", write_site_root, priority=400)  # before sphinx-external-toc's redirect (500)
    app.add_css_file("inclucities.css")
    app.add_css_file(CHARTS_CSS)
    # Each script of the kit looks for its own elements and does nothing on pages without them.
    for script in sorted(layout.KIT_STATIC.glob("*.js")):
        app.add_js_file(script.name, loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
