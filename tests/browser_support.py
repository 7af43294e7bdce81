"""Helpers for the browser tests: serve a built site on localhost, drive Debian's chromium with Playwright, run axe.

The browser is the system's `/usr/bin/chromium` (Debian's package; `make test` installs it): Playwright's own
browser download is never used. Every request the page makes goes through a route that lets only the local
server through, so a request to any other host is both recorded and never sent.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request, Route

CHROMIUM = Path("/usr/bin/chromium")
# As root (CI), without a sandbox; without the background-networking flags chromium calls Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.1 levels A and AA (axe tags), as DESIGN.md §7 asks.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = ("serious", "critical")
IMPACTS = ("critical", "serious", "moderate", "minor")
LOCAL_SCHEMES = ("data", "blob", "about")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 on a free port in a thread; yield its base address (ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


@dataclass
class Visit:
    """What one page did while it loaded: console errors, failed requests, requests to other hosts."""

    url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    off_host: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"failed request: {text}" for text in self.failed]
            + [f"request to another host: {url}" for url in self.off_host]
            + [f"dialog opened: {text}" for text in self.dialogs]
        )


@contextmanager
def watched_page(browser: Browser, base: str) -> Iterator[tuple[Page, Visit]]:
    """A new page in a fresh context, recording everything listed in `Visit`; other hosts are blocked."""
    host = urlsplit(base).netloc
    context = browser.new_context(service_workers="block")
    visit = Visit(url=base)

    def route(route: Route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES or (parts.scheme == "http" and parts.netloc == host):
            route.continue_()
        else:
            visit.off_host.append(url)
            route.abort("blockedbyclient")

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location or {}
            visit.console_errors.append(f"{message.text} ({location.get('url', '')}:{location.get('lineNumber', '')})")

    def on_failed(request: Request) -> None:
        if request.url not in visit.off_host:  # already reported as a request to another host
            visit.failed.append(f"{request.url}: {request.failure}")

    def on_response(response) -> None:  # type: ignore[no-untyped-def]
        if response.status >= 400:
            visit.failed.append(f"{response.url}: HTTP {response.status}")

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        visit.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    context.route("**/*", route)
    page = context.new_page()
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.console_errors.append(f"uncaught: {error}"))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.on("dialog", on_dialog)
    try:
        yield page, visit
    finally:
        context.close()


def load(page: Page, visit: Visit, url: str) -> None:
    visit.url = url
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, (url, response and response.status)
    page.wait_for_load_state("networkidle")


@dataclass
class AxeFigures:
    page: str
    violations: dict[str, int]  # impact -> number of rules violated
    nodes: dict[str, int]  # impact -> number of elements affected
    passes: int
    incomplete: int
    details: list[str]

    def serious(self) -> list[str]:
        return [line for line in self.details if line.split("(", 1)[-1].split(")", 1)[0] in SERIOUS]


_AXE = Axe()


def run_axe(page: Page, name: str) -> AxeFigures:
    """axe-core (vendored in axe-playwright-python) with the WCAG 2.1 A/AA rules on the loaded page."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    response = _AXE.run(page, options=options).response
    violations = {impact: 0 for impact in IMPACTS}
    nodes = {impact: 0 for impact in IMPACTS}
    details = []
    for violation in response["violations"]:
        impact = violation.get("impact") or "minor"
        violations[impact] += 1
        nodes[impact] += len(violation["nodes"])
        targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:5])
        details.append(f"{violation['id']} ({impact}) x{len(violation['nodes'])}: {violation['help']} [{targets}]")
    figures = AxeFigures(
        page=name,
        violations=violations,
        nodes=nodes,
        passes=len(response["passes"]),
        incomplete=len(response["incomplete"]),
        details=details,
    )
    REPORT.append(figures)
    return figures


# Best-practice rules of axe-core (not WCAG success criteria) for what the issue also asks: headings in order,
# none empty, one level-1 heading per page.
STRUCTURE_RULES = ["heading-order", "empty-heading", "page-has-heading-one"]


def structure_problems(page: Page) -> list[str]:
    options = {"runOnly": {"type": "rule", "values": STRUCTURE_RULES}, "resultTypes": ["violations"]}
    response = _AXE.run(page, options=options).response
    return [
        f"{violation['id']} ({violation.get('impact')}): {' '.join(map(str, node['target']))}: {node.get('failureSummary', '')}"
        for violation in response["violations"]
        for node in violation["nodes"]
    ]


