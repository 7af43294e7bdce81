"""The guide's identity (`inclucities:` in `_config.yml`), the home page, one search box and the sidebar's order.

The first tests are pure (seconds); those that read the built bundled guide are `build` tests.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pytest

from inclucities.guide.config import SIDEBAR_ITEMS, by_title, effective_config
from inclucities.guide.sphinx_ext import footer_html, ico
from tests.conftest import REPO, edit, fingerprint, run_cli

CONFIG = "_config.yml"
LOGO = "    image: book/identity/logo.svg\n"


def test_the_template_and_the_bundled_guide_declare_an_identity() -> None:
    for kb in (REPO, REPO / "src" / "inclucities" / "templates" / "new_kb"):
        text = (kb / CONFIG).read_text(encoding="utf-8")
        assert "\ninclucities:\n" in text
        for image in re.findall(r"(book/identity/[\w.-]+)", text):
            assert (kb / image).is_file(), image


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            LOGO,
            "    image: ../logo.gif\n",
            "_config.yml:12: inclucities.logo.image: '../logo.gif' is not an image of the guide (allowed: a .svg or .png file under book/",
        ),
        (
            LOGO,
            "    image: book/identity/nothing.svg\n",
            "_config.yml:12: inclucities.logo.image: 'book/identity/nothing.svg': no such file (allowed: a file of the knowledge base)",
        ),
        (
            "    date: ",
            "    date: March ",
            "_config.yml:21: inclucities.edition.date: 'March 2026' is not a date (allowed: YYYY, YYYY-MM or YYYY-MM-DD)",
        ),
        (
            "  cite_as:",
            "  colour: red\n  cite_as:",
            "_config.yml:24: inclucities.colour: unknown field (allowed: logo, favicon, funders, edition, licence, cite_as)",
        ),
        (
            '      emblem_alt: "PLACEHOLDER: what the funder\'s emblem shows"\n',
            "",
            "_config.yml:16: inclucities.funders[0]: an emblem needs a text alternative (allowed: add `emblem_alt`",
        ),
    ],
    ids=["outside book", "missing file", "date", "unknown field", "emblem without alt"],
)
def test_an_invalid_identity_is_reported_at_its_line(small_kb: Path, old: str, new: str, expected: str) -> None:
    edit(small_kb / CONFIG, old, new)
    before = fingerprint(small_kb)
    result = run_cli("check", str(small_kb))
    assert result.exit_code == 1, result.output
    assert expected in result.output, result.output
    assert "Traceback" not in result.output
    assert fingerprint(small_kb) == before


def test_the_identity_becomes_sphinx_settings(small_kb: Path) -> None:
    config = effective_config(small_kb)
    assert "inclucities" not in config  # not a Jupyter Book setting
    settings = config["sphinx"]["config"]
    assert settings["html_logo"] == "book/identity/logo.svg"
    assert settings["html_favicon"] == "book/identity/favicon.svg"
    assert settings["inclucities_identity"]["edition"]["name"] == "PLACEHOLDER: first edition"
    assert settings["html_sidebars"] == {"**": SIDEBAR_ITEMS}
    assert "search-button-field.html" not in SIDEBAR_ITEMS  # one search box: the header's


def test_the_footer_escapes_the_knowledge_base_text() -> None:
    identity = {
        "funders": [{"emblem": "book/identity/eu.svg", "emblem_alt": "Flag", "statement": "Funded <script>x</script>"}],
        "edition": {"name": "Second edition", "date": "2026-03"},
        "licence": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        "cite_as": "Authors (2026). A & B.",
    }
    html = footer_html(identity, "The <guide>", lambda name: f"../_static/{name}", "en")
    assert "<script>" not in html and "Funded &lt;script&gt;x&lt;/script&gt;" in html
    assert '<img class="inclucities-emblem" src="../_static/eu.svg" alt="Flag">' in html
    assert '<cite>The &lt;guide&gt;</cite>. Second edition, <time datetime="2026-03">March 2026</time>' in html
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in html
    assert "How to cite this guide: Authors (2026). A &amp; B." in html
    assert footer_html({}, "", str, "en") == ""


def test_the_favicon_ico_holds_the_icon_as_png() -> None:
    data = ico((REPO / "book" / "identity" / "favicon.svg").read_bytes(), svg=True)
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    width, height, *_rest, size, offset = struct.unpack("<BBBBHHII", data[6:22])
    assert (reserved, kind, count, width, height, offset) == (0, 1, 1, 32, 32, 22)
    assert data[22:30] == b"\x89PNG\r\n\x1a\n" and len(data) == 22 + size


def test_generated_sections_are_listed_by_title(tmp_path: Path) -> None:
    folder = tmp_path / "practices"
    folder.mkdir(parents=True)
    pages = {
        "a-zebra.md": "(practice-a)=\n\n# Zebra crossings\n",
        "b-eagle.md": "# Élan\\, the newcomers' desk\n",
        "c-pair.md": "# Pair 10\n",
        "d-pair.md": "# Pair 9\n",
        "README.md": "# Read me\n",
    }
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    notebook = {
        "cells": [
            {"cell_type": "code", "source": ["# not a title"]},
            {"cell_type": "markdown", "source": ["# Alpha\\: a profile"]},
        ]
    }
    (folder / "e-alpha.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    listed = by_title(tmp_path, "practices/*")
    assert [page.rsplit("/", 1)[1] for page in listed] == ["e-alpha", "b-eagle", "d-pair", "c-pair", "a-zebra"]


# --- the built bundled guide ----------------------------------------------------------------------------------------


def _page(built: Path, path: str) -> str:
    return (built / "_build" / "html" / path).read_text(encoding="utf-8")


def test_every_page_carries_the_identity(built_bundled: Path) -> None:
    for path in ("book/index.html", "catalogue.html", "practices/bapa-bxl.html"):
        html = _page(built_bundled, path)
        assert 'alt="IncluCities mentoring guide (home page)"' in html, path
        assert re.search(r'<link rel="icon" href="(\.\./)*_static/favicon\.svg', html), path
        assert 'alt="Flag of the European Union"' in html and "co-funded by the European Union" in html, path
        assert "Demonstration edition 0.1" in html and "How to cite this guide:" in html, path
        assert "Copyright" not in html and "By IncluCities guide kit contributors" not in html, path
        sidebar = html.split('id="pst-primary-sidebar"', 1)[1].split("</nav>", 1)[0]
        assert "search-button" not in sidebar, path  # the header's search box is the page's one
    for image in ("logo.svg", "favicon.svg", "eu-emblem.svg"):
        assert (built_bundled / "_build" / "html" / "_static" / image).is_file(), image


def test_the_home_page_has_three_entry_points_and_the_network(built_bundled: Path) -> None:
    html = _page(built_bundled, "book/index.html")
    for title in ("Learn the method", "Browse practices and toolkits", "Rerun the analyses with your city’s data"):
        assert re.search(rf"<h2 class=\"rubric\"[^>]*>{re.escape(title)}</h2>", html), title
    assert 'class="inclucities-chart"' in html  # the network's pairs at a glance


def test_the_practices_are_listed_by_title_in_the_sidebar(built_bundled: Path) -> None:
    html = _page(built_bundled, "catalogue.html")
    titles = re.findall(
        r'<li class="toctree-l2[^"]*"><a class="[^"]*reference internal" href="practices/[^"]+">([^<]+)</a>', html
    )
    assert len(titles) > 10
    assert titles == sorted(titles, key=str.casefold)


def test_the_data_contract_documents_every_field_of_the_identity() -> None:
    from inclucities.kb.identity import Identity
    from inclucities.site.contract import DOCUMENT, FileKind, block

    document = (REPO / "docs" / "data-contract.md").read_text(encoding="utf-8")
    assert block(FileKind("identity", CONFIG, Identity), DOCUMENT) in document, "run the table of Identity into docs/data-contract.md"
