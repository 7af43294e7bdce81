"""Browser tests: the built guide in Debian's chromium (driven by Playwright), served on 127.0.0.1.

Each page type loads with no console error, no failed request and no request to another host, and axe-core
(WCAG 2.1 A/AA rules) finds no serious or critical violation; the one-stop-shop filter, the catalogue filter and
the search work; text from the knowledge base runs nothing. The axe figures of every page are printed at the end
of the test run (tests/conftest.py). `make test` installs chromium; run only these tests with
`.venv/bin/python -m pytest tests/test_browser.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page

from inclucities.guide.sphinx_ext import label_sidebar_toggles
from tests.browser_support import load, run_axe, serve, structure_problems, watched_page
from tests.conftest import run_cli

pytestmark = [pytest.mark.browser, pytest.mark.build]

# One page of each type of the bundled guide: (name in the report, path in the site).
PAGES = [
    ("home", "book/index.html"),
    ("chapter", "book/method.html"),
    ("practice", "practices/bapa-bxl.html"),
    ("catalogue", "catalogue.html"),
    ("pair analysis", "pairs/pair-1.html"),
    ("network overview", "network-overview.html"),
    ("city profile", "cities/mechelen.html"),
    ("toolkit", "toolkits/language-learning.html"),
    ("action plan", "action-plans/jelgava.html"),
    ("one-stop shop", "one-stop-shops/mechelen.html"),
    ("infographics", "infographics.html"),
    ("network (map, diagram, timeline)", "network.html"),
    ("search", "search.html?q=mentoring"),
]


@pytest.fixture
def open_page(browser: Browser, bundled_site: str) -> Iterator[Page]:
    with watched_page(browser, bundled_site) as (page, visit):
        page.visit = visit  # type: ignore[attr-defined]
        yield page
        assert not visit.problems(), visit.problems()


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_page_loads_cleanly_offline_and_passes_axe(browser: Browser, bundled_site: str, name: str, path: str) -> None:
    with watched_page(browser, bundled_site) as (page, visit):
        load(page, visit, bundled_site + path)
        if name == "search":  # the search index is loaded by a script; wait for its results
            page.wait_for_selector("#search-results ul.search li", timeout=20_000)
            assert page.locator("#search-results ul.search li").count() >= 3
        assert page.evaluate("document.documentElement.lang") == "en"
        # Checked before axe runs: axe fetches the style sheets itself, resolving `@import` against the page.
        assert not visit.problems(), (path, visit.problems())
        assert len(visit.requests) > 5, visit.requests  # the page's own assets were seen (and all were local)
        figures = run_axe(page, f"{name}: {path}")
        assert not figures.serious(), (path, figures.serious())
        assert not structure_problems(page), (path, structure_problems(page))  # headings in order, one h1


def test_one_stop_shop_filter_counts_and_switches_labels(open_page: Page, bundled_site: str) -> None:
    page = open_page
    load(page, page.visit, bundled_site + "one-stop-shops/mechelen.html")  # type: ignore[attr-defined]
    services = page.locator(".inclucities-service:visible")
    status = page.locator(".inclucities-services-filter [role=status]")
    total = services.count()
    assert total >= 5
    assert f"{total}" in status.inner_text()

    category = page.locator("#inclucities-services-category")
    category.select_option(index=1)
    in_category = services.count()
    assert 0 < in_category < total
    assert f"{in_category}" in status.inner_text() and f"{total}" in status.inner_text()

    category.select_option(index=0)
    language = page.locator("#inclucities-services-language")
    counts = []
    for index in range(1, language.locator("option").count()):
        language.select_option(index=index)
        counts.append(services.count())
        assert f"{counts[-1]}" in status.inner_text()
    assert counts and min(counts) < total, counts

    label = page.locator("label[for=inclucities-services-category]")
    english = label.inner_text()
    page.locator("#inclucities-services-labels").select_option("fr")
    assert label.inner_text() != english
    assert label.get_attribute("lang") == "fr"
    page.locator("#inclucities-services-labels").select_option("en")
    assert label.inner_text() == english


def test_catalogue_filter_and_search(open_page: Page, bundled_site: str) -> None:
    """The filter of static/catalogue-filter.js: by facet, by text, reset; its state kept in the address."""
    page = open_page
    load(page, page.visit, bundled_site + "catalogue.html")  # type: ignore[attr-defined]
    controls = page.locator(".inclucities-catalogue-filter")
    rows = page.locator("tr:has(.inclucities-practice):visible")
    status = controls.locator("[role=status]")
    reset = controls.get_by_role("button", name=re.compile("reset", re.IGNORECASE))
    search = controls.locator("input[type=search]")
    total = rows.count()
    assert total >= 20
    assert str(total) in status.inner_text()

    controls.locator("select[name=theme]").select_option(index=1)
    in_theme = rows.count()
    assert 0 < in_theme < total
    assert str(in_theme) in status.inner_text()
    assert "theme=" in page.url

    reset.click()
    assert rows.count() == total
    search.fill("bapa")
    found = rows.count()
    assert 1 <= found < total
    assert str(found) in status.inner_text()
    assert "=bapa" in page.url
    search.fill("no practice says this")
    assert rows.count() == 0
    assert status.inner_text().startswith("0 ")
    reset.click()
    assert rows.count() == total


# Knowledge-base text that would run if it became markup: each sets window.__pwned or opens a dialog.
HOSTILE = """---
id: hostile
title: "<script>window.__pwned=1</script> Evil & co"
summary: "<img src=x onerror=\\"window.__pwned=1\\"> and <script>alert('summary')</script>"
city: hilltown
themes: [welcome]
key_factors: [volunteer-guides]
target_groups: [newcomers]
status: pilot
start: 2025
illustrative: true
---

