"""The practice catalogue: its JSON and CSV exports, and the page markup the filter script reads."""

from __future__ import annotations

import csv
import io
import json
import posixpath
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils.core import publish_string
from myst_parser.parsers.docutils_ import Parser

from inclucities import addresses as anchors
from inclucities.kb.loader import load
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.common import SLUG
from inclucities.markup import markdown as md
from inclucities.site.practices import opendata as catalogue_data
from inclucities.site.practices import pages as practices
from tests.conftest import REPO

FACETS = ("theme", "country", "city", "group", "factor")
HOSTILE_TITLE = "<script>alert('title')</script> Evil & co"
HOSTILE_SUMMARY = "<img src=x onerror=alert('summary')> [x](javascript:alert(1))"
HOSTILE_CITY = '<b onmouseover="alert(1)">Évry</b> & co'


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load(REPO)


def facet_values(kb: KnowledgeBase, practice_id: str) -> dict[str, list[str]]:
    practice = kb.practices[practice_id].practice
    _, country = kb.practice_place(practice)
    return {
        "theme": list(practice.themes),
        "country": [country.lower()],
        "city": [catalogue_data.city_key(practice)],
        "group": list(practice.target_groups),
        "factor": list(practice.key_factors),
    }


def hostile_kb(kb: KnowledgeBase) -> KnowledgeBase:
    """The bundled knowledge base with one practice outside the network whose texts are all hostile."""
    entry = next(iter(kb.practices.values()))
    practice = entry.practice.model_copy(
        update={
            "id": "hostile",
            "title": HOSTILE_TITLE,
            "summary": HOSTILE_SUMMARY,
            "city": None,
            "city_name": HOSTILE_CITY,
            "country": "FR",
        }
    )
    changed = dict(kb.practices, hostile=type(entry)(practice=practice, body="", path=entry.path))
    return KnowledgeBase(root=kb.root, network=kb.network, framework=kb.framework, practices=changed)


def render(markdown: str) -> BeautifulSoup:
    """The page as docutils renders it with MyST (the download role, Sphinx's own, becomes inline code)."""
    source = markdown.replace("{download-file}", "{code}")
    settings = {"myst_enable_extensions": ["colon_fence", "deflist"], "report_level": 4, "output_encoding": "unicode"}
    settings["myst_suppress_warnings"] = ["myst.xref_missing"]  # the targets are on other pages of the book
    return BeautifulSoup(publish_string(source, parser=Parser(), writer_name="html5", settings_overrides=settings), "html.parser")


# --- the exports ---------------------------------------------------------------------------------------------


def test_every_practice_is_exported_once_with_its_facts(kb: KnowledgeBase) -> None:
    files = catalogue_data.files(kb)
    document = json.loads(files[catalogue_data.JSON_DOWNLOAD])
    records = document["practices"]
    assert [r["id"] for r in records] == sorted(kb.practices)
    assert len(records) >= 24
    bapa = next(r for r in records if r["id"] == "bapa-bxl")
    assert bapa["city"] == "brussels" and bapa["place"] == "City of Brussels" and bapa["country"] == "BE"
    assert bapa["themes"] == [{"id": "gender-sensitive-integration", "title": "Gender-sensitive integration"}]
    assert bapa["key_factors"][0]["id"] == "single-reception-point" and bapa["key_factors"][0]["title"]
    assert bapa["mentor_practice"] is True and bapa["illustrative"] is True and bapa["end"] is None
    assert bapa["sources"][0] == {
        "title": "IncluCities — Pair 1: Brussels and Saint-Jean-de-la-Ruelle",
        "url": "https://inclucities.eu/pair-1",
    }
    assert bapa["page"] == "practices/bapa-bxl.html"
    outside = [r for r in records if not r["city"]]
    assert outside and all(r["place"] and r["country"] for r in outside)
    for record in records:
        practice = kb.practices[record["id"]].practice
        assert record["target_groups"] == practice.target_groups and record["status"] == practice.status
        assert record["transferred_to"] == practice.transferred_to and record["start"] == str(practice.start)
        assert set(record) == {
            "id", "title", "summary", "city", "place", "country", "themes", "key_factors", "target_groups", "status",
            "start", "end", "mentor_practice", "transferred_to", "sources", "illustrative", "page",
        }  # fmt: skip


