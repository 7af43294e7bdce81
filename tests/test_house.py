"""The shape of the package (its layers and their one-way imports) and the defects a review of it found."""

from __future__ import annotations

import ast
import dataclasses
import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inclucities import layout
from inclucities.city.folder import read_city_folder
from inclucities.city.profile import open_report
from inclucities.errors import KnowledgeBaseInvalid, NotebookFailed
from inclucities.figures.posters import network_note
from inclucities.kb.loader import load
from inclucities.kb.model import KnowledgeBase
from inclucities.notebooks.execute import run_notebook
from tests.conftest import REPO, edit, run_cli

PACKAGE = REPO / "src" / "inclucities"
ROOT_MODULES = {"__init__", "__main__", "cli", "errors", "layout", "addresses"}
# What each part of the package may import of the others: arrows go one way, from the command down to the contract.
LEAVES = {"layout", "addresses", "errors", "markup"}
MAY_IMPORT: dict[str, set[str]] = {
    "layout": set(),
    "addresses": {"layout"},
    "errors": set(),
    "markup": set(),
    "kb": LEAVES,
    "importers": {"kb"} | LEAVES,
    "analysis": {"kb"} | LEAVES,
    "figures": {"analysis", "kb"} | LEAVES,
    "notebooks": {"figures", "analysis", "kb"} | LEAVES,
    "site": {"notebooks", "figures", "analysis", "kb"} | LEAVES,
    "guide": {"site", "notebooks", "figures", "analysis", "kb"} | LEAVES,
    "city": {"site", "notebooks", "figures", "analysis", "importers", "kb"} | LEAVES,
    "cli": {"city", "guide", "site", "notebooks", "figures", "analysis", "importers", "kb"} | LEAVES,
    "__main__": {"cli"},
}


