"""Integrated toolkits: the templates built from the framework, the toolkit pages, their downloads and bundles."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import openpyxl
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from inclucities import addresses as anchors
from inclucities.kb.loader import load
from inclucities.kb.model import KnowledgeBase
from inclucities.site.toolkits import bundle as toolkit_bundle
from inclucities.site.toolkits import pages as toolkits
from inclucities.site.toolkits import spreadsheets as templates
from tests.conftest import REPO, edit, run_cli

TOOLKIT_IDS = ("city-for-all", "gender-sensitive-integration", "labour-market-integration", "language-learning")
SMART_QUOTES = str.maketrans("‘’“”", "''\"\"")  # Sphinx curls the quotes of the text it publishes
HOSTILE_INTRO = "<script>alert('intro')</script> Toolkit <b>intro</b> & more"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load(REPO)


@pytest.fixture(scope="module")
def generated(kb: KnowledgeBase) -> dict[str, str | bytes]:
    return toolkits.pages(kb)


def download(generated: dict[str, str | bytes], toolkit_id: str, name: str) -> bytes:
    content = generated[anchors.download(anchors.toolkit_download(toolkit_id, name))]
    assert isinstance(content, bytes)
    return content


def key_factor_ids(kb: KnowledgeBase, toolkit_id: str) -> list[str]:
    return [kf.id for kf in kb.benchmarks[kb.toolkits[toolkit_id].benchmark].key_factors]


def validations(sheet: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, str]:
    """Cell range → list formula of every data validation of a sheet."""
    return {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}


def test_bundled_kb_has_four_toolkits(kb: KnowledgeBase, generated: dict[str, str | bytes]) -> None:
    assert sorted(kb.toolkits) == sorted(TOOLKIT_IDS)
    assert sorted(name for name in generated if name.startswith("toolkits/")) == [f"toolkits/{t}.md" for t in sorted(TOOLKIT_IDS)]
    index = generated[anchors.TOOLKITS_INDEX]
    assert all(f"#toolkit-{t})" in index for t in TOOLKIT_IDS)


@pytest.mark.parametrize("toolkit_id", TOOLKIT_IDS)
def test_questionnaire_csv_lists_every_key_factor(kb: KnowledgeBase, generated: dict[str, str | bytes], toolkit_id: str) -> None:
    table = pd.read_csv(
        io.BytesIO(download(generated, toolkit_id, toolkit_bundle.QUESTIONNAIRE_CSV)), dtype=str, keep_default_na=False
    )
    assert tuple(table.columns) == templates.QUESTIONNAIRE_COLUMNS
    assert list(table["key_factor"]) == key_factor_ids(kb, toolkit_id)
    assert set(table["score"]) == {""} and set(table["evidence"]) == {""}
    benchmark = kb.benchmarks[kb.toolkits[toolkit_id].benchmark]
    for row, kf in zip(table.itertuples(), benchmark.key_factors, strict=True):
        assert row.key_factor_title == kf.title
        assert row.guiding_questions.split(templates.QUESTION_SEPARATOR) == kf.guiding_questions


def test_scale_csv_is_complete(kb: KnowledgeBase, generated: dict[str, str | bytes]) -> None:
    scale = pd.read_csv(io.BytesIO(download(generated, "language-learning", toolkit_bundle.SCALE_CSV)))
    assert tuple(scale.columns) == templates.SCALE_COLUMNS
    assert list(scale["score"]) == [0, 1, 2, 3, 4]
    assert list(scale["label"]) == [level.label for level in kb.framework.scale]
    assert list(scale["description"]) == [level.description for level in kb.framework.scale]


@pytest.mark.parametrize("toolkit_id", TOOLKIT_IDS)
def test_questionnaire_xlsx_opens_and_has_the_score_list(
    kb: KnowledgeBase, generated: dict[str, str | bytes], toolkit_id: str
) -> None:
    data = download(generated, toolkit_id, toolkit_bundle.QUESTIONNAIRE_XLSX)
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str)
    assert list(sheets) == [templates.QUESTIONNAIRE_SHEET, templates.SCALE_SHEET, templates.ABOUT_SHEET]
    questionnaire = sheets[templates.QUESTIONNAIRE_SHEET]
    assert tuple(questionnaire.columns) == templates.QUESTIONNAIRE_COLUMNS
    assert list(questionnaire["key_factor"]) == key_factor_ids(kb, toolkit_id)
    scale = sheets[templates.SCALE_SHEET]
    assert list(scale["score"]) == ["0", "1", "2", "3", "4"]
    assert list(scale["description"]) == [level.description for level in kb.framework.scale]

    workbook = openpyxl.load_workbook(io.BytesIO(data))
    rows = len(key_factor_ids(kb, toolkit_id)) + 1
    assert validations(workbook[templates.QUESTIONNAIRE_SHEET]) == {f"D2:D{rows}": '"0,1,2,3,4"'}
    assert workbook.properties.created == templates.FIXED_TIME == workbook.properties.modified


@pytest.mark.parametrize("toolkit_id", TOOLKIT_IDS)
def test_action_plan_templates(kb: KnowledgeBase, generated: dict[str, str | bytes], toolkit_id: str) -> None:
    ids = key_factor_ids(kb, toolkit_id)
    table = pd.read_csv(io.BytesIO(download(generated, toolkit_id, toolkit_bundle.ACTION_PLAN_CSV)), dtype=str)
    assert tuple(table.columns) == templates.ACTION_PLAN_COLUMNS
    assert len(table) == 1
    example = table.iloc[0]
    assert example["id"] == templates.EXAMPLE_ID and example["title"].startswith(templates.EXAMPLE_MARK)
    assert example["key_factor"] in ids and example["status"] in templates.ACTION_STATUSES
    assert example["inspired_by"] in kb.practices

    data = download(generated, toolkit_id, toolkit_bundle.ACTION_PLAN_XLSX)
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str)
    assert tuple(sheets[templates.ACTION_PLAN_SHEET].columns) == templates.ACTION_PLAN_COLUMNS
    assert list(sheets[templates.KEY_FACTORS_SHEET]["key_factor"]) == ids
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    last = templates.ACTION_PLAN_ROWS + 1
    assert validations(workbook[templates.ACTION_PLAN_SHEET]) == {
        f"C2:C{last}": f"'{templates.KEY_FACTORS_SHEET}'!$A$2:$A${len(ids) + 1}",
        f"L2:L{last}": '"planned,in-progress,done,on-hold,dropped"',
    }


def test_downloads_are_deterministic(kb: KnowledgeBase, generated: dict[str, str | bytes]) -> None:
    # openpyxl and zipfile stamp the current time unless told otherwise; a rebuild must change no byte.
    assert toolkits.pages(kb) == generated
    bundle = download(generated, "city-for-all", toolkit_bundle.bundle_name("city-for-all"))
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_bundle_holds_page_templates_and_practices(kb: KnowledgeBase, generated: dict[str, str | bytes]) -> None:
    toolkit_id = "city-for-all"
    with zipfile.ZipFile(io.BytesIO(download(generated, toolkit_id, toolkit_bundle.bundle_name(toolkit_id)))) as archive:
        names = archive.namelist()
        page = archive.read(f"{toolkit_id}/{toolkit_id}.html").decode("utf-8")
        practices = pd.read_csv(io.BytesIO(archive.read(f"{toolkit_id}/practices.csv")), dtype=str, keep_default_na=False)
        questionnaire = archive.read(f"{toolkit_id}/{toolkit_bundle.QUESTIONNAIRE_XLSX}")
    expected = {
        toolkit_bundle.page_name(toolkit_id), "README.txt", toolkit_bundle.QUESTIONNAIRE_CSV, toolkit_bundle.SCALE_CSV,
        toolkit_bundle.QUESTIONNAIRE_XLSX, toolkit_bundle.ACTION_PLAN_CSV, toolkit_bundle.ACTION_PLAN_XLSX,
        toolkit_bundle.PRACTICES_CSV,
    }  # fmt: skip
    assert sorted(names) == sorted(f"{toolkit_id}/{name}" for name in expected)
    assert questionnaire == download(generated, toolkit_id, toolkit_bundle.QUESTIONNAIRE_XLSX)

    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "en"
    assert not soup.select("script, link, img, iframe, [src]")  # nothing loaded from anywhere
    headings = {h.get_text() for h in soup.select("h3")}
    assert {kf.title for kf in kb.benchmarks["city-for-all-vision"].key_factors} <= headings
    local = [a["href"] for a in soup.select("a") if not a["href"].startswith("https://")]
    assert set(local) <= {name for name in expected}

    assert tuple(practices.columns) == toolkit_bundle.PRACTICE_COLUMNS
    assert {"mechelen-buddies", "mechelen-welcome-app", "capaci-buddies", "ext-botkyrka-intercultural-strategy"} <= set(
        practices["id"]
    )
    assert practices.iloc[0]["id"] == "mechelen-buddies"  # the mentor's practices first
    assert practices.set_index("id").loc["ext-botkyrka-intercultural-strategy", "sources"].startswith("http")


def test_mentor_city_practices_come_first(kb: KnowledgeBase) -> None:
    toolkit = kb.toolkits["city-for-all"]
    shown = [p.id for p in toolkit_bundle.practices_for(kb, toolkit, "resident-refugee-contact")]
    assert shown[:2] == ["mechelen-buddies", "capaci-buddies"]
    assert shown[2:] == sorted(shown[2:], key=lambda i: kb.practices[i].practice.title.lower())
    page = toolkits.toolkit_page(kb, toolkit)
    assert "(#practice-mechelen-buddies)**" in page and "Mechelen, BE, mentor city" in page


def test_knowledge_base_text_stays_text(small_kb: Path) -> None:
    edit(small_kb / "toolkits" / "welcome.yml", "This toolkit helps", f'"{HOSTILE_INTRO}" helps')
    edit(small_kb / "data" / "framework.yml", "- Where does a newcomer go first?", '- "=HYPERLINK(\\"http://x\\")"')
    kb = load(small_kb)
    generated = toolkits.pages(kb)
    page = generated["toolkits/welcome.md"]
    assert "<script>" not in page and "\\<script\\>" in page
    with zipfile.ZipFile(io.BytesIO(download(generated, "welcome", toolkit_bundle.bundle_name("welcome")))) as archive:
        html = archive.read("welcome/welcome.html").decode("utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;intro&#x27;)&lt;/script&gt;" in html
    workbook = openpyxl.load_workbook(io.BytesIO(download(generated, "welcome", toolkit_bundle.QUESTIONNAIRE_XLSX)))
    cell = workbook[templates.QUESTIONNAIRE_SHEET]["C2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


@pytest.mark.build
def test_new_kb_toolkit_builds_and_shows_hostile_intro_as_text(small_kb: Path) -> None:
    edit(small_kb / "toolkits" / "welcome.yml", "This toolkit helps", f'"{HOSTILE_INTRO}" helps')
    result = run_cli("build", str(small_kb))
    assert result.exit_code == 0, result.output
    site = small_kb / "_build" / "html"
    soup = BeautifulSoup((site / "toolkits/welcome.html").read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one("main") or soup
    assert "<script>alert('intro')</script>" in main.get_text().translate(SMART_QUOTES)
    assert not [s for s in soup.select("script") if "alert" in s.get_text()]
    assert not main.select("b")
    assert_downloads_resolve(site, "toolkits/welcome.html", soup)


def assert_downloads_resolve(site: Path, page: str, soup: BeautifulSoup) -> int:
    links = soup.select("a.download-file")
    for link in links:
        href = link["href"]
        assert not urlsplit(href).scheme, href
        target = ((site / page).parent / unquote(urlsplit(href).path)).resolve()
        assert target.is_file(), f"{page}: {href} does not resolve"
        assert site.resolve() in target.parents
    return len(links)


def test_built_guide_has_four_toolkits_with_working_downloads(built_bundled: Path) -> None:
    kb = load(built_bundled)
    site = built_bundled / "_build" / "html"
    pages = sorted(path.name for path in (site / "toolkits").glob("*.html"))
    assert pages == [f"{t}.html" for t in sorted(TOOLKIT_IDS)]
    assert (site / "toolkits.html").is_file()
    for toolkit_id in TOOLKIT_IDS:
        page = f"toolkits/{toolkit_id}.html"
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        text = soup.get_text(" ").translate(SMART_QUOTES)
        for kf in kb.benchmarks[kb.toolkits[toolkit_id].benchmark].key_factors:
            assert kf.title in text, (toolkit_id, kf.id)
        assert assert_downloads_resolve(site, page, soup) == len(toolkits.DOWNLOADS) + 1
        practice_links = [a["href"] for a in soup.select("a") if "/practices/" in a.get("href", "")]
        assert practice_links, toolkit_id
