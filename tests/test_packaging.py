"""The kit as users install it: a wheel built from the repository carries everything a build needs.

The notebook templates have one source, the repository's `notebooks/` folder, which the package reaches through
the symbolic link `src/inclucities/templates/notebooks`; building a wheel follows the link and copies the files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from inclucities import layout
from tests.conftest import REPO

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # The repository copied first (symbolic links as links): building in place would leave build/ and *.egg-info
    # in the checkout.
    source = out / "source"
    outputs = shutil.ignore_patterns(".git", ".venv", "_build", "_generated", "build", "*.egg-info", "__pycache__", ".*cache")
    shutil.copytree(REPO, source, symlinks=True, ignore=outputs)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out), str(source)],
        check=True,
    )
    return next(out.glob("inclucities-*.whl"))


def test_the_wheel_carries_the_templates_as_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in sorted((REPO / layout.NOTEBOOKS).glob("*.ipynb")):
        assert f"inclucities/templates/notebooks/{template.name}" in names
    assert "inclucities/templates/new_kb/data/network.yml" in names
    assert "inclucities/figures/maps/europe.geojson" in names
    assert "inclucities/static/inclucities.css" in names


def test_new_and_build_work_from_an_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    """In a fresh environment that has the wheel (and sees this one's dependencies, not its editable kit)."""
    clean = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    environment = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(environment)], check=True)
    python = environment / "bin" / "python"
    site_packages = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            env=clean, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    )
    # a plain path line: the dependencies of this environment, but not its .pth files (the editable install)
    (site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)], check=True)

    def kit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(python), "-m", "inclucities", *args], cwd=tmp_path, env=clean, capture_output=True, text=True, timeout=600
        )

    where = subprocess.run(
        [str(python), "-c", "import inclucities; print(inclucities.__file__)"], env=clean, capture_output=True, text=True, check=True
    )
    assert where.stdout.startswith(str(site_packages)), where.stdout
    created = kit("new", "network")
    assert created.returncode == 0, created.stderr
    built = kit("build", "network", "--jobs", "2")
    assert built.returncode == 0, built.stdout + built.stderr
    assert (tmp_path / "network" / "_build" / "html" / "network-overview.html").is_file()


def test_a_checkout_without_symbolic_links_is_told_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where git wrote the link as a text file (core.symlinks false), a build says what happened instead of failing
    on a missing file."""
    from inclucities.errors import BuildFailed
    from inclucities.notebooks import plan

    stub = tmp_path / "notebooks"
    stub.write_text("../../../notebooks")
    monkeypatch.setattr(layout, "NOTEBOOK_TEMPLATES", stub)
    with pytest.raises(BuildFailed, match="symbolic links"):
        plan.template_path(tmp_path, "pair_benchmark")
