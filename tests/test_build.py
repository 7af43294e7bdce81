"""`inclucities build`: generated pages, the compiled site, escaping of knowledge-base text, failures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from inclucities import addresses, layout
from tests.conftest import data_table, edit, fingerprint, run_cli

pytestmark = pytest.mark.build

SOURCE_FOLDERS = ("practices", "data", "toolkits", "book", "notebooks")

HOSTILE = """---
id: hostile
title: "<script>alert('title')</script> Evil & co"
summary: "<img src=x onerror=alert('summary')>"
city: hilltown
themes: [welcome]
key_factors: [volunteer-guides]
target_groups: [newcomers]
status: pilot
start: 2025
illustrative: true
---

## How it works

<script>alert('body')</script>

Inline <img src=x onerror="alert('inline')"> markup and a [bad link](javascript:alert('link')).

```{raw} html
<script>alert('directive')</script>
```
"""


def html(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def sources_fingerprint(kb: Path) -> dict[str, str]:
    return {name: digest for name, digest in fingerprint(kb).items() if name.split("/")[0] in SOURCE_FOLDERS}


def sources_fingerprint_of_repo() -> dict[str, str]:
    from tests.conftest import REPO

    return sources_fingerprint(REPO)


@pytest.fixture(scope="module")
def built_small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from inclucities.kb.scaffold import scaffold

    kb = scaffold(tmp_path_factory.mktemp("small") / "kb", name="Test network")
    (kb / "practices" / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    # tools leave Markdown in hidden folders (e.g. .pytest_cache/README.md); the book must ignore it
    (kb / ".cache").mkdir()
    (kb / ".cache" / "README.md").write_text("# not part of the guide\n", encoding="utf-8")
    result = run_cli("build", str(kb))
    assert result.exit_code == 0, result.output
    return kb


def test_build_creates_site_with_generated_pages(built_small: Path) -> None:
    site = built_small / "_build" / "html"
    assert (site / "index.html").is_file()
    catalogue = html(site, "catalogue.html")
    rows = catalogue.select("table tbody tr")
    assert len(rows) == 3
    links = {a.get_text(strip=True) for a in catalogue.select("table tbody a")}
    assert {"Harbourtown welcome desk", "Hilltown neighbour guides"} <= links
    assert (site / "practices/harbourtown-welcome-desk.html").is_file()
    assert (site / "themes/welcome.html").is_file()
    network = html(site, "network.html")
    assert "Harbourtown" in network.get_text() and "Hilltown" in network.get_text()


def test_generated_pages_live_outside_the_sources(built_small: Path) -> None:
    # the book's source (the chapters' copy and the generated pages) is in the build's folder: nothing is written
    # beside the knowledge base's own folders, and no page's address names a folder of generated files
    source = layout.BuildFolders(built_small).source
    assert (source / addresses.CATALOGUE_PAGE).is_file() and (source / "book" / "index.md").is_file()
    assert sorted(path.name for path in built_small.iterdir() if path.name.startswith("_") and path.is_dir()) == [layout.BUILD]
    assert (built_small / ".gitignore").read_text().count(f"{layout.BUILD}/") == 1


def test_illustrative_records_carry_a_visible_badge(built_small: Path) -> None:
    page = html(built_small / "_build" / "html", "practices/harbourtown-welcome-desk.html")
    badge = page.select_one("div.admonition.illustrative")
    assert badge is not None and "Illustrative example" in badge.get_text()


def test_knowledge_base_text_never_becomes_markup(built_small: Path) -> None:
    site = built_small / "_build" / "html"
    for page_name in ("practices/hostile.html", "catalogue.html"):
        page = html(site, page_name)
        article = page.select_one("article") or page
        assert not [s for s in article.find_all("script") if "alert" in s.get_text()], page_name
        assert not [tag for tag in article.find_all(True) if any(attr.startswith("on") for attr in tag.attrs)], page_name
        assert not article.select('a[href^="javascript:"]'), page_name
    text = html(site, "practices/hostile.html").get_text().replace("‘", "'").replace("’", "'")
    # shown as text, so readers see what the author wrote
    assert "<script>alert('title')</script> Evil & co" in text
    assert "<script>alert('body')</script>" in text
    assert "alert('directive')" in text


def test_rebuild_keeps_site_and_sources(built_small: Path) -> None:
    before = sources_fingerprint(built_small)
    result = run_cli("build", str(built_small))
    assert result.exit_code == 0, result.output
    assert "nothing changed since the last build" in result.output
    assert sources_fingerprint(built_small) == before


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("```{no-such-directive}\n```", "no-such-directive"),
        # `check` leaves a link to a heading to the build when headings are anchors: Sphinx's own error stops it
        ("[the steps](#no-such-heading)", "no-such-heading"),
    ],
)
def test_sphinx_failure_exits_3_and_keeps_the_previous_site(built_small: Path, tmp_path: Path, block: str, message: str) -> None:
    import shutil

    kb = tmp_path / "kb"
    shutil.copytree(built_small, kb)
    site_before = fingerprint(kb / "_build" / "html")
    edit(kb / "practices" / "harbourtown-welcome-desk.md", "## Transferability", f"{block}\n\n## Transferability")
    edit(kb / "_config.yml", "sphinx:\n  config:\n", "sphinx:\n  config:\n    myst_heading_anchors: 2\n")
    before = sources_fingerprint(kb)
    completed = subprocess.run([sys.executable, "-m", "inclucities", "build", str(kb)], capture_output=True, text=True)
    assert completed.returncode == 3, completed.stderr
    assert "Traceback" not in completed.stderr
    # reported at the line the author wrote, in the file the author edits
    assert re.search(rf"(?m)^  practices/harbourtown-welcome-desk\.md:19: .*{message}", completed.stderr), completed.stderr
    assert fingerprint(kb / "_build" / "html") == site_before
    assert sources_fingerprint(kb) == before


def test_bundled_guide_builds_with_every_practice(built_bundled: Path) -> None:
    bundled_copy = built_bundled
    assert sources_fingerprint(bundled_copy) == sources_fingerprint_of_repo()
    site = bundled_copy / "_build" / "html"
    catalogue = html(site, "catalogue.html")
    practices = sorted(path.stem for path in (bundled_copy / "practices").glob("*.md"))
    assert len(practices) >= 24
    linked = {a["href"].split("#")[0].rsplit("/", 1)[-1].removesuffix(".html") for a in catalogue.select("table tbody a")}
    assert set(practices) <= linked
    for practice in practices:
        assert (site / "practices" / f"{practice}.html").is_file()
    for theme in ("gender-sensitive-integration", "city-for-all", "labour-market-integration", "language-learning"):
        page = html(site, f"themes/{theme}.html")
        assert len(page.select("section[id^=kf-], span[id^=kf-]")) >= 4, theme
    home = html(site, "book/index.html")
    assert home.find("a", href=re.compile("catalogue"))
    assert_analyses(site)


def assert_analyses(site: Path) -> None:
    """4 pair analyses, 8 city profiles and the network overview, each with charts, numbers and provenance."""
    pages = sorted((site / addresses.PAIR_PAGES).glob("*.html")) + sorted((site / addresses.CITY_PAGES).glob("*.html"))
    assert len(pages) == 4 + 8
    overview = site / addresses.html_address(addresses.NETWORK_OVERVIEW_PAGE)
    for page_path in [*pages, overview]:
        page = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
        assert page.select_one(".inclucities-provenance"), page_path.name
        figures = page.select("figure.inclucities-figure")
        assert figures, page_path.name
        for figure in figures:
            assert figure.select_one("svg") and data_table(figure), page_path.name
            assert len(figure.select_one('[role="img"]')["aria-label"]) > 60, page_path.name
        assert not page.select("div.cell_input, .cell .highlight-ipython3"), "code is hidden from readers"
    pair = BeautifulSoup((site / addresses.html_address(addresses.pair_page("pair-2"))).read_text(encoding="utf-8"), "html.parser")
    text = pair.get_text(" ")
    assert "Mechelen" in text and "Capaci" in text and "Buddies" in text
    network = BeautifulSoup(overview.read_text(encoding="utf-8"), "html.parser")
    headers = [th.get_text(strip=True) for th in network.select("table th")]
    assert "actual learner" in headers and "computed learner" in headers


def test_python_m_and_help_work() -> None:
    completed = subprocess.run([sys.executable, "-m", "inclucities", "--help"], capture_output=True, text=True)
    assert completed.returncode == 0
    for command in ("check", "build", "new"):
        assert command in completed.stdout


def test_usage_error_exits_2() -> None:
    completed = subprocess.run([sys.executable, "-m", "inclucities", "build", "--jobs", "zero"], capture_output=True, text=True)
    assert completed.returncode == 2


def test_a_knowledge_base_without_optional_records_builds_with_the_same_toc(small_kb: Path) -> None:
    for optional in ("toolkits/welcome.yml", "data/action_plans/hilltown.yml", "data/services/harbourtown.csv"):
        (small_kb / optional).unlink()
    result = run_cli("build", str(small_kb))
    assert result.exit_code == 0, result.output
    assert (small_kb / "_build/html/toolkits.html").is_file()
    assert not (small_kb / "_build/html/toolkits").exists()


def test_removing_a_page_rechecks_links_on_unchanged_pages(small_kb: Path) -> None:
    # headings as anchors leave `#…` links to the build (see kb/bodies.py): its safety net is what is tested here
    edit(small_kb / "_config.yml", "sphinx:\n  config:\n", "sphinx:\n  config:\n    myst_heading_anchors: 2\n")
    (small_kb / "book" / "extra.md").write_text(
        "# Extra\n\nSee [the guides](#practice-hilltown-neighbour-guides).\n", encoding="utf-8"
    )
    edit(small_kb / "_toc.yml", "parts:\n", "parts:\n  - caption: Extra\n    chapters:\n      - file: book/extra\n")
    assert run_cli("build", str(small_kb)).exit_code == 0
    (small_kb / "practices" / "hilltown-neighbour-guides.md").unlink()
    completed = subprocess.run([sys.executable, "-m", "inclucities", "build", str(small_kb)], capture_output=True, text=True)
    assert completed.returncode == 3, completed.stderr
    assert "book/extra.md" in completed.stderr and "practice-hilltown-neighbour-guides" in completed.stderr