## How it works

<script>window.__pwned=1; alert('body')</script>

Inline <img src=x onerror="window.__pwned=1"> markup and <svg onload="window.__pwned=1"></svg>.

```{raw} html
<script>window.__pwned=1</script>
```

## Cost

A formula, which Sphinx would render with MathJax from a CDN: the guide shows its source instead.

```{math}
c = n \\times 12
```
"""


@pytest.fixture(scope="module")
def hostile_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from inclucities.kb.scaffold import scaffold

    kb = scaffold(tmp_path_factory.mktemp("hostile") / "kb", name="Test network")
    (kb / "practices" / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    result = run_cli("build", str(kb))
    assert result.exit_code == 0, result.output
    return kb


@pytest.fixture(scope="module")
def hostile_site(hostile_kb: Path) -> Iterator[str]:
    with serve(hostile_kb / "_build" / "html") as base:
        yield base


@pytest.mark.parametrize("path", ["practices/hostile.html", "catalogue.html"])
def test_knowledge_base_text_runs_nothing_in_the_browser(browser: Browser, hostile_site: str, path: str) -> None:
    with watched_page(browser, hostile_site) as (page, visit):
        load(page, visit, hostile_site + path)
        page.wait_for_timeout(300)  # give an injected handler (onerror, onload) a chance to fire
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert not visit.dialogs
        assert "window.__pwned=1" in page.locator("article").inner_text()  # shown as text
        assert not visit.problems(), visit.problems()  # no MathJax, no request for the image `x`
        assert not [url for url in visit.requests if url.endswith("/x")]


def test_no_page_of_the_hostile_guide_holds_its_markup(hostile_kb: Path) -> None:
    """Anywhere in the page, theme parts included (sphinx-book-theme's print header wrote the title unescaped)."""
    site = hostile_kb / "_build" / "html"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert not [s for s in soup.find_all("script") if "__pwned" in s.get_text() or "alert(" in s.get_text()], path
        assert not soup.find_all(attrs={"onerror": True}) and not soup.find_all(attrs={"onload": True}), path
    practice = BeautifulSoup((site / "practices/hostile.html").read_text(encoding="utf-8"), "html.parser")
    assert not [s for s in practice.find_all("script") if "mathjax" in (s.get("src") or "").lower()]


def test_sidebar_toggles_get_an_accessible_name() -> None:
    html = (
        '<ul><li class="has-children"><a class="reference" href="x.html">Practices</a>'
        '<details><summary><span class="toctree-toggle" role="presentation"><i class="fa-solid"></i></span></summary>'
        "<ul><li>a</li></ul></details></li></ul>"
    )
    assert 'aria-label="Show or hide the pages of Practices"' in label_sidebar_toggles(html)
