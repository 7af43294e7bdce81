"""A city reruns the guide with its own data: `inclucities new-city`, fill in the files, `inclucities analyse`.

The journey tests work as a new user would, from the README and the chapter `book/rerun-with-your-data.md`
only: public commands, files edited like a person edits them. The notebook runs take about ten seconds each,
so only three tests run it; the others stop at validation, which comes first.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from openpyxl import Workbook, load_workbook
from ruamel.yaml import YAML

from inclucities.city.folder import read_city_folder
from inclucities.errors import KnowledgeBaseInvalid
from inclucities.kb.loader import load
from inclucities.kb.schema.action_plan import ActionPlan
from tests.conftest import REPO, fingerprint, run_cli, shared_data

OUTPUTS = {"city-profile.ipynb", "city-profile.html", "suggested-mentors.csv", "suggested-practices.csv", "action-plan-draft.yml"}


# --- helpers: what a person does with the files ------------------------------------------------------------------


def new_city(folder: Path, kb: Path, *options: str) -> None:
    result = run_cli("new-city", str(folder), "--kb", str(kb), *options)
    assert result.exit_code == 0, result.output


def fill_city_file(folder: Path, **values: str) -> None:
    """Type values after the empty `country:` and `population:` fields, as in a text editor."""
    text = (folder / "city.yml").read_text(encoding="utf-8")
    for key, value in values.items():
        text, count = re.subn(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.MULTILINE)
        if not count:
            text += f"{key}: {value}\n"
    (folder / "city.yml").write_text(text, encoding="utf-8")


def fill_questionnaire_csv(path: Path, scores: dict[str, str], *, delete_example: bool = True) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = list(rows[0])
    if delete_example:
        rows = [row for row in rows if row["key_factor"] != "example-delete-me"]
    for row in rows:
        if row["key_factor"] in scores:
            row["score"] = scores[row["key_factor"]]
            row["evidence"] = f"What we know about {row['key_factor_title'].lower()}."
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def write_city(folder: Path, **fields: object) -> None:
    values = {"id": "riverbend", "name": "Riverbend", "country": "PT", "population": 48200, **fields}
    lines = [f"{key}: {value}" for key, value in values.items() if value is not None]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "city.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def assert_offline(page: str) -> None:
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.find_all("script")
    for tag in soup.find_all(src=True):
        assert not re.match(r"(https?:)?//", tag["src"]), tag
    for tag in soup.find_all("link", href=True):
        assert not re.match(r"(https?:)?//", tag["href"]), tag
    assert "@import" not in page


def scale_text(kb: Path) -> str:
    return ", ".join(f"{level.score} {level.label}" for level in load(kb).framework.scale)


def analyse_fails(folder: Path, kb: Path, expected: list[str], *options: str) -> None:
    """analyse exits 1 with exactly these problems (in order) and changes nothing, inputs or outputs."""
    out = folder.parent / "out"
    out.mkdir(exist_ok=True)
    (out / "city-profile.html").write_text("an earlier report\n", encoding="utf-8")
    before, inputs_before = fingerprint(out), fingerprint(folder)
    result = run_cli("analyse", str(folder), "--kb", str(kb), "--out", str(out), *options)
    assert result.exit_code == 1, result.output
    problems = [line for line in result.output.splitlines() if not line.endswith("nothing was written.")]
    assert problems == expected, result.output
    assert f"{len(expected)} problem" in result.output
    assert "Traceback" not in result.output
    assert fingerprint(out) == before
    assert fingerprint(folder) == inputs_before


# --- the journey -----------------------------------------------------------------------------------------------------


@pytest.mark.notebook
def test_a_new_city_gets_its_report_mentors_and_action_plan_draft(tmp_path: Path) -> None:
    """README + chapter: new-city, fill city.yml and the CSV questionnaire, analyse, read the outputs."""
    kb_before = fingerprint(REPO / "data")
    city = tmp_path / "riverbend"
    new_city(city, REPO, "--theme", "language-learning")
    assert {p.name for p in city.iterdir()} == {
        "city.yml", "self-assessment.csv", "self-assessment-scale.csv", "services.csv", "HOW-TO-FILL.md",
    }  # fmt: skip
    how_to = (city / "HOW-TO-FILL.md").read_text(encoding="utf-8")
    for column in ("key_factor", "key_factor_title", "guiding_questions", "score", "evidence", "population", "eurostat_code"):
        assert f"`{column}`" in how_to
    fill_city_file(city, country="PT", population="48 200")
    fill_questionnaire_csv(
        city / "self-assessment.csv",
        {"coordinated-course-offer": "1", "informal-practice": "3", "flexible-course-formats": "0",
         "education-partners": "2", "multilingual-information": "1"},
    )  # fmt: skip
    (city / "services.csv").unlink()  # no directory yet: the file is optional
    inputs = fingerprint(city)

    result = run_cli("analyse", str(city), "--kb", str(REPO))
    assert result.exit_code == 0, result.output
    out = city / "report"
    assert {p.name for p in out.iterdir()} == OUTPUTS
    assert "best suggested mentor: Schaerbeek" in result.output

    page = (out / "city-profile.html").read_text(encoding="utf-8")
    assert_offline(page)
    soup = BeautifulSoup(page, "html.parser")
    text = soup.get_text(" ")
    assert "Riverbend: city profile" in text
    assert "Suggested mentors" in text and "Suggested practices" in text
    assert "city_dir" not in text and "CityReport" not in text  # no code in the report
    assert soup.find("svg") is not None  # the self-assessment chart, inline

    mentors = list(csv.DictReader((out / "suggested-mentors.csv").open(encoding="utf-8")))
    assert [m["rank"] for m in mentors] == [str(i) for i in range(1, len(mentors) + 1)]
    assert {m["mentor"] for m in mentors} == {"brussels", "mechelen", "fuenlabrada", "schaerbeek"}
    scores = [float(m["compatibility"]) for m in mentors]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    assert mentors[0]["mentor"] == "schaerbeek"
    assert mentors[0]["why"].startswith("Schaerbeek scores 3 where Riverbend scores 0 on “Courses that fit learners' lives”")

    practices = list(csv.DictReader((out / "suggested-practices.csv").open(encoding="utf-8")))
    assert practices[0]["key_factor"] == "flexible-course-formats"  # the largest gap first (score 0)

    draft_text = (out / "action-plan-draft.yml").read_text(encoding="utf-8")
    assert "PLACEHOLDER" in draft_text
    draft = YAML(typ="safe").load(draft_text)
    plan = ActionPlan.model_validate(draft)
    assert plan.city == "riverbend" and plan.illustrative is False
    actions = plan.versions["draft"].actions
    assert [a.key_factor for a in actions] == ["flexible-course-formats", "coordinated-course-offer", "multilingual-information"]
    kb = load(REPO)
    for action in actions:
        assert action.status == "planned"
        assert action.inspired_by in kb.practices
        assert action.inspired_by == next(p["practice"] for p in practices if p["key_factor"] == action.key_factor)
    assert fingerprint(city) == {**inputs, **{f"report/{name}": fingerprint(out)[name] for name in OUTPUTS}}

    # rerunning replaces its own outputs and nothing else
    (out / "my-notes.txt").write_text("kept\n", encoding="utf-8")
    (out / "action-plan-draft.yml").write_text("edited by hand\n", encoding="utf-8")
    again = run_cli("analyse", str(city), "--kb", str(REPO))
    assert again.exit_code == 0, again.output
    assert (out / "my-notes.txt").read_text(encoding="utf-8") == "kept\n"
    assert (out / "action-plan-draft.yml").read_text(encoding="utf-8") == draft_text
    assert fingerprint(REPO / "data") == kb_before


@pytest.mark.notebook
def test_a_spreadsheet_city_with_its_eurostat_exports(tmp_path: Path) -> None:
    """XLSX questionnaire with the example row left in, scores typed as text or numbers, Eurostat exports given."""
    eurostat = shared_data("eurostat")
    city = tmp_path / "city"
    new_city(city, REPO, "--theme", "city-for-all", "--format", "xlsx", "--name", "Jelgava-like town")
    assert (city / "self-assessment.xlsx").is_file() and not (city / "self-assessment.csv").exists()
    fill_city_file(city, id="lv-town", country="LV", population="55000", eurostat_code="LV003C")
    workbook = load_workbook(city / "self-assessment.xlsx")
    sheet = workbook["Questionnaire"]
    assert sheet["A2"].value == "example-delete-me"  # left in: analyse ignores it
    for row, value in zip(range(3, sheet.max_row + 1), [1, "3", 2.0, "0", 4, 1, 2], strict=False):
        sheet.cell(row=row, column=4, value=value)
    workbook.save(city / "self-assessment.xlsx")
    (city / "eurostat").mkdir()
    for name in ("urb_cpop1.csv", "urb_cpopcb.csv"):
        (city / "eurostat" / name).write_bytes((eurostat / name).read_bytes())

    out = tmp_path / "elsewhere" / "report"
    result = run_cli("analyse", str(city), "--kb", str(REPO), "--out", str(out))
    assert result.exit_code == 0, result.output
    page = (out / "city-profile.html").read_text(encoding="utf-8")
    assert_offline(page)
    text = BeautifulSoup(page, "html.parser").get_text(" ")
    assert "Foreign-born share of the population" in text  # from the city's own exports
    assert "self-assessment.xlsx" in text and "eurostat/urb_cpop1.csv" in text  # provenance names its files
    assert not (city / "report").exists()


# --- messy but valid input (no notebook) --------------------------------------------------------------------------------


@pytest.fixture
def kb_path(small_kb: Path) -> Path:
    return small_kb


def test_semicolons_bom_decimal_commas_blank_lines_and_spaces_are_read(kb_path: Path, tmp_path: Path) -> None:
    city = tmp_path / "city"
    write_city(city, population='"24 000"')
    text = (
        "\ufeffKey_Factor ; Score ;evidence\n"
        "\n"
        "reception-desk ; 3,0 ; Newcomers find one desk.  \n"
        "   ;   ;   \n"
        'translated-information;"2";\n'
        "volunteer-guides;1.0;\n"
        "\n"
    )
    (city / "self-assessment.csv").write_bytes(text.encode("utf-8"))
    folder = read_city_folder(city, load(kb_path))
    assert [(s.key_factor, s.score, s.evidence) for s in folder.scores] == [
        ("reception-desk", 3, "Newcomers find one desk."),
        ("translated-information", 2, ""),
        ("volunteer-guides", 1, ""),
    ]
    assert folder.city.population == 24000 and folder.theme == "welcome"


def test_tab_separated_windows_text_and_missing_optional_columns(kb_path: Path, tmp_path: Path) -> None:
    city = tmp_path / "city"
    write_city(city)
    (city / "self-assessment.csv").write_bytes(
        "key_factor\tscore\r\nreception-desk\t4\r\nvolunteer-guides\t\r\n".encode("cp1252")
    )
    folder = read_city_folder(city, load(kb_path))
    assert [(s.key_factor, s.score) for s in folder.scores] == [("reception-desk", 4)]


def test_xlsx_scores_as_numbers_and_text(kb_path: Path, tmp_path: Path) -> None:
    city = tmp_path / "city"
    new_city(city, kb_path, "--format", "xlsx")
    fill_city_file(city, country="PL", population="31000")
    workbook = load_workbook(city / "self-assessment.xlsx")
    sheet = workbook["Questionnaire"]
    for row, value in zip((3, 4, 5), (3.0, " 2 ", "1,0"), strict=True):
        sheet.cell(row=row, column=4, value=value)
    workbook.save(city / "self-assessment.xlsx")
    folder = read_city_folder(city, load(kb_path))
    assert [(s.key_factor, s.score) for s in folder.scores] == [
        ("reception-desk", 3), ("translated-information", 2), ("volunteer-guides", 1),
    ]  # fmt: skip


def test_new_city_questionnaire_is_the_published_one_plus_an_example_row(kb_path: Path, tmp_path: Path) -> None:
    from inclucities.site.toolkits.spreadsheets import questionnaire_csv

    kb = load(kb_path)
    new_city(tmp_path / "city", kb_path)
    written = (tmp_path / "city/self-assessment.csv").read_text(encoding="utf-8").splitlines()
    published = questionnaire_csv(kb.framework.benchmarks[0]).decode("utf-8").splitlines()
    assert written[0] == published[0] and written[2:] == published[1:]
    assert written[1].startswith("example-delete-me,")
    refused = run_cli("new-city", str(tmp_path / "city"), "--kb", str(kb_path))
    assert refused.exit_code == 1 and "not empty" in refused.output


# --- broken input: every problem, where it is, and nothing written -------------------------------------------------------


def test_score_out_of_range_and_unknown_key_factor(kb_path: Path, tmp_path: Path) -> None:
    city = tmp_path / "city"
    write_city(city)
    (city / "self-assessment.csv").write_text(
        "key_factor,score\nreception-desk,7\nwelcome-dinner,2\nvolunteer-guides,two\n", encoding="utf-8"
    )
    scale = scale_text(kb_path)
    label = f"{city}/self-assessment.csv"
    expected_kf = "'welcome-dinner' is not a key factor of the framework (allowed: reception-desk, translated-information, volunteer-guides)"
    analyse_fails(
        city,
        kb_path,
        [
            f"{label}:2: column score: '7' is out of range (allowed: a whole number from 0 to 4: {scale})",
            f"{label}:3: column key_factor: {expected_kf}",
            f"{label}:4: column score: 'two' is not a score (allowed: a whole number from 0 to 4: {scale})",
        ],
        "--theme",
        "welcome",
    )


def test_city_file_problems_are_all_listed(kb_path: Path, tmp_path: Path) -> None:
    city = tmp_path / "city"
    write_city(city, name="", country="Portugal", population="lots")
    (city / "self-assessment.csv").write_text("key_factor,score\nreception-desk,2\n", encoding="utf-8")
    label = f"{city}/city.yml"
    analyse_fails(
        city,
        kb_path,
        [
            f"{label}:2: name: must not be empty",
            f"{label}:3: country: 'Portugal' is not a country code (allowed: ISO 3166 alpha-2 in capitals, e.g. BE, FR, LV)",
            f"{label}:4: population: 'lots' is not a number of inhabitants (allowed: a whole number, e.g. 24000)",
        ],
    )


def test_missing_city_name(kb_path: Path, tmp_path: Path) -> None:
    city = tmp_path / "city"
    write_city(city, name=None)
    (city / "self-assessment.csv").write_text("key_factor,score\nreception-desk,2\n", encoding="utf-8")
    analyse_fails(city, kb_path, [f"{city}/city.yml:1: name: required field is missing"])


def test_xlsx_with_the_wrong_sheet(kb_path: Path, tmp_path: Path) -> None:
    city = tmp_path / "city"
    write_city(city)
    workbook = Workbook()
    workbook.active.title = "Sheet1"
    workbook.active.append(["key_factor", "score"])
    workbook.active.append(["reception-desk", 9])
    workbook.save(city / "self-assessment.xlsx")
    analyse_fails(
        city,
        kb_path,
        [
            f"{city}/self-assessment.xlsx: sheet Questionnaire: no such sheet (found: 'Sheet1'; allowed: a sheet named 'Questionnaire')"
        ],
    )
    workbook.active.title = "Questionnaire"
    workbook.save(city / "self-assessment.xlsx")
    analyse_fails(
        city,
        kb_path,
        [
            f"{city}/self-assessment.xlsx:2: sheet Questionnaire, column score: '9' is out of range "
            f"(allowed: a whole number from 0 to 4: {scale_text(kb_path)})"
        ],
    )


def test_bad_services_and_missing_questionnaire(kb_path: Path, tmp_path: Path) -> None:
    city = tmp_path / "city"
    write_city(city)
    (city / "services.csv").write_text(
        "category;name;description;url\nEXAMPLE, delete;x;y;z\nshelter;Night shelter;Beds;https://example.org\n", encoding="utf-8"
    )
    with pytest.raises(KnowledgeBaseInvalid) as caught:
        read_city_folder(city, load(kb_path))
    shown = [p.format() for p in caught.value.problems]
    assert (
        f"{city}/self-assessment.csv: file missing (allowed: self-assessment.csv or self-assessment.xlsx, the filled-in questionnaire)"
        in shown
    )
    assert any(line.startswith(f"{city}/services.csv:3: column category: 'shelter' is not allowed") for line in shown)


def test_output_folder_may_not_hold_the_inputs(kb_path: Path, tmp_path: Path) -> None:
    city = tmp_path / "city"
    write_city(city)
    (city / "self-assessment.csv").write_text("key_factor,score\nreception-desk,2\n", encoding="utf-8")
    before = fingerprint(city)
    result = run_cli("analyse", str(city), "--kb", str(kb_path), "--out", str(city))
    assert result.exit_code == 2 and "is the city's folder" in result.output
    result = run_cli("analyse", str(city), "--kb", str(kb_path), "--out", str(kb_path / "data"))
    assert result.exit_code == 2 and "source folders" in result.output
    assert fingerprint(city) == before


def test_the_draft_covers_the_three_to_five_largest_gaps() -> None:
    import pandas as pd

    from inclucities.analysis.city import largest_gaps

    def table(gaps: list[int]) -> pd.DataFrame:
        return pd.DataFrame({"key_factor": [f"kf-{i}" for i in range(len(gaps))], "gap": gaps})

    assert list(largest_gaps(table([4, 3, 3, 2, 1]))["gap"]) == [4, 3, 3]
    assert list(largest_gaps(table([3, 2, 2, 2, 2, 2, 1]))["gap"]) == [3, 2, 2, 2, 2]  # ties with the third, at most 5
    assert list(largest_gaps(table([2, 0, 0]))["gap"]) == [2]  # a key factor at 4 is no gap


def test_a_theme_that_does_not_exist(kb_path: Path, tmp_path: Path) -> None:
    city = tmp_path / "city"
    write_city(city)
    (city / "self-assessment.csv").write_text("key_factor,score\nreception-desk,2\n", encoding="utf-8")
    analyse_fails(
        city,
        kb_path,
        [f"{city}/city.yml: --theme: 'housing' is not a theme of the framework (allowed: welcome)"],
        "--theme",
        "housing",
    )
    refused = run_cli("new-city", str(tmp_path / "other"), "--kb", str(REPO))
    assert refused.exit_code == 2 and "city-for-all" in refused.output and not (tmp_path / "other").exists()