# Filled by run_axe, printed by tests/conftest.py's pytest_terminal_summary.
REPORT: list[AxeFigures] = []


def report_lines() -> list[str]:
    if not REPORT:
        return []
    width = max(len(figures.page) for figures in REPORT)
    head = f"{'page':<{width}}  critical  serious  moderate  minor  passes  incomplete"
    lines = [head, "-" * len(head)]
    for figures in REPORT:
        v = figures.violations
        lines.append(
            f"{figures.page:<{width}}  {v['critical']:>8}  {v['serious']:>7}  {v['moderate']:>8}  {v['minor']:>5}"
            f"  {figures.passes:>6}  {figures.incomplete:>10}"
        )
    lines.append("(violations: number of axe-core rules failed, by impact; axe-core with the WCAG 2.1 A/AA rules;")
    lines.append(" incomplete: rules axe-core leaves to a person, e.g. colour contrast of text it sees partly covered)")
    for figures in REPORT:
        lines += [f"  {figures.page}: {detail}" for detail in figures.details]
    return lines


# The text of the guide's charts: every chart is an inline SVG inside a wrapper named by its text alternative.
CHART_TEXT = "[role=img] svg text"

# For each chart text shown on screen (Vega keeps the axis labels it thins out, transparent): its font size in CSS px as the reader sees it, the size written in the SVG
# times the scale of the text's own screen CTM (which holds the SVG's scaling to its box on the page; a rotation, as
# of a slanted axis label, leaves the length of the transformed x axis unchanged).
_CHART_TEXT_SIZES = """(selector) => [...document.querySelectorAll(selector)]
  .filter((text) => text.getClientRects().length > 0 && text.textContent.trim() !== "")
  .filter((text) => getComputedStyle(text).opacity !== "0")
  .map((text) => {
    const ctm = text.getScreenCTM();
    const size = parseFloat(getComputedStyle(text).fontSize) * (ctm ? Math.hypot(ctm.a, ctm.b) : 1);
    return {text: text.textContent.trim(), size: size};
  })"""


@dataclass(frozen=True)
class ChartText:
    text: str
    size: float  # CSS px on screen


def chart_text_sizes(page: Page) -> list[ChartText]:
    """Every visible text of the page's charts with its rendered size (see `_CHART_TEXT_SIZES`)."""
    return [ChartText(item["text"], round(item["size"], 2)) for item in page.evaluate(_CHART_TEXT_SIZES, CHART_TEXT)]


def sideways_overflow(page: Page) -> tuple[int, int]:
    """The page's scroll width and the window's width: the page scrolls sideways when the first is larger."""
    width, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return int(width), int(window)


# Pairs of horizontal chart texts whose boxes overlap by more than a sliver, in one SVG: a name drawn twice at the
# same place (a white halo under the name on the map) is one text, and slanted labels are left out (their boxes on
# the page are the rectangles around the slanted text, which overlap while the text does not).
_OVERLAPPING_TEXT = """(selector) => {
  const clash = [];
  for (const svg of document.querySelectorAll("[role=img] svg")) {
    const boxes = [...svg.querySelectorAll("text")]
      .filter((text) => text.getClientRects().length > 0 && text.textContent.trim() !== "")
      .filter((text) => getComputedStyle(text).opacity !== "0")
      .filter((text) => { const m = text.getScreenCTM(); return !m || Math.abs(m.b) < 1e-6; })
      .map((text) => ({text: text.textContent.trim(), box: text.getBoundingClientRect()}));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].box, b = boxes[j].box;
        const same = boxes[i].text === boxes[j].text && Math.abs(a.x - b.x) < 1 && Math.abs(a.y - b.y) < 1;
        const wide = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const high = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (!same && wide > 2 && high > 2) clash.push(`${boxes[i].text} / ${boxes[j].text}`);
      }
    }
  }
  return clash;
}"""


def overlapping_chart_text(page: Page) -> list[str]:
    """The texts of a chart that are drawn over one another (see `_OVERLAPPING_TEXT`)."""
    return list(page.evaluate(_OVERLAPPING_TEXT, CHART_TEXT))


def favicon_problems(page: Page) -> list[str]:
    """What is wrong with the page's icon: none declared, or its address does not answer with an image."""
    href = page.evaluate("document.querySelector('link[rel~=icon]')?.href ?? null")
    if not href:
        return ["no icon declared (<link rel=icon>)"]
    response = page.request.get(href)
    if not response.ok:
        return [f"icon {href}: HTTP {response.status}"]
    return []
