"""Shared fixtures: small knowledge bases made in a temporary folder, and a way to see if anything changed."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from inclucities.cli import main
from inclucities.kb.scaffold import scaffold

# The browser and the served bundled guide, shared by the browser test modules.
pytest_plugins = ["tests.browser_fixtures"]

REPO = Path(__file__).resolve().parent.parent
# The real data beside the repository; INCLUCITIES_SHARED_DATA names another place (the tests use it to check
# that they skip where the data is absent).
SHARED_DATA = Path(os.environ.get("INCLUCITIES_SHARED_DATA", REPO.parent / "shared" / "data"))


def shared_data(folder: str) -> Path:
    """A folder of the real data beside the repository (`../shared/data`), or skip: it is not shipped with it."""
    path = SHARED_DATA / folder
    if not path.is_dir():
        pytest.skip(f"../shared/data/{folder} is absent: the real data files are not shipped with the repository")
    return path


BUNDLED_PARTS = ("_config.yml", "_toc.yml", "book", "data", "practices", "toolkits", "notebooks")


def copy_bundled(target: Path) -> Path:
    """The sources of the bundled knowledge base copied into `target` (no build output, no caches)."""
    target.mkdir(parents=True)
    for part in BUNDLED_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.is_file():
            shutil.copy2(source, target / part)
    return target


@pytest.fixture
def small_kb(tmp_path: Path) -> Path:
    """A fresh copy of the knowledge base that `inclucities new` makes."""
    return scaffold(tmp_path / "kb", name="Test network")


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    """A copy of the bundled IncluCities knowledge base, to build without touching the repository."""
    return copy_bundled(tmp_path / "bundled")


@pytest.fixture(scope="session")
def built_bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled guide built once per test session in a temporary copy. Read it; never modify it."""
    target = copy_bundled(tmp_path_factory.mktemp("built") / "bundled")
    with pytest.MonkeyPatch.context() as patch:
        # every sidebar derived from a sibling's is checked against one drawn the usual way (inclucities.guide.sidebar)
        patch.setenv("INCLUCITIES_VERIFY_SIDEBAR", "1")
        result = run_cli("build", str(target))
    assert result.exit_code == 0, result.output
    return target


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def fingerprint(root: Path) -> dict[str, str]:
    """Every file under `root` with a hash of its content."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def cli() -> Callable[..., Result]:
    return run_cli


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that reads the bundled guide built once per session needs that build: it is a `build` test."""
    for item in items:
        if "built_bundled" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.build)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """After the browser tests: the pages they checked, with axe-core's figures (tests/browser_support.py)."""
    import sys

    support = sys.modules.get("tests.browser_support")
    lines = support.report_lines() if support else []
    if lines:
        terminalreporter.section("accessibility (axe-core) of the pages checked in chromium")
        for line in lines:
            terminalreporter.write_line(line)


def data_table(figure: Any) -> Any:
    """The data table of a chart's figure (BeautifulSoup): in the folded section just after the figure."""
    folded = figure.find_next_sibling("details")
    return folded.select_one("table") if folded is not None else None