def test_the_csv_holds_the_same_records_as_the_json(kb: KnowledgeBase) -> None:
    files = catalogue_data.files(kb)
    records = json.loads(files[catalogue_data.JSON_DOWNLOAD])["practices"]
    rows = list(csv.DictReader(io.StringIO(files[catalogue_data.CSV_DOWNLOAD])))
    assert tuple(rows[0]) == catalogue_data.CSV_COLUMNS
    assert rows == [catalogue_data.csv_row(record) for record in records]
    by_id = {row["id"]: row for row in rows}
    for record in records:
        row = by_id[record["id"]]
        assert row["themes"].split(catalogue_data.LIST_SEPARATOR) == [t["id"] for t in record["themes"]]
        assert row["source_urls"].split(catalogue_data.LIST_SEPARATOR) == [s["url"] or "" for s in record["sources"]]
        assert row["illustrative"] == str(record["illustrative"]).lower()


def test_the_exports_are_deterministic(kb: KnowledgeBase) -> None:
    first = catalogue_data.files(kb)
    reordered = KnowledgeBase(
        root=kb.root, network=kb.network, framework=kb.framework, practices=dict(reversed(list(kb.practices.items())))
    )
    assert catalogue_data.files(reordered) == first == catalogue_data.files(kb)
    assert all(text.endswith("\n") and "\r" not in text for text in first.values())


def test_hostile_text_stays_data_and_city_keys_are_ids(kb: KnowledgeBase) -> None:
    changed = hostile_kb(kb)
    files = catalogue_data.files(changed)
    record = next(r for r in json.loads(files[catalogue_data.JSON_DOWNLOAD])["practices"] if r["id"] == "hostile")
    assert (record["title"], record["summary"], record["place"]) == (HOSTILE_TITLE, HOSTILE_SUMMARY, HOSTILE_CITY)
    row = next(r for r in csv.DictReader(io.StringIO(files[catalogue_data.CSV_DOWNLOAD])) if r["id"] == "hostile")
    assert row["title"] == HOSTILE_TITLE
    for practice in (entry.practice for entry in changed.practices.values()):
        assert SLUG.fullmatch(catalogue_data.city_key(practice)), practice.id
    assert catalogue_data.city_key(changed.practices["hostile"].practice) == "b-onmouseover-alert-1-evry-b-co-fr"
    greek = changed.practices["hostile"].practice.model_copy(update={"city_name": "Αθήνα", "country": "GR"})
    assert SLUG.fullmatch(catalogue_data.city_key(greek)) and catalogue_data.city_key(greek).endswith("-gr")


# --- the catalogue page --------------------------------------------------------------------------------------


def test_the_page_links_the_downloads_and_the_generator_writes_them(kb: KnowledgeBase) -> None:
    generated = practices.pages(kb)
    page = generated["catalogue.md"]
    for address in (catalogue_data.JSON_DOWNLOAD, catalogue_data.CSV_DOWNLOAD):
        assert f"<{address}>`" in page
        assert generated[anchors.download(address)] == catalogue_data.files(kb)[address]
    assert ":::{container} inclucities-catalogue-filter\n" in page