def module_name(path: Path) -> str:
    return ".".join(("inclucities", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")


def imports_of(path: Path) -> set[str]:
    """The kit's modules `path` imports, anywhere in it (an import inside a function is an arrow too)."""
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")}
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "inclucities":
            for alias in node.names:  # `from inclucities import addresses` imports a module
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "inclucities")
    return found - {"inclucities"}  # the package's own `__version__`


def part(module: str) -> str:
    return module.split(".")[1]


def third_party_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return {name for name in names if name != "inclucities" and name not in sys.stdlib_module_names and name != "__future__"}


# --- the shape -------------------------------------------------------------------------------------------------------


def test_only_the_command_the_errors_and_the_paths_stand_at_the_root() -> None:
    assert {path.stem for path in PACKAGE.glob("*.py")} <= ROOT_MODULES


def test_every_part_imports_only_the_parts_below_it() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = module_name(path)
        for target in imports_of(path):
            if part(target) != part(source) and part(target) not in MAY_IMPORT[part(source)]:
                wrong.append(f"{source} imports {target}")
    assert wrong == []


def test_no_module_imports_itself_through_others() -> None:
    graph = {module_name(path): imports_of(path) for path in PACKAGE.rglob("*.py")}
    circles = []

    def visit(module: str, trail: list[str]) -> None:
        for target in sorted(graph.get(module, ())):
            if target in trail:
                circles.append(" → ".join([*trail[trail.index(target) :], target]))
            elif target not in seen:
                seen.add(target)
                visit(target, [*trail, target])

    for start in sorted(graph):
        seen = {start}
        visit(start, [start])
    assert circles == []


def test_nothing_below_the_command_imports_click() -> None:
    users = [module_name(p) for p in PACKAGE.rglob("*.py") if "click" in third_party_imports(p)]
    assert users == ["inclucities.cli"]


def test_every_package_the_kit_imports_is_declared() -> None:
    """Each third-party module the kit imports belongs to a distribution its pyproject.toml declares."""
    import tomllib

    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {_normalise(entry.split(";")[0].split("[")[0].split("<")[0].split(">")[0].split("=")[0].split("~")[0]) for entry in declared}
    providers = importlib.metadata.packages_distributions()
    undeclared = {}
    for path in PACKAGE.rglob("*.py"):
        for module in third_party_imports(path):
            distributions = {_normalise(d) for d in providers.get(module, [module])}
            if not distributions & names:
                undeclared.setdefault(module, module_name(path))
    assert undeclared == {}


def _normalise(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(".", "-")


def test_the_layout_is_the_one_place_that_names_the_knowledge_base_folders() -> None:
    """No module but layout.py spells a knowledge-base folder or build folder as a path (addresses.py spells
    the published addresses, some of which share a folder's name)."""
    spelled = ('"data/', '"practices/', '"toolkits/', '"_build', '"_generated', "'data/", "'_build", '/ "practices"', '/ "data"')
    found = [
        f"{module_name(path)}: {line.strip()}"
        for path in PACKAGE.rglob("*.py")
        if path.name not in ("layout.py", "addresses.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if any(token in line for token in spelled) and not line.strip().startswith(("#", '"""'))
    ]
    assert found == []


# --- the defects -----------------------------------------------------------------------------------------------------


def city_folder(root: Path, scores: dict[str, int], theme: str | None = "gender-sensitive-integration") -> Path:
    root.mkdir(parents=True)
    lines = ["id: riverbend", "name: Riverbend", "country: PT", "population: 48200"]
    if theme:
        lines.append(f"theme: {theme}")
    (root / layout.CITY_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = "".join(f"{kf},{score}\n" for kf, score in scores.items())
    (root / f"{layout.ASSESSMENT_STEM}.csv").write_text("key_factor,score\n" + rows, encoding="utf-8")
    return root


def problems_of(error: pytest.ExceptionInfo[KnowledgeBaseInvalid]) -> list[str]:
    return [problem.format() for problem in error.value.problems]


def test_a_key_factor_of_another_theme_is_refused_at_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    scores = {"needs-data-by-gender": 1, "single-reception-point": 2, "political-leadership": 3}
    folder = city_folder(tmp_path / "riverbend", scores)
    with pytest.raises(KnowledgeBaseInvalid) as error:
        read_city_folder(folder, load(REPO))
    allowed = "needs-data-by-gender, single-reception-point, outreach-to-isolated-women, childcare-for-participation, gender-violence-support"
    assert problems_of(error) == [
        f"riverbend/self-assessment.csv:4: column key_factor: 'political-leadership' is a key factor of the theme "
        f"'city-for-all', not of 'gender-sensitive-integration' (allowed: {allowed})"
    ]


def test_without_a_theme_the_scores_follow_the_theme_most_of_them_belong_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    scores = {"needs-data-by-gender": 1, "single-reception-point": 2, "political-leadership": 3}
    folder = city_folder(tmp_path / "riverbend", scores, theme=None)
    with pytest.raises(KnowledgeBaseInvalid) as error:
        read_city_folder(folder, load(REPO))
    assert [p.split(": ")[0] for p in problems_of(error)] == ["riverbend/self-assessment.csv:4"]


def test_the_report_and_the_tables_rank_the_same_mentors(tmp_path: Path) -> None:
    """`analyse` writes suggested-mentors.csv from the city's analysis; the report's mentors are the same, in order."""
    from inclucities.analysis.city import analyse_city

    scores = {"political-leadership": 0, "shared-civic-identity": 1, "resident-refugee-contact": 0, "services-for-all": 1}
    folder_path = city_folder(tmp_path / "riverbend", scores, theme="city-for-all")
    kb = load(REPO)
    analysis = analyse_city(kb, read_city_folder(folder_path, kb))
    report = open_report(str(REPO), "riverbend", str(folder_path))
    page = report.suggested_mentors().data
    names = list(analysis.mentors["mentor_name"])
    assert len(names) >= 2
    positions = [page.index(f"<td>{name}</td>") for name in names]
    assert positions == sorted(positions)
    # the network's own best-theme ranking differs for this city: the report must not show it
    assert "best theme" not in page


def test_indicator_values_given_twice_are_refused(small_kb: Path) -> None:
    folder = small_kb / layout.INDICATORS
    folder.mkdir(parents=True, exist_ok=True)
    header = "city,indicator,year,value,unit,flag,source\n"
    (folder / "a.csv").write_text(header + "harbourtown,population,2024,100,persons,,Census\n", encoding="utf-8")
    (folder / "b.csv").write_text(header + "hilltown,population,2024,5,persons,,Census\nharbourtown,population,2024,90,persons,,Register\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseInvalid) as error:
        load(small_kb)
    assert problems_of(error) == [
        "data/indicators/b.csv:3: a second row for city harbourtown, indicator population, year 2024 "
        "(first at data/indicators/a.csv:2; allowed: one row for each city, indicator, year)"
    ]


def test_the_network_poster_says_which_assessments_are_illustrative() -> None:
    kb = load(REPO)
    assert kb.assessments and all(a.illustrative for a in kb.assessments.values())
    assert network_note(kb) == "Made with the IncluCities guide kit; assessments are illustrative examples."
    real = {city: a.model_copy(update={"illustrative": False}) for city, a in kb.assessments.items()}
    assert network_note(dataclasses.replace(kb, assessments=real)) == "Made with the IncluCities guide kit."
    first = sorted(real)[0]
    mixed = {**real, first: kb.assessments[first]}
    assert network_note(dataclasses.replace(kb, assessments=mixed)) == (
        f"Made with the IncluCities guide kit; the assessments of {kb.city_name(first)} are illustrative examples."
    )
    assert network_note(dataclasses.replace(kb, assessments={})) == "Made with the IncluCities guide kit."


def test_a_csv_header_holding_a_quoted_comma_is_one_column(small_kb: Path) -> None:
    path = next((small_kb / layout.SERVICES).glob("*.csv"))
    text = path.read_text(encoding="utf-8")
    header, _, rows = text.partition("\n")
    path.write_text(header.replace("description", '"description, in short"', 1) + "\n" + rows, encoding="utf-8")
    with pytest.raises(KnowledgeBaseInvalid) as error:
        load(small_kb)
    messages = problems_of(error)
    assert messages[0].startswith(f"{path.relative_to(small_kb).as_posix()}:1: column description, in short: unknown column (allowed: ")
    assert not any("column  in short" in message for message in messages)


def test_a_city_is_told_which_statistics_could_not_be_computed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = city_folder(tmp_path / "riverbend", {"needs-data-by-gender": 1})
    edit(folder / layout.CITY_FILE, "population: 48200", "population: 48200\neurostat_code: PT999C")
    header = (
        "STRUCTURE,STRUCTURE_ID,STRUCTURE_NAME,freq,Time frequency,indic_ur,Urban audit indicator,cities,"
        "Geopolitical entity (declaring),TIME_PERIOD,Time,OBS_VALUE,Observation value,OBS_FLAG,"
        "Observation status (Flag) V2 structure,CONF_STATUS,Confidentiality status (flag)"
    )
    population = "dataflow,ESTAT:URB_CPOP1(1.0),Population,A,Annual,DE1001V,Population"
    foreign = "dataflow,ESTAT:URB_CPOPCB(1.0),Population by citizenship,A,Annual,DE2009V,Foreign-born"
    (folder / layout.EUROSTAT_FOLDER).mkdir()
    (folder / layout.EUROSTAT_FOLDER / "pop.csv").write_text(f"{header}\n{population},PT999C,Riverbend,2021,,48000,,,,,\n")
    (folder / layout.EUROSTAT_FOLDER / "fb.csv").write_text(f"{header}\n{foreign},PT999C,Riverbend,2021,,50000,,e,,,\n")
    read = read_city_folder(folder, load(REPO))
    assert read.left_out == ["foreign-born-share PT999C (Riverbend) 2021: 104.17 %"]
    assert not any(v.indicator == "foreign-born-share" for v in read.indicators)


def test_the_city_journey_skips_without_the_shared_data(tmp_path: Path) -> None:
    """Run from a clone without ../shared beside it, the test that copies real Eurostat exports skips with a reason."""
    env = {**os.environ, "INCLUCITIES_SHARED_DATA": str(tmp_path / "absent")}
    test = "tests/test_city_journey.py::test_a_spreadsheet_city_with_its_eurostat_exports"
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", test],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "1 skipped" in completed.stdout and "shared/data/eurostat is absent" in completed.stdout


def test_a_failure_of_the_kit_keeps_its_traceback(tmp_path: Path) -> None:
    """A notebook that raises is the author's problem (a cell, an error); a kernel or file that fails is the kit's."""
    with pytest.raises(NotebookFailed) as error:
        run_notebook(tmp_path / "missing.ipynb", {})
    assert "missing.ipynb" in str(error.value)
    assert "Traceback (most recent call last)" in error.value.detail
    assert error.value.__cause__ is not None


def test_the_two_extensions_sphinx_would_read_serially_still_declare_nothing() -> None:
    """The kit's extension declares them parallel-safe at config-inited; that is needed only while they are silent."""
    import importlib

    from inclucities.guide.sphinx_ext import SERIAL_BY_OMISSION

    class Recorder:
        def __getattr__(self, name: str) -> object:
            return lambda *args, **kwargs: None

    for name in SERIAL_BY_OMISSION:
        metadata = importlib.import_module(name).setup(Recorder()) or {}
        assert "parallel_read_safe" not in metadata and "parallel_write_safe" not in metadata, name


def test_errors_carry_their_exit_codes() -> None:
    from inclucities import errors

    assert errors.KnowledgeBaseInvalid([]).exit_code == errors.EXIT_INVALID == 1
    assert errors.UsageError("--x", "bad").exit_code == errors.EXIT_USAGE == 2
    assert errors.BuildFailed("x").exit_code == errors.NotebookFailed("x").exit_code == errors.EXIT_FAILED == 3
    assert all(
        issubclass(kind, errors.InclucitiesError)
        for kind in (errors.KnowledgeBaseInvalid, errors.Refused, errors.UsageError, errors.BuildFailed, errors.NotebookFailed)
    )


def test_the_scale_top_comes_from_the_framework(small_kb: Path) -> None:
    kb: KnowledgeBase = load(small_kb)
    assert kb.framework.top == kb.framework.scale[-1].score == 4


def test_new_city_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    folder = tmp_path / "city"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n")
    result = run_cli("new-city", str(folder), "--kb", str(REPO), "--theme", "city-for-all")
    assert result.exit_code == 1 and "not empty" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
