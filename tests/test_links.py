"""Link check: every internal link, anchor, image, script, style sheet and download of the built guide resolves."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from inclucities import addresses

pytestmark = pytest.mark.build

ATTRIBUTES = ("href", "src", "xlink:href", "data", "poster")
# Addresses with a scheme leave the site (http, https, mailto, tel) or hold their content (data): not files here.
# Protocol-relative addresses (`//host/…`) are reported by tests/test_offline.py.


@cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@cache
def _anchors(path: Path) -> frozenset[str]:
    soup = _soup(path)
    return frozenset(
        [str(tag["id"]) for tag in soup.find_all(id=True)]
        + [str(tag["name"]) for tag in soup.find_all("a", attrs={"name": True})]
    )


def broken_links(site: Path) -> tuple[list[str], int]:
    """Every internal address in every page of `site` that names no file, or an anchor its page lacks."""
    site = site.resolve()
    problems: list[str] = []
    checked = 0
    for page in sorted(site.rglob("*.html")):
        if "_static" in page.relative_to(site).parts:
            continue  # the theme's own HTML templates (webpack macros), not pages of the guide
        name = page.relative_to(site).as_posix()
        for tag in _soup(page).find_all(True):
            for attribute in ATTRIBUTES:
                value = tag.get(attribute)
                if not isinstance(value, str) or not value.strip():
                    continue
                parts = urlsplit(value.strip())
                if parts.scheme or parts.netloc or value.strip().startswith("//"):
                    continue
                checked += 1
                target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
                if parts.path.startswith("/"):
                    problems.append(f"{name}: <{tag.name} {attribute}={value!r}>: an absolute path breaks off the site root")
                    continue
                if not target.is_relative_to(site):
                    problems.append(f"{name}: <{tag.name} {attribute}={value!r}>: leaves the site")
                    continue
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_file():
                    problems.append(f"{name}: <{tag.name} {attribute}={value!r}>: no file {target.relative_to(site)}")
                    continue
                fragment = unquote(parts.fragment)
                if fragment and target.suffix == ".html" and fragment not in _anchors(target):
                    problems.append(
                        f"{name}: <{tag.name} {attribute}={value!r}>: no id {fragment!r} in {target.relative_to(site)}"
                    )
    return problems, checked


def test_every_internal_link_anchor_and_download_of_the_guide_resolves(built_bundled: Path) -> None:
    problems, checked = broken_links(built_bundled / "_build" / "html")
    assert checked > 1000, checked
    print(f"\nlink check: {checked} internal addresses, {len(problems)} broken")
    assert not problems, "broken internal links:\n" + "\n".join(problems)


def test_the_link_check_finds_a_broken_link_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text('<h2 id="here">B</h2>', encoding="utf-8")
    (tmp_path / "a.html").write_text(
        '<a href="sub/b.html#here">ok</a> <a href="sub/b.html#gone">anchor</a> <img src="missing.svg" alt="x">'
        ' <a href="#top-of-a">self</a> <a id="top-of-a" href="https://example.org/x">out</a>'
        ' <a href="../outside.html">up</a> <a href="mailto:a@b.eu">mail</a>',
        encoding="utf-8",
    )
    problems, checked = broken_links(tmp_path)
    assert checked == 5
    assert len(problems) == 3, problems
    assert any("no id 'gone'" in problem for problem in problems)
    assert any("no file missing.svg" in problem for problem in problems)
    assert any("leaves the site" in problem for problem in problems)


# Names of the build's own folders and of the notebook templates: no reader should meet them in an address.
NOT_IN_ADDRESSES = ("_generated", "analyses", "pair_benchmark", "city_profile", "network_overview")


def test_published_addresses_read_like_the_guide(built_bundled: Path) -> None:
    site = built_bundled / "_build" / "html"
    pages = [page.relative_to(site).as_posix() for page in site.rglob("*.html")]
    pages = [page for page in pages if not page.startswith(("_static/", "_sources/"))]
    named = [page for page in pages if any(word in page for word in NOT_IN_ADDRESSES)]
    assert not named, f"addresses naming the build's folders or templates: {named}"
    downloads = [path.relative_to(site).as_posix() for path in (site / addresses.DOWNLOADS).rglob("*")]
    assert downloads and not [path for path in downloads if any(word in path for word in NOT_IN_ADDRESSES)]
    expected = [
        addresses.practice_page("capaci-buddies"),
        addresses.pair_page("pair-2"),
        addresses.city_page("jelgava"),
        addresses.toolkit_page("language-learning"),
        addresses.action_plan_page("jelgava"),
        addresses.one_stop_shop_page("mechelen"),
        addresses.NETWORK_OVERVIEW_PAGE,
        addresses.NETWORK_PAGE,
    ]
    assert [addresses.html_address(page) for page in expected] == [
        "practices/capaci-buddies.html",
        "pairs/pair-2.html",
        "cities/jelgava.html",
        "toolkits/language-learning.html",
        "action-plans/jelgava.html",
        "one-stop-shops/mechelen.html",
        "network-overview.html",
        "network.html",
    ]
    for page in expected:
        assert addresses.html_address(page) in pages, page
    # the site's root still leads to the home page
    root = (site / "index.html").read_text(encoding="utf-8")
    assert "book/index.html" in root
