"""One-stop shops: the generated pages, the open data and its schema, contact validation, the built site."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from bs4 import BeautifulSoup

from inclucities import addresses as anchors
from inclucities.kb.loader import load
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.service import CATEGORIES, Service, clean_row
from inclucities.site.registry import GENERATORS
from inclucities.site.services import opendata
from inclucities.site.services import pages as services
from inclucities.site.services.labels import LABELS, category_label, language_name, pictogram
from tests.conftest import REPO, run_cli

MENTORS = ("brussels", "fuenlabrada", "mechelen", "schaerbeek")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load(REPO)


@pytest.fixture(scope="module")
def generated(kb: KnowledgeBase) -> dict[str, str | bytes]:
    return services.pages(kb)


def test_the_generator_is_registered() -> None:
    assert services.pages in GENERATORS


def test_every_category_has_an_english_and_a_french_label_and_a_pictogram() -> None:
    assert set(LABELS["en"]) == set(LABELS["fr"])
    for category in CATEGORIES:
        assert category_label(category, "fr") and category_label(category, "fr") != category
        svg = pictogram(category).decode()
        assert 'aria-hidden="true"' in svg and 'viewBox="0 0 24 24"' in svg and "currentColor" in svg


def test_every_mentor_has_a_page_listing_each_service_under_its_category(kb: KnowledgeBase, generated: dict) -> None:
    assert set(MENTORS) <= set(kb.services)
    for city_id, rows in kb.services.items():
        page = generated[anchors.one_stop_shop_page(city_id)]
        assert f"({anchors.one_stop_shop_anchor(city_id)})=" in page
        assert "Illustrative example" in page  # every bundled row is illustrative
        sections = page.split("\n## ")[1:]
        for service in rows:
            heading = f"### {services.md.text(service.name)}\n"
            owners = [s for s in sections if heading in s]
            assert len(owners) == 1, service.name
            assert owners[0].split("\n", 1)[0].endswith(services.md.text(category_label(service.category)))
            for code in service.languages:
                assert services.md.text(language_name(code)) in owners[0]
        for kind in ("json", "csv"):
            target = anchors.services_download(city_id, kind)
            assert f"<{target}>`" in page and anchors.download(target) in generated
    assert "{download-file}`JSON Schema <downloads/services/services.schema.json>`" in generated["one-stop-shops.md"]


def test_contact_details_become_mailto_and_tel_links(generated: dict) -> None:
    page = generated[anchors.one_stop_shop_page("mechelen")]
    assert "[welcome\\@example\\.org](<mailto:welcome@example.org>)" in page
    assert "[\\+32 15 00 00 01](<tel:+3215000001>)" in page
    assert "tel: null" in page  # tel: links are declared external for this page


def test_a_hostile_service_name_is_escaped(kb: KnowledgeBase) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    row = kb.services["mechelen"][0].model_copy(update={"name": hostile, "description": f"{hostile} [x](javascript:1)"})
    changed = KnowledgeBase(root=kb.root, network=kb.network, framework=kb.framework, services={"mechelen": [row]})
    page = services.pages(changed)[anchors.one_stop_shop_page("mechelen")]
    assert hostile not in page and "](javascript" not in page
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\>" in page


def test_exports_validate_against_the_schema_and_round_trip_the_csv(kb: KnowledgeBase, generated: dict) -> None:
    schema = json.loads(generated[anchors.download("downloads/services/services.schema.json")])
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for city_id, rows in kb.services.items():
        document = json.loads(generated[anchors.download(anchors.services_download(city_id, "json"))])
        assert list(validator.iter_errors(document)) == []
        assert document["city"]["id"] == city_id and len(document["services"]) == len(rows)
        reread = [
            Service.model_validate(clean_row(row))
            for row in csv.DictReader(io.StringIO(generated[anchors.download(anchors.services_download(city_id, "csv"))]))
        ]
        assert reread == rows
        assert [opendata.service_record(service) for service in reread] == document["services"]


def test_the_schema_rejects_what_check_rejects() -> None:
    validator = jsonschema.Draft202012Validator(opendata.schema())
    good = {"category": "health", "name": "A", "description": "B", "languages": ["fr"], "illustrative": True}
    document = {"network": "N", "city": {"id": "x", "name": "X", "country": "BE"}, "services": [good]}
    assert validator.is_valid(document)
    for bad in ({"category": "welcome"}, {"languages": ["french"]}, {"url": "example.org"}, {"emails": ["a@b"]}, {"extra": 1}):
        assert not validator.is_valid({**document, "services": [{**good, **bad}]}), bad


HEADER = "category,name,description,contact,url,languages,cost,illustrative\n"
ALLOWED = "(allowed: e-mail addresses like name@example.org or phone numbers like +32 2 000 00 00, separated by ';' or ',')"


@pytest.mark.parametrize(
    "row,expected",
    [
        (
            'reception,Desk,Info,"desk@example, +32 2 000 00 00",https://example.org,pt,free,true',
            f"data/services/harbourtown.csv:2: column contact: 'desk@example' is not a valid e-mail address {ALLOWED}",
        ),
        (
            'health,Clinic,Care,"info@example.org; +32 x 12",,pt,free,true',
            f"data/services/harbourtown.csv:2: column contact: '+32 x 12' is not a valid phone number {ALLOWED}",
        ),
        (
            "housing,Homes,Help,+32 2 000 00 00,example.org,pt,free,true",
            "data/services/harbourtown.csv:2: column url: 'example.org' is not a web address "
            "(allowed: http:// or https:// followed by a host)",
        ),
    ],
    ids=["e-mail", "phone", "url"],
)
def test_bad_contact_details_are_reported_precisely(small_kb: Path, row: str, expected: str) -> None:
    (small_kb / "data/services/harbourtown.csv").write_text(HEADER + row + "\n", encoding="utf-8")
    result = run_cli("check", str(small_kb))
    assert result.exit_code == 1, result.output
    assert expected in result.output.splitlines()


def test_the_built_guide_has_the_mentor_pages_and_every_download_resolves(built_bundled: Path) -> None:
    site = built_bundled / "_build" / "html"
    folder = site / "one-stop-shops"
    assert sorted(path.stem for path in folder.glob("*.html")) == sorted(MENTORS)
    assert (site / "_static" / "services-filter.js").is_file()
    for page in [site / "one-stop-shops.html", *folder.glob("*.html")]:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = soup.select("a.download-file")
        assert links, page
        for link in links:
            assert (page.parent / link["href"]).resolve().is_file(), (page, link["href"])
        assert "services-filter.js" in str(soup.find_all("script"))
        for image in soup.select("h2 img"):
            assert image["alt"] == "" and (page.parent / image["src"]).resolve().is_file()
    mechelen = BeautifulSoup((folder / "mechelen.html").read_text(encoding="utf-8"), "html.parser")
    assert mechelen.select_one(".inclucities-services-filter")
    assert len(mechelen.select(".inclucities-service")) == 10
    hrefs = {unquote(link["href"]) for link in mechelen.select("a[href]")}  # Sphinx cloaks the @ of e-mail links as %40
    assert {"tel:+3215000001", "mailto:welcome@example.org"} <= hrefs
    assert mechelen.select_one(".inclucities-labels-fr")["lang"] == "fr"
