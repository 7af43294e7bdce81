"""The index pages of the analyses, and the sidebars of a guide whose analyses are nested under them."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from inclucities import addresses
from inclucities.guide.sidebar import _mark, _unmark
from inclucities.kb.loader import load
from inclucities.kb.synthetic import generate
from inclucities.markup import markdown as md
from inclucities.notebooks.plan import plan_runs
from inclucities.site import indexes
from tests.conftest import REPO


def test_pair_index_links_every_pair_analysis_poster_and_plan() -> None:
    kb = load(REPO)
    page = indexes.pairs_page(kb)
    analyses = {run.output for run in plan_runs(kb) if run.template == "pair_benchmark"}
    assert len(analyses) == len(kb.network.pairs) == 4
    for pair in kb.network.pairs:
        row = next(line for line in page.splitlines() if addresses.pair_page(pair.id) in line)
        assert md.text(f"{kb.city_name(pair.mentor)} → {kb.city_name(pair.learner)}") in row
        assert f"#poster-{pair.id}" in row and f"#action-plan-{pair.learner}" in row
    assert all(f"({output})" in page for output in analyses)


def test_city_index_lists_every_city_with_all_its_partners(tmp_path: Path) -> None:
    kb = load(generate(tmp_path / "kb", 12))
    page = indexes.cities_page(kb)
    for city in kb.network.cities:
        row = next(line for line in page.splitlines() if addresses.city_page(city.id) in line)
        partners = [p.learner if p.mentor == city.id else p.mentor for p in kb.network.pairs if city.id in (p.mentor, p.learner)]
        assert partners and all(md.text(kb.city_name(partner)) in row for partner in partners)
        assert f"#city-{city.id}" in row


SIDEBAR = (
    '<ul><li class="toctree-l1"><a class="reference internal" href="../intro.html">Intro</a></li>'
    '<li class="toctree-l2 current active"><a class="current reference internal" href="#">B</a></li>'
    '<li class="toctree-l2"><a class="reference internal" href="c.html">C</a></li></ul>'
)


def test_a_sibling_sidebar_is_the_template_with_its_own_entry_marked() -> None:
    template = _unmark(SIDEBAR, "b.html")
    assert template is not None and "current" not in template
    assert _mark(template, "b.html") == SIDEBAR
    derived = _mark(template, "c.html")
    assert derived is not None and derived.count("current active") == 1
    assert '<li class="toctree-l2 current active"><a class="current reference internal" href="#">C</a>' in derived


@pytest.mark.parametrize(
    "html, href",
    [
        (SIDEBAR.replace("current active", "").replace("current reference", "reference"), "b.html"),  # nothing marked
        (SIDEBAR + SIDEBAR, "b.html"),  # marked twice
        (SIDEBAR.replace("c.html", "b.html"), "b.html"),  # the page listed twice
    ],
)
def test_a_sidebar_without_exactly_one_mark_is_never_a_template(html: str, href: str) -> None:
    assert _unmark(html, href) is None


def test_every_page_of_the_guide_marks_itself_and_nothing_else_in_its_sidebar(built_bundled: Path) -> None:
    site = built_bundled / "_build" / "html"
    analyses = [site / addresses.html_address(addresses.NETWORK_OVERVIEW_PAGE)]
    analyses += sorted((site / addresses.PAIR_PAGES).glob("*.html")) + sorted((site / addresses.CITY_PAGES).glob("*.html"))
    pages = [site / addresses.html_address(page) for page in (addresses.PAIRS_PAGE, addresses.CITIES_PAGE)] + analyses
    pages += sorted((site / "practices").glob("*.html"))
    assert len(analyses) == 4 + 8 + 1 and len(pages) > 20
    for path in pages:
        sidebar = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("nav.bd-docs-nav")
        assert sidebar is not None, path
        marked = sidebar.select("a.current.reference[href='#']")
        assert len(marked) == 1, (path, marked)
    # the analyses are listed under their index pages, not as chapters of their own
    page = BeautifulSoup((site / "practices").glob("*.html").__next__().read_text("utf-8"), "html.parser")
    top_level = [a.get_text(strip=True) for a in page.select("nav.bd-docs-nav li.toctree-l1 > a")]
    assert "Pair analyses" in top_level and "City profiles" in top_level
    assert not any("→" in title for title in top_level)