def test_every_practice_is_a_row_that_carries_its_facets(kb: KnowledgeBase) -> None:
    page = render(practices.catalogue_page(kb))
    rows = page.select("table.inclucities-catalogue tbody tr")
    assert len(rows) == len(kb.practices)
    assert page.select_one("table.inclucities-catalogue thead") and page.select_one(".inclucities-catalogue-filter")
    for practice_id in kb.practices:
        boxes = page.select(f".inclucities-practice.inclucities-practice-{practice_id}")
        assert len(boxes) == 1, practice_id
        row = boxes[0].find_parent("tr")
        assert row in rows
        classes = set(boxes[0]["class"])
        practice = kb.practices[practice_id].practice
        assert practice.summary in boxes[0].get_text()  # searchable without visiting the page
        for facet, values in facet_values(kb, practice_id).items():
            assert {name for name in classes if name.startswith(f"inclucities-{facet}-")} == {
                f"inclucities-{facet}-{value}" for value in values
            }, (practice_id, facet)
            for value in values if facet != "group" else []:  # its name in its column, for the filter's options
                cell = row.select_one(f".inclucities-facet.inclucities-{facet}-{value}")
                assert cell is not None and cell.get_text(strip=True), (practice_id, facet, value)
        city, country = kb.practice_place(practice)
        assert row.select_one(".inclucities-facet[class*=inclucities-city-]").get_text(strip=True) == city
        assert row.select_one(".inclucities-facet[class*=inclucities-country-]").get_text(strip=True) == country
        cells = row.find_all("td", recursive=False)
        assert len(cells) == len(practices.CATALOGUE_COLUMNS)
        assert cells[-1].get_text(strip=True) == ", ".join(g.replace("-", " ") for g in practice.target_groups)
        theme_titles = [a.get_text(strip=True) for a in cells[1].select(".inclucities-facet a")]
        assert theme_titles == [kb.themes[t].title for t in practice.themes]


def test_hostile_titles_are_escaped_on_the_page(kb: KnowledgeBase) -> None:
    markdown = practices.catalogue_page(hostile_kb(kb))
    for hostile in (HOSTILE_TITLE, HOSTILE_SUMMARY, HOSTILE_CITY):
        assert hostile not in markdown and md.text(hostile) in markdown
    page = render(markdown)
    table = page.select_one("table.inclucities-catalogue")
    assert not table.find_all(["script", "img", "b"])
    assert not [tag for tag in table.find_all(True) if any(attr.startswith("on") for attr in tag.attrs)]
    assert not table.select('a[href^="javascript:"]')
    row = page.select_one(".inclucities-practice-hostile").find_parent("tr")
    text = row.get_text()
    assert HOSTILE_TITLE in text and HOSTILE_SUMMARY in text and HOSTILE_CITY in text
    box = page.select_one(".inclucities-practice-hostile")
    assert all(SLUG.fullmatch(name) for name in box["class"] if name not in ("docutils", "container"))


# --- the built guide -----------------------------------------------------------------------------------------


def test_the_built_guide_publishes_the_exports_and_every_page_they_name(built_bundled: Path) -> None:
    site = built_bundled / "_build" / "html"
    expected = catalogue_data.files(load(built_bundled))
    for address, content in expected.items():
        assert (site / address).read_text(encoding="utf-8") == content
    records = json.loads(expected[catalogue_data.JSON_DOWNLOAD])["practices"]
    for record in records:
        page = site / record["page"]
        assert page.is_file(), record["page"]
        assert BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(id=f"practice-{record['id']}")
    catalogue = BeautifulSoup((site / "catalogue.html").read_text(encoding="utf-8"), "html.parser")
    links = {posixpath.normpath(a["href"]) for a in catalogue.select("a.download-file")}  # the catalogue is at the root
    assert {catalogue_data.JSON_DOWNLOAD, catalogue_data.CSV_DOWNLOAD} <= links
    assert any("catalogue-filter.js" in s.get("src", "") and s.has_attr("defer") for s in catalogue.find_all("script"))
    rows = catalogue.select("table.inclucities-catalogue tbody tr")
    assert len(rows) == len(records)
    for record in records:
        box = catalogue.select_one(f".inclucities-practice.inclucities-practice-{record['id']}")
        assert box is not None and box.find_parent("tr") in rows, record["id"]
        classes = set(box["class"])
        assert {f"inclucities-theme-{t['id']}" for t in record["themes"]} <= classes
        assert {f"inclucities-factor-{k['id']}" for k in record["key_factors"]} <= classes
        assert {f"inclucities-group-{g}" for g in record["target_groups"]} <= classes
        assert f"inclucities-country-{record['country'].lower()}" in classes
        assert not record["city"] or f"inclucities-city-{record['city']}" in classes
