"""References in the MyST text of a knowledge base, checked without building.

A practice's body and the book's chapters are compiled by Jupyter Book (Sphinx and MyST-Parser), which stops the
build at a reference to nothing: a link to a page, file or label that does not exist, a `{term}`, `{ref}` or
`{doc}` role naming nothing, an image that is not there, a download or chart the build does not generate. `check`
finds them first, each at the author's file and line, with what exists ("did you mean …").

The rules are MyST-Parser's and Sphinx's as the build runs them (MyST-Parser 3, Sphinx 7): how a link is read
(`[text](#label)`, a relative path, a label or page name), where a path is read from (a practice's body is
published as `practices/<id>.md` of the book, so its relative paths start there), which labels, pages and files
the build makes. Paths are those of the book's source as the build lays it out (layout.py, addresses.py): the
chapters under `book/`, every other page and file generated; a path an earlier build used (`_generated/…`) is
reported with its current name. Only what can be resolved exactly is reported; anything else (heading anchors when
`myst_heading_anchors` is on, `inv:`/`path:`/`project:` links) is left to the
build, which stays the safety net.

Pure: the caller (`kb/loader.py`) reads the files and passes their text, the records the pages are generated from,
and a way to ask whether a file of the knowledge base exists.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.ruler import RuleOptionsType
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline, backtick, html_inline, image, link
from markdown_it.token import Token

from inclucities import addresses as at
from inclucities import layout
from inclucities.errors import Problem
from inclucities.kb.reading import KINDS
from inclucities.kb.references import allowed_ids, did_you_mean
from inclucities.kb.schema.framework import Framework
from inclucities.kb.schema.network import NetworkFile
from inclucities.kb.schema.service import CATEGORIES

# --- the pages, labels and files the build generates -------------------------------------------------------------
# Named in addresses.py, which the page generators in site/ write to; tests/test_authoring.py checks that the
# inventory below is what they generate, page by page, label by label and file by file.

# Labels Sphinx defines in every book (the index, the module index, the search page).
SPHINX_LABELS = ("genindex", "modindex", "search")


@dataclass(frozen=True)
class Records:
    """What the generated pages are made from: the valid records of a knowledge base."""

    network: NetworkFile | None
    framework: Framework | None
    practices: Sequence[str] = ()
    toolkits: Sequence[str] = ()
    services: Mapping[str, Iterable[str]] = field(default_factory=dict)  # city → the categories of its services
    action_plans: Sequence[str] = ()  # the cities with a plan


@dataclass(frozen=True)
class Generated:
    """The build's pages (each with the labels it defines) and other files, relative to the book's source."""

    pages: dict[str, tuple[str, ...]]
    files: frozenset[str]


def generated_book(records: Records) -> Generated:
    """Every page, label and file the build generates from `records` (site/registry.py and notebooks/plan.py)."""
    network, framework = records.network, records.framework
    cities = [city.id for city in network.cities] if network else []
    pairs = [pair.id for pair in network.pairs] if network else []
    pages: dict[str, tuple[str, ...]] = {
        at.NETWORK_PAGE: (at.NETWORK_LABEL, *map(at.pair_anchor, pairs), *map(at.city_anchor, cities)),
        at.FRAMEWORK_PAGE: (at.FRAMEWORK_LABEL,),
        at.CATALOGUE_PAGE: (at.CATALOGUE_LABEL,),
        at.ACTION_PLANS_PAGE: (at.ACTION_PLANS_LABEL,),
        at.TOOLKITS_INDEX: (at.TOOLKITS_LABEL,),
        at.INFOGRAPHICS_PAGE: (at.INFOGRAPHICS_LABEL, *map(at.poster_anchor, pairs)),
        at.PAIRS_PAGE: (at.PAIRS_LABEL,),
        at.CITIES_PAGE: (at.CITIES_LABEL,),
        at.ONE_STOP_SHOPS_PAGE: (at.ONE_STOP_SHOPS_LABEL,),
        at.CONTRACT_PAGE: (
            "data-contract",
            "contract-records",
            *(f"contract-{kind.name}" for kind in KINDS),
            "contract-city",
            "contract-ids",
        ),
        at.NETWORK_OVERVIEW_PAGE: (),
    }
    themes = framework.themes if framework else []
    benchmarks = framework.benchmarks if framework else []
    for theme in themes:
        labels = [at.theme_anchor(theme.id)]
        for benchmark in benchmarks:
            if benchmark.theme == theme.id:
                labels += [at.benchmark_anchor(benchmark.id), *(at.key_factor_anchor(kf.id) for kf in benchmark.key_factors)]
        pages[at.theme_page(theme.id)] = tuple(labels)
    for practice_id in records.practices:
        pages[at.practice_page(practice_id)] = (at.practice_anchor(practice_id),)
    planned = [city for city in cities if city in records.action_plans]
    for city in planned:
        pages[at.action_plan_page(city)] = (at.action_plan_anchor(city),)
    for toolkit_id in records.toolkits:
        pages[at.toolkit_page(toolkit_id)] = (at.toolkit_anchor(toolkit_id),)
    for city, categories in records.services.items():
        present = set(categories)
        pages[at.one_stop_shop_page(city)] = (
            at.one_stop_shop_anchor(city),
            *(at.service_category_anchor(city, c) for c in CATEGORIES if c in present),
        )
    for pair in pairs:
        pages[at.pair_page(pair)] = ()
    for city in cities:
        pages[at.city_page(city)] = ()

    located = network is not None and any(city.location is not None for city in network.cities)
    figures = ["network-pairs", "mentoring-process", *(["network-map"] if located else [])]
    figures += [f"action-plan-{city}" for city in planned]
    downloads = [at.CATALOGUE_JSON, at.CATALOGUE_CSV]
    downloads += [at.poster_download(name, fmt) for name in ("network", *pairs) for fmt in at.POSTER_FORMATS]
    downloads += [at.SERVICES_SCHEMA_DOWNLOAD]
    downloads += [at.services_download(city, extension) for city in records.services for extension in at.OPEN_DATA_FORMATS]
    downloads += [
        at.toolkit_download(toolkit_id, name)
        for toolkit_id in records.toolkits
        for name in (*at.TOOLKIT_FILES, at.toolkit_bundle(toolkit_id))
    ]
    files = [at.NETWORK_GLANCE, *(f(at.figure_file(name)) for name in figures for f in (str, at.narrow_file))]
    files += [at.pictogram(category) for category in CATEGORIES]
    files += [at.download(address) for address in downloads]
    return Generated(pages, frozenset(files))


def practice_page(practice_id: str) -> str:
    """Where the build publishes a practice (its body's relative paths are read from there), from the root."""
    return at.practice_page(practice_id)


# --- the table of contents: which files are pages of the book ---------------------------------------------------

PAGE_SUFFIXES = (".md", ".ipynb", ".rst")  # what Jupyter Book reads as pages


def toc_entries(toc: Any) -> list[tuple[bool, str]]:
    """`(is_glob, pattern)` for every `root`, `file` and `glob` of `_toc.yml`, in any of its formats, as the build
    reads it (an entry under `_generated/`, written for earlier builds, names the page where it is now)."""
    found: list[tuple[bool, str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("root", "file") and isinstance(value, str):
                    found.append((False, at.current(value)))
                elif key == "glob" and isinstance(value, str):
                    found.append((True, at.current(value)))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return found


def docname(path: str) -> str:
    """A page's name as Sphinx knows it: its path without its suffix."""
    for suffix in PAGE_SUFFIXES:
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return path


@cache
def _glob(pattern: str) -> re.Pattern[str]:
    # as Sphinx's `patfilter`, which sphinx-external-toc uses: `*` stays within a folder, `**` does not
    text = re.escape(pattern).replace(r"\*\*", ".*").replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
    return re.compile(text + "$")


def toc_documents(toc: Any, candidates: Iterable[str]) -> dict[str, str]:
    """The pages of the book: docname → file, among `candidates` (files relative to the root, with suffixes)."""
    by_name: dict[str, str] = {}
    for path in sorted(candidates):
        if path.endswith(PAGE_SUFFIXES):
            by_name.setdefault(docname(path), path)
    documents: dict[str, str] = {}
    for is_glob, pattern in toc_entries(toc):
        if is_glob:
            documents.update((name, path) for name, path in by_name.items() if _glob(pattern).match(name))
        elif docname(pattern) in by_name:
            documents[docname(pattern)] = by_name[docname(pattern)]
    return documents


# --- MyST's syntax, on markdown-it-py --------------------------------------------------------------------------
# MyST-Parser reads CommonMark with tables, its roles (`{name}`content``), targets (`(label)=`), comments (`% …`) and
# colon fences (`:::{name}`), as mdit-py-plugins implements them; those rules are written out here after them, since
# the kit depends on markdown-it-py alone. Footnotes (`[^1]: …`) are not links: reference definitions are not read.

ROLE = re.compile(r"\{([a-zA-Z0-9_\-+:]+)\}")
DIRECTIVE = re.compile(r"\{([a-zA-Z0-9_\-+:]+)\}\s*(.*)", re.DOTALL)
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")  # MyST-Parser's REGEX_SCHEME
OPTION = re.compile(r"\s*:([^:\s][^:]*):\s*(.*)")
YAML_OPTION = re.compile(r"\s*([A-Za-z][\w-]*)\s*:\s*(.*)")


def _role(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "{":
        return False
    match = ROLE.match(state.src, state.pos)
    if match is None or (state.pos > 0 and state.src[state.pos - 1] == "\\"):
        return False
    start = pos = match.end()
    while pos < len(state.src) and state.src[pos] == "`":
        pos += 1
    ticks = pos - start
    if not ticks:
        return False
    closing = re.search("`" * ticks, state.src[pos + 1 :])
    if closing is None:
        return False
    if not silent:
        token = state.push("myst_role", "", 0)
        token.meta = {"name": match.group(1)}
        token.content = state.src[pos : pos + closing.start() + 1].replace("\n", " ")
    state.pos = pos + closing.end() + 1
    return True


def _counting(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """`rule`, noting on its last token the line ends it consumed without a break token (a code span or a link
    destination across lines), so that the line of every later token is still known."""

    def counted(state: StateInline, silent: bool) -> bool:
        start, before = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        pushed = state.tokens[before:]
        if not silent and pushed:
            known = sum(1 for t in pushed if t.type in ("softbreak", "hardbreak")) + sum(t.meta.get("lines", 0) for t in pushed)
            extra = state.src.count("\n", start, state.pos) - known
            if extra > 0:
                pushed[-1].meta = {**pushed[-1].meta, "lines": pushed[-1].meta.get("lines", 0) + extra}
        return True

    return counted


def _target_or_comment(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """`(label)=` on a line of its own, and `% comment` lines (whose text is not read)."""
    if state.is_code_block(start_line):
        return False
    pos, maximum = state.bMarks[start_line] + state.tShift[start_line], state.eMarks[start_line]
    line = state.src[pos:maximum]
    if line.startswith("%"):
        if silent:
            return True
        next_line = start_line + 1
        while next_line < end_line:
            begin = state.bMarks[next_line] + state.tShift[next_line]
            if begin >= state.eMarks[next_line] or state.src[begin] != "%":
                break
            next_line += 1
        state.line = next_line
        token = state.push("myst_line_comment", "", 0)
        token.map = [start_line, next_line]
        return True
    text = line.strip()
    if not (text.startswith("(") and text.endswith(")=") and text[1:-2]):
        return False
    if silent:
        return True
    state.line = start_line + 1
    token = state.push("myst_target", "", 0)
    token.content = text[1:-2]
    token.map = [start_line, state.line]
    return True


def _colon_fence(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """`:::{name} argument` … `:::` (markdown-it's fence rule, with colons)."""
    if state.is_code_block(start_line):
        return False
    pos, maximum = state.bMarks[start_line] + state.tShift[start_line], state.eMarks[start_line]
    if pos + 3 > maximum or state.src[pos] != ":":
        return False
    mem = pos
    pos = state.skipCharsStr(pos, ":")
    length = pos - mem
    if length < 3:
        return False
    if silent:
        return True
    markup, params = state.src[mem:pos], state.src[pos:maximum]
    next_line, closed = start_line, False
    while True:
        next_line += 1
        if next_line >= end_line:
            break
        pos = mem = state.bMarks[next_line] + state.tShift[next_line]
        maximum = state.eMarks[next_line]
        if pos < maximum and state.sCount[next_line] < state.blkIndent:
            break
        if pos >= len(state.src) or state.src[pos] != ":" or state.is_code_block(next_line):
            continue
        pos = state.skipCharsStr(pos, ":")
        if pos - mem < length or state.skipSpaces(pos) < maximum:
            continue
        closed = True
        break
    state.line = next_line + (1 if closed else 0)
    token = state.push("colon_fence", "div", 0)
    token.info = params
    token.content = state.getLines(start_line + 1, next_line, state.sCount[start_line], True)
    token.markup = markup
    token.map = [start_line, state.line]
    return True


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table").disable("reference")
    interrupting: RuleOptionsType = {"alt": ["paragraph", "blockquote", "list"]}
    md.block.ruler.before("fence", "colon_fence", _colon_fence, interrupting)
    md.block.ruler.before("blockquote", "myst_blocks", _target_or_comment, interrupting)
    md.inline.ruler.before("backticks", "myst_role", _counting(_role))
    for name, rule in (("backticks", backtick), ("link", link), ("image", image), ("html_inline", html_inline)):
        md.inline.ruler.at(name, _counting(rule))
    return md


# --- what a text refers to and defines ------------------------------------------------------------------------

# Directives whose content is MyST Markdown (others, such as code or math, hold no references the build resolves).
ADMONITIONS = ("attention", "caution", "danger", "error", "hint", "important", "note", "seealso", "tip", "warning", "todo")
# Their first line is body text (they take no argument) or a title, read as Markdown either way.
TEXT_ARGUMENT = {
    *ADMONITIONS, "admonition", "epigraph", "highlights", "pull-quote", "compound", "topic", "sidebar", "margin", "rubric",
    "dropdown", "card", "grid-item-card", "tab-item", "list-table", "table",
}  # fmt: skip
MARKDOWN_CONTENT = TEXT_ARGUMENT | {
    "container", "figure", "glossary", "grid", "grid-item", "tab-set", "div", "only", "versionadded", "versionchanged",
    "deprecated",
}  # fmt: skip
IMAGE_DIRECTIVES = ("image", "figure")
INCLUDE_DIRECTIVE = "include"  # a file's text in the page (a home page includes the generated pairs diagram)
CHART_DIRECTIVE = "inclucities-chart"


@dataclass(frozen=True)
class Reference:
    kind: str  # "link", "image", "role" or "directive"
    name: str  # the role's or directive's name
    target: str
    line: int  # 0-based, in the text scanned


@dataclass
class Scan:
    references: list[Reference] = field(default_factory=list)
    labels: list[tuple[str, int]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)


# Directives nested deeper than this are not read (each level is parsed again): left to the build. Real texts nest
# two or three; the limit keeps a hostile text from taking time or ending in a RecursionError.
MAX_DIRECTIVE_DEPTH = 20


def scan(text: str) -> Scan:
    """The references, labels (`(label)=`, `:name:`) and glossary terms of a MyST text."""
    found = Scan()
    _walk(_parser().parse(text), 0, found, 0)
    return found


def _walk(tokens: list[Token], base: int, found: Scan, depth: int) -> None:
    line = base
    for token in tokens:
        line = base + token.map[0] if token.map else line
        if token.type == "myst_target":
            found.labels.append((token.content, line))
        elif token.type in ("fence", "colon_fence") and depth < MAX_DIRECTIVE_DEPTH:
            _directive(token, line, found, depth + 1)
        elif token.type == "inline" and token.children:
            _inline(token.children, line, found)


def _inline(children: list[Token], line: int, found: Scan) -> None:
    for child in children:
        if child.type == "link_open" and child.markup != "autolink" and child.info != "auto":
            found.references.append(Reference("link", "", str(child.attrGet("href") or ""), line))
        elif child.type == "image":
            found.references.append(Reference("image", "", str(child.attrGet("src") or ""), line))
        elif child.type == "myst_role":
            found.references.append(Reference("role", str(child.meta["name"]), child.content, line))
        line += (child.type in ("softbreak", "hardbreak")) + child.meta.get("lines", 0)


def _directive(token: Token, line: int, found: Scan, depth: int) -> None:
    match = DIRECTIVE.fullmatch(token.info.strip())
    if match is None:
        return  # a code block
    name, argument = match.group(1), match.group(2).strip()
    content, options = _options(token.content)
    for label, offset in options.get("name", []):
        found.labels.append((label, line + 1 + offset))
    if name == CHART_DIRECTIVE or name in IMAGE_DIRECTIVES or name == INCLUDE_DIRECTIVE:
        found.references.append(Reference("directive", name, argument, line))
    if name in TEXT_ARGUMENT and argument:
        _walk(_parser().parse(argument), line, found, depth)
    if name == "glossary":
        found.terms += glossary_terms(content)
    if name in MARKDOWN_CONTENT:
        _walk(_parser().parse(content), line + 1, found, depth)


def _options(content: str) -> tuple[str, dict[str, list[tuple[str, int]]]]:
    """A directive's content with its option lines blanked (so that lines keep their numbers), and its options:
    name → [(value, line offset)]. Options are the leading `:key: value` lines, or a block between `---` lines."""
    lines = content.split("\n")
    options: dict[str, list[tuple[str, int]]] = {}
    if lines and lines[0].strip().startswith("---"):
        end = next((i for i in range(1, len(lines)) if lines[i].startswith("---")), len(lines))
        pattern, last = YAML_OPTION, end + 1
    else:
        end = next((i for i, line in enumerate(lines) if not line.lstrip().startswith(":")), len(lines))
        pattern, last = OPTION, end
    for i in range(min(last, len(lines))):
        if (option := pattern.fullmatch(lines[i])) is not None:
            options.setdefault(option.group(1), []).append((option.group(2).strip().strip("\"'"), i))
        lines[i] = ""
    return "\n".join(lines), options


def glossary_terms(content: str) -> list[str]:
    """The terms of a `{glossary}`: its unindented lines (without a ` : classifier`), as text."""
    terms = []
    for line in content.split("\n"):
        if not line.strip() or line[0].isspace() or line.startswith(".. "):
            continue
        term = re.split(" +: +", line)[0]
        children = _parser().parseInline(term)[0].children or []
        terms.append("".join(child.content for child in children if child.type in ("text", "code_inline")))
    return terms


# --- resolving and checking ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A MyST text the build compiles into a page: a practice's body or a chapter of the book."""

    display: str  # the author's file, relative to the knowledge base (practices/x.md)
    page: str  # the page it is compiled into, relative to the book's source (practices/x.md, book/method.md)
    text: str
    first_line: int = 1  # the line of the author's file where `text` starts


@dataclass(frozen=True)
class Settings:
    """The MyST settings of `_config.yml` that change how links are read."""

    heading_anchors: bool = False  # `myst_heading_anchors`: headings are anchors too (left to the build)
    all_links_external: bool = False
    url_schemes: frozenset[str] = frozenset({"http", "https", "mailto", "ftp"})

    @classmethod
    def of(cls, config: Any) -> Settings:
        def mapping(value: Any) -> dict[str, Any]:
            return value if isinstance(value, dict) else {}

        config = mapping(config)
        # Jupyter Book passes `parse:` settings on to MyST; `sphinx: config:` sets any of them directly
        options = {**mapping(config.get("parse")), **mapping(mapping(config.get("sphinx")).get("config"))}
        schemes = options.get("myst_url_schemes")
        return cls(
            heading_anchors=bool(options.get("myst_heading_anchors")),
            all_links_external=bool(options.get("myst_all_links_external")),
            url_schemes=frozenset(map(str, schemes)) if isinstance(schemes, list | dict) else cls.url_schemes,
        )


def normal(label: str) -> str:
    """A label as docutils and Sphinx compare them: lowercase, spaces collapsed."""
    return " ".join(label.lower().split())


def check_bodies(
    texts: Sequence[Text],
    generated: Generated,
    toc: Any,
    config: Any,
    exists: Callable[[str], bool],
    *,
    complete: bool = True,
    other_labels: Mapping[str, str] | None = None,
    other_pages: Iterable[str] = (),
) -> list[Problem]:
    """Every reference of `texts` the build would reject.

    `generated`: what the build makes; `toc`, `config`: the data of `_toc.yml` and `_config.yml`; `exists(path)`:
    whether a file of the knowledge base exists (`path` relative to its root); `complete`: whether `generated` is
    all the build makes (false while a record is invalid: then a reference to a label, page or file the build
    might generate is not reported); `other_labels`: labels of pages that are not Markdown (label → file);
    `other_pages`: those pages' files."""
    return Book(texts, generated, toc, config, exists, complete, other_labels or {}, other_pages).problems()


LABEL_FORMS = (
    "a label written `(label)=` in a chapter, or one the build makes: practice-<id>, city-<id>, pair-<id>, theme-<id>, "
    "benchmark-<id>, kf-<id>, toolkit-<id>, action-plan-<city>, one-stop-shop-<city>, network, framework, catalogue, "
    "toolkits, action-plans, infographics, pair-analyses, city-profiles, one-stop-shops"
)
PATH_FORMS = "a page or file of the knowledge base, by its path relative to this page; or a label, as #label"
# Sphinx's `split_explicit_title` (`text <target>`), and the kit's `{download-file}` role's own reading of it
EXPLICIT = re.compile(r"(.+?)\s*<([^<]*?)>", re.DOTALL)
DOWNLOAD_FILE = re.compile(r"\s*(.*?)\s*<([^<>]+)>\s*", re.DOTALL)
Found = tuple[str, str] | None  # (where, message) of a reference the build would reject


class Book:
    """The book as the build will compile it: its pages, labels, glossary terms and files."""

    def __init__(
        self,
        texts: Sequence[Text],
        generated: Generated,
        toc: Any,
        config: Any,
        exists: Callable[[str], bool],
        complete: bool,
        other_labels: Mapping[str, str],
        other_pages: Iterable[str],
    ):
        self.settings = Settings.of(config)
        self.exists, self.complete = exists, complete
        generated_pages = generated.pages
        self.files = frozenset(generated.files) | frozenset(generated_pages)
        self.downloads = _under(generated.files, layout.SITE_FILES)
        # a chart is named by its wide layout; the directive adds the narrow one itself
        self.charts = [c for c in _under(generated.files, layout.FIGURES) if not c.endswith(at.NARROW_SUFFIX)]
        own = {text.page for text in texts if layout.is_chapter(text.page)}
        self.docs = toc_documents(toc, [*generated_pages, *own, *other_pages])
        self.scans = [(text, scan(text.text)) for text in texts]
        # every label with where it is defined: (the file as the author knows it, its line or None, the page)
        self.labels: dict[str, list[tuple[str, int | None, str]]] = {name: [("Sphinx", None, "")] for name in SPHINX_LABELS}
        for page, labels in generated_pages.items():
            if docname(page) in self.docs:
                for name in labels:
                    self.labels.setdefault(normal(name), []).append((f"{page}, which the build generates", None, page))
        for name, origin in other_labels.items():
            self.labels.setdefault(normal(name), []).append((origin, None, origin))
        self.terms: dict[str, str] = {}
        for text, found in self.scans:
            if docname(text.page) not in self.docs:
                continue  # a page outside the table of contents is not compiled: its labels and terms do not exist
            for name, line in found.labels:
                self.labels.setdefault(normal(name), []).append((text.display, text.first_line + line, text.page))
            for term in found.terms:
                self.terms.setdefault(normal(term), term)

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        for text, found in self.scans:
            problems += self._duplicates(text, found)
            local = {normal(name) for name, _line in found.labels}
            for reference in found.references:
                wrong = self._resolve(text, reference, local)
                if wrong is not None:
                    problems.append(Problem(text.display, text.first_line + reference.line, *wrong))
        return problems

    def _duplicates(self, text: Text, found: Scan) -> list[Problem]:
        """Labels defined twice: Sphinx stops at the second (and the first is no longer found)."""
        problems = []
        for name, line in found.labels:
            where = text.first_line + line
            others = [o for o in self.labels.get(normal(name), []) if (o[0], o[1]) != (text.display, where)]
            if docname(text.page) not in self.docs or not others:
                continue
            shown, at, _page = others[0]
            problems.append(
                Problem(
                    text.display,
                    where,
                    "(label)=",
                    f"the label {name!r} is also defined in {shown if at is None else f'{shown}:{at}'} "
                    "(allowed: each label once in the guide)",
                )
            )
        return problems

    def _resolve(self, text: Text, reference: Reference, local: set[str]) -> Found:
        if reference.kind == "link":
            return None if self.settings.all_links_external else self._link(text, reference.target, local)
        if reference.kind == "image":
            return self._local_file(text, _parser().normalizeLinkText(reference.target), "image", "image file")
        if reference.kind == "directive":
            if reference.name == CHART_DIRECTIVE:
                return self._chart(reference.target)
            what = "file" if reference.name == INCLUDE_DIRECTIVE else "image file"
            return self._local_file(text, reference.target, f"{{{reference.name}}}", what)
        return self._role(text, reference.name, reference.target)

    # --- links ---

    def _link(self, text: Text, href: str, local: set[str]) -> Found:
        destination = _parser().normalizeLinkText(href)
        if destination.startswith("#"):
            target = destination[1:]
            if not target or normal(target) in local or self._names_something(text, target):
                return None
            if self.settings.heading_anchors or not self.complete:
                return None  # a heading of this page, or a label of a record that is invalid for now
            return "link", f"no target {destination!r} in the guide {self._label_hint(target, '#')}"
        scheme = SCHEME.match(destination)
        if scheme is not None:
            name = scheme.group(1)
            if (
                name in self.settings.url_schemes
                or name in ("inv", "path", "project")
                or self._names_something(text, destination)
            ):
                return None
            return "link", (
                f"{destination!r}: MyST makes no link of the scheme {name + ':'!r}, and no page or label is so named "
                f"(allowed: an address starting {', '.join(sorted(self.settings.url_schemes))}; or add {name!r} to "
                "myst_url_schemes in _config.yml)"
            )
        path, _, anchor = destination.partition("#")
        file = self._file(text, path)
        if file is None:
            return None  # an empty path: left to the build
        if self._is_file(file):
            document = docname(file)
            if not anchor or self.docs.get(document) != file or self.settings.heading_anchors:
                return None  # a page, or a file the build offers as a download
            labels = sorted({f"#{n}" for n, origins in self.labels.items() if any(docname(o[2]) == document for o in origins)})
            instead = _hint(
                anchor, [label[1:] for label in labels], ", ".join(labels) or "none yet: write a `(label)=` line there"
            )
            return "link", (
                f"{'#' + anchor!r} in {path!r}: MyST finds an anchor in another page among its headings only when "
                f"myst_heading_anchors is set in _config.yml; link to a label of the page instead {instead}"
            )
        if self._names_something(text, destination) or (_generated(file) and not self.complete):
            return None
        return "link", f"no page or file {destination!r}{self._read_from(text, path)} {self._path_hint(text, path, file)}"

    def _names_something(self, text: Text, target: str) -> bool:
        """Whether MyST finds `target` as a label, as a page (named relative to this one) or as a glossary term."""
        return normal(target) in self.labels or _join(docname(text.page), target) in self.docs or normal(target) in self.terms

    # --- files ---

    def _file(self, text: Text, path: str) -> str | None:
        """The file a path names, from the root, as Sphinx finds it (`relfn2path`); None for an empty path.

        A path that leaves the root (`../…`) names nothing: Sphinx reads the book's source in the build's folder,
        the chapters' copy and the generated pages, and nothing of the knowledge base beside them."""
        joined = path[1:] if path.startswith("/") else posixpath.join(posixpath.dirname(text.page), path)
        file = posixpath.normpath(joined) if joined else ""
        return file or None

    def _is_file(self, file: str) -> bool:
        return file in self.files if _generated(file) else self.exists(file)

    def _local_file(self, text: Text, path: str, where: str, what: str) -> Found:
        if not path or "://" in path or path.startswith("data:") or any(c in path for c in "*?"):
            return None  # remote, inline, or a pattern of candidates (Sphinx picks one): left to the build
        file = self._file(text, path)
        if file is None or self._is_file(file) or (_generated(file) and not self.complete):
            return None
        candidates = sorted({self._relative(text, name) for name in self.files if not name.endswith(PAGE_SUFFIXES)})
        hint = self._legacy_hint(text, file) or did_you_mean(path, candidates)
        return where, f"no {what} {path!r}{self._read_from(text, path)}" + (f" ({hint})" if hint else "")

    def _chart(self, name: str) -> Found:
        if not self.complete or (name in self.charts and ".." not in name.split("/")):
            return None
        return f"{{{CHART_DIRECTIVE}}}", f"no chart {name!r} is generated {_hint(name, self.charts)}"

    # --- roles ---

    def _role(self, text: Text, name: str, content: str) -> Found:
        where = f"{{{name}}}"
        if name == "download-file":
            given = DOWNLOAD_FILE.fullmatch(content)
            target = given.group(2) if given else content
            if not self.complete or (posixpath.normpath(target) in self.downloads and ".." not in target.split("/")):
                return None
            return where, f"no file {target!r} is generated {_hint(target, self.downloads)}"
        if content.startswith("!"):
            return None  # Sphinx's prefix for "no link"
        explicit = EXPLICIT.fullmatch(content)
        target = " ".join((explicit.group(2) if explicit else content).split())
        if name == "term":
            if normal(target) in self.terms:
                return None
            terms = sorted(self.terms.values(), key=str.lower)
            allowed = allowed_ids(terms) if terms else "none: no chapter of the guide has a {glossary}"
            return where, f"{target!r} is not a term of the glossary {_hint(target, terms, allowed)}"
        if name == "ref":
            if normal(target) in self.labels or not self.complete:
                return None
            return where, f"no label {target!r} in the guide {self._label_hint(target, '')}"
        if name == "doc":
            if _join(docname(text.page), target) in self.docs or not self.complete:
                return None
            pages = sorted({docname(self._relative(text, page)) for page in self.docs.values()})
            allowed = "a page of the guide without its extension, relative to this page or from the root with /"
            return where, f"no page {target!r}{self._read_from(text, target)} {_hint(target, pages, allowed)}"
        if name == "download":
            return None if "://" in target else self._local_file(text, target, where, "file")
        return None  # other roles: left to the build

    # --- what to say ---

    def _read_from(self, text: Text, path: str) -> str:
        """For a practice: where its relative paths are read from, the page the build publishes."""
        if path.startswith("/") or not _generated(text.page):
            return ""
        return f" (read from the guide's {posixpath.dirname(text.page)}/, where the build publishes {text.display} as a page)"

    def _relative(self, text: Text, name: str) -> str:
        """`name` (from the root) as a path relative to the page of `text`."""
        return posixpath.relpath(name, posixpath.dirname(text.page) or ".")

    def _label_hint(self, target: str, prefix: str) -> str:
        candidates = [name for name in self.labels if name not in SPHINX_LABELS]
        hint = did_you_mean(normal(target), candidates)
        if hint and prefix:
            hint = did_you_mean(prefix + normal(target), [prefix + name for name in candidates])
        return f"({hint}; allowed: {LABEL_FORMS})" if hint else f"(allowed: {LABEL_FORMS})"

    def _legacy_hint(self, text: Text, file: str) -> str:
        """For a path an earlier build used (`../_generated/analyses/pair_benchmark/pair-1.ipynb`), its current form."""
        current = at.from_legacy(file)
        if current is None or current not in self.files:
            return ""
        return (
            f"did you mean {self._relative(text, current)!r}? The build no longer writes pages under "
            f"{layout.LEGACY_GENERATED}/: they are published at the root of the guide"
        )

    def _path_hint(self, text: Text, path: str, file: str) -> str:
        candidates = sorted({self._relative(text, name) for name in [*self.docs.values(), *self.files]})
        hint = self._legacy_hint(text, file) or did_you_mean(path, candidates)
        return f"({hint}; allowed: {PATH_FORMS})" if hint else f"(allowed: {PATH_FORMS})"


def _generated(file: str) -> bool:
    """Whether a file of the book's source is one the build generates: all are, but the chapters' copy."""
    return not layout.is_chapter(file)


def _under(files: Iterable[str], folder: str) -> list[str]:
    return sorted(name.removeprefix(f"{folder}/") for name in files if name.startswith(f"{folder}/"))


def _join(base_docname: str, target: str) -> str:
    """A page named relative to another (Sphinx's `docname_join`); a leading / starts from the root."""
    return posixpath.normpath(posixpath.join("/" + base_docname, "..", target))[1:]


def _hint(value: str, candidates: Sequence[str], allowed: str | None = None) -> str:
    hint = did_you_mean(value, candidates)
    listed = allowed if allowed is not None else allowed_ids(candidates) if candidates else "none"
    return f"({hint}; allowed: {listed})" if hint else f"(allowed: {listed})"
