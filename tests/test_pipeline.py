"""The notebook pipeline: what is executed, what is reused, failures, reproducibility."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from inclucities import addresses, layout
from inclucities.guide.build import build_guide
from inclucities.notebooks.plan import template_path
from tests.conftest import REPO, edit

pytestmark = [pytest.mark.notebook, pytest.mark.build]


def executed(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {run.label for run in result.execution.executed}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from inclucities.kb.scaffold import scaffold

    kb = scaffold(tmp_path_factory.mktemp("pipeline") / "kb", name="Pipeline network")
    result = build_guide(kb, jobs=2, echo=lambda _: None)
    assert executed(result) == {
        "network_overview()",
        "pair_benchmark(pair_id='harbour-hill')",
        "city_profile(city_id='harbourtown')",
        "city_profile(city_id='hilltown')",
        "city_profile(city_id='rivertown')",
    }
    return kb


@pytest.fixture
def kb(built: Path, tmp_path: Path) -> Path:
    """A copy of the built knowledge base with its caches, so each test starts warm."""
    copy = tmp_path / "kb"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def test_nothing_changed_executes_nothing(kb: Path) -> None:
    messages: list[str] = []
    result = build_guide(kb, echo=messages.append)
    assert executed(result) == set()
    assert messages == ["nothing changed since the last build: the site is up to date"]
    assert (result.site / "index.html").is_file()


def test_a_missing_site_is_rebuilt_from_cached_notebooks(kb: Path) -> None:
    shutil.rmtree(kb / "_build" / "html")
    result = build_guide(kb, echo=lambda _: None)
    assert executed(result) == set()
    assert len(result.execution.reused) == 5
    assert (kb / "_build/html/index.html").is_file()


def test_editing_an_assessment_reruns_exactly_the_runs_that_read_it(kb: Path) -> None:
    edit(kb / "data/assessments/hilltown.yml", "translated-information: {score: 0}", "translated-information: {score: 2}")
    result = build_guide(kb, echo=lambda _: None)
    assert executed(result) == {
        "network_overview()",
        "pair_benchmark(pair_id='harbour-hill')",
        "city_profile(city_id='hilltown')",
    }
    page = (layout.BuildFolders(kb).site / addresses.html_address(addresses.city_page("hilltown"))).read_text()
    assert "Information in newcomers’ languages" in page or "Information in newcomers' languages" in page


def test_editing_a_practice_text_reruns_nothing_but_its_front_matter_does(kb: Path) -> None:
    edit(kb / "practices/harbourtown-welcome-desk.md", "Two staff members", "Three staff members")
    assert executed(build_guide(kb, echo=lambda _: None)) == set()
    edit(
        kb / "practices/harbourtown-welcome-desk.md",
        "key_factors: [reception-desk, translated-information]",
        "key_factors: [reception-desk]",
    )
    assert executed(build_guide(kb, echo=lambda _: None)) == {
        "pair_benchmark(pair_id='harbour-hill')",
        "city_profile(city_id='harbourtown')",
        "city_profile(city_id='hilltown')",
        "city_profile(city_id='rivertown')",
    }


def test_force_reruns_everything_and_results_are_byte_identical(kb: Path) -> None:
    before = {p.name: p.read_bytes() for p in (layout.BuildFolders(kb).source / addresses.CITY_PAGES).glob("*.ipynb")}
    result = build_guide(kb, force=True, echo=lambda _: None)
    assert len(executed(result)) == 5
    after = {p.name: p.read_bytes() for p in (layout.BuildFolders(kb).source / addresses.CITY_PAGES).glob("*.ipynb")}
    assert after == before


def test_executed_notebooks_are_clean_chapters(kb: Path) -> None:
    notebook = nbformat.read(layout.BuildFolders(kb).source / addresses.pair_page("harbour-hill"), as_version=4)
    assert notebook.cells[0].source == r"# Harbourtown → Hilltown\: benchmark analysis"  # escaped MyST
    text = json.dumps(notebook)
    for volatile in ("start_time", "end_time", "duration", '"execution"'):
        assert volatile not in text
    injected = [c for c in notebook.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "remove-cell" in injected[0].metadata["tags"]
    assert "inclucities-provenance" in text and "About this page" in text and "data/assessments/hilltown.yml" in text


def test_a_failing_notebook_exits_3_and_the_others_are_cached(kb: Path) -> None:
    template = nbformat.read(template_path(kb, "city_profile"), as_version=4)
    template.cells.insert(
        3, nbformat.v4.new_code_cell('if city_id == "rivertown":\n    raise ValueError("no data for this city")')
    )
    (kb / "notebooks").mkdir(exist_ok=True)
    nbformat.write(template, kb / "notebooks/city_profile.ipynb")
    completed = subprocess.run([sys.executable, "-m", "inclucities", "build", str(kb)], capture_output=True, text=True)
    assert completed.returncode == 3
    assert "Traceback" not in completed.stderr
    assert (
        "city_profile(city_id='rivertown'): cell 4 of city_profile.ipynb (`if city_id == \"rivertown\":`) raised ValueError: no data for this city"
        in completed.stderr
    )
    assert "the site was not changed" in completed.stderr
    # the four other runs were cached: a second build re-executes only the failing one
    completed = subprocess.run([sys.executable, "-m", "inclucities", "build", str(kb)], capture_output=True, text=True)
    assert completed.returncode == 3
    assert "4 notebook(s) unchanged, 1 to execute" in completed.stderr


def test_template_runs_directly_with_papermill(tmp_path: Path) -> None:
    out = tmp_path / "out.ipynb"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "papermill",
            "notebooks/pair_benchmark.ipynb",
            str(out),
            "-p",
            "pair_id",
            "pair-2",
            "-p",
            "kb",
            ".",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    notebook = nbformat.read(out, as_version=4)
    outputs = json.dumps([cell.get("outputs", []) for cell in notebook.cells])
    assert "Mechelen" in outputs and "Capaci" in outputs and "<svg" in outputs


def test_templates_are_stored_without_outputs() -> None:
    for path in (REPO / "notebooks").glob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        assert all(
            not cell.get("outputs") and cell.get("execution_count") is None for cell in notebook.cells if cell.cell_type == "code"
        )
        assert any("parameters" in cell.metadata.get("tags", []) for cell in notebook.cells), path.name
