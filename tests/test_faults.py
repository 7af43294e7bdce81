"""Faults: optional parts missing, two builds at once, Ctrl-C, kills in every phase, publishing, read-only sources.

Every case runs on the small knowledge base `inclucities new` makes, in a subprocess when the test must interrupt,
kill or race it, so that the suite stays fast (a build of it takes a few seconds).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inclucities import layout
from inclucities.kb.scaffold import scaffold
from tests.conftest import fingerprint, run_cli

pytestmark = pytest.mark.build

OPTIONAL = {
    "assessments": [layout.ASSESSMENTS],
    "action plans": [layout.ACTION_PLANS],
    "service directories": [layout.SERVICES],
    "toolkits": [layout.TOOLKITS],
    # the records that name practices go with them
    "practices": [layout.PRACTICES, layout.TOOLKITS, layout.ACTION_PLANS],
}


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "inclucities", *args]


def start_build(kb: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command("build", str(kb), "--jobs", "2", *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # a test run started in the background (as CI may be) ignores SIGINT, and children inherit that: give the
        # build the default a terminal gives it, so that the interrupt test sends what Ctrl-C sends
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def wait_for_line(process: subprocess.Popen[str], start: str, seen: list[str]) -> None:
    """Read the build's output until a line starts with `start` (the build's phases are numbered `[n/4]`)."""
    assert process.stdout is not None
    for line in process.stdout:
        seen.append(line)
        if line.startswith(start):
            return
    pytest.fail(f"the build ended before {start!r}:\n{''.join(seen)}")


def kernels_of(kb: Path) -> list[int]:
    """Jupyter kernels still running in the knowledge base's folder (a build starts its kernels there)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        if b"ipykernel" in cmdline and cwd == str(kb.resolve()):
            found.append(int(entry.name))
    return found


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A small knowledge base built once: its site is the previous site the faults must leave intact."""
    kb = scaffold(tmp_path / "kb", name="Faults network")
    result = run_cli("build", str(kb), "--jobs", "2")
    assert result.exit_code == 0, result.output
    return kb


# --- a network that is just starting ------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", [*OPTIONAL, "all of them"])
def test_the_guide_builds_with_an_optional_part_missing(tmp_path: Path, missing: str) -> None:
    kb = scaffold(tmp_path / "kb", name="Starting network")
    folders = {folder for parts in OPTIONAL.values() for folder in parts} if missing == "all of them" else OPTIONAL[missing]
    for folder in sorted(folders):
        shutil.rmtree(kb / folder)
    result = run_cli("build", str(kb), "--jobs", "2")
    assert result.exit_code == 0, result.output
    site = kb / "_build" / "html"
    assert (site / "index.html").is_file()
    if missing in ("assessments", "all of them"):
        overview = (site / "network-overview.html").read_text(encoding="utf-8")
        assert "No city has a baseline self-assessment yet." in overview


def test_a_failure_while_making_pages_exits_3_naming_what_was_made(small_kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from inclucities.site import registry

    def broken(kb: object) -> dict[str, str]:
        raise ZeroDivisionError("a bug")

    monkeypatch.setitem(registry.MAKES, broken, "the broken pages")
    monkeypatch.setattr(registry, "GENERATORS", (*registry.GENERATORS, broken))
    result = run_cli("build", str(small_kb))
    assert result.exit_code == 3
    lines = result.output.splitlines()
    summary = next(i for i, line in enumerate(lines) if line.startswith("build failed:"))
    assert lines[summary] == "build failed: while making the broken pages: ZeroDivisionError: a bug"
    assert "Traceback (most recent call last)" in "\n".join(lines[summary + 1 :])
    assert not (small_kb / "_build" / "html").exists()


# --- two builds at once ---------------------------------------------------------------------------------------------


def test_two_builds_at_once_take_turns(small_kb: Path) -> None:
    first = start_build(small_kb)
    seen: list[str] = []
    wait_for_line(first, "[1/4]", seen)
    second = start_build(small_kb)
    second_output, _ = second.communicate(timeout=600)
    first_rest, _ = first.communicate(timeout=600)
    assert first.returncode == 0, "".join(seen) + first_rest
    assert second.returncode == 0, second_output
    assert "waiting for the build of" in second_output
    # the second build found the first's result up to date: the site is one build's, whole
    assert "nothing changed since the last build" in second_output
    assert not (small_kb / "_build" / ".lock.owner").exists()


def test_a_lock_left_by_a_killed_build_is_taken_over(small_kb: Path) -> None:
    process = start_build(small_kb)
    wait_for_line(process, "[2/4]", [])
    process.kill()
    process.wait(timeout=30)
    assert (small_kb / "_build" / ".lock.owner").is_file()  # its note stays, but the system released its lock
    result = run_cli("build", str(small_kb))
    assert result.exit_code == 0, result.output
    assert "waiting" not in result.output


# --- interrupted and killed builds ---------------------------------------------------------------------------------


def test_ctrl_c_stops_the_build_its_workers_and_kernels_and_exits_130(built: Path) -> None:
    site = built / "_build" / "html"
    before = fingerprint(site)
    process = start_build(built, "--force")
    seen: list[str] = []
    wait_for_line(process, "[2/4]", seen)
    time.sleep(2)  # the workers have started their kernels
    process.send_signal(signal.SIGINT)
    rest, _ = process.communicate(timeout=60)
    assert process.returncode == 130, "".join(seen) + rest
    assert "interrupted" in rest and "Traceback" not in rest and "Aborted" not in rest
    assert fingerprint(site) == before
    deadline = time.monotonic() + 20
    while kernels_of(built) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert kernels_of(built) == []
    again = run_cli("build", str(built))
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize("phase", ["[1/4]", "[2/4]", "[3/4]", "[4/4]"])
def test_a_build_killed_in_any_phase_leaves_the_previous_site_and_a_usable_cache(built: Path, phase: str) -> None:
    site = built / "_build" / "html"
    before = fingerprint(site)
    process = start_build(built, "--force")
    wait_for_line(process, phase, [])
    process.kill()
    process.wait(timeout=30)
    assert fingerprint(site) == before
    result = run_cli("build", str(built))
    assert result.exit_code == 0, result.output
    assert (site / "index.html").is_file()


PUBLISHER = """
import sys
from pathlib import Path
from inclucities.guide.publish import publish

root = Path(sys.argv[1])
while True:
    for name in ("a", "b"):
        publish(root / name, root / "site")
"""


def test_publishing_is_atomic_whenever_it_is_killed(tmp_path: Path) -> None:
    """A process publishes two sites in turn as fast as it can and is killed at random moments: `site` is always
    one of the two, whole."""
    sites = {}
    for name in ("a", "b"):
        for page in range(300):
            path = tmp_path / name / f"page-{page:03d}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"{name} {page}\n" * 50)
        sites[name] = fingerprint(tmp_path / name)
    script = tmp_path / "publisher.py"
    script.write_text(PUBLISHER)
    for attempt in range(12):
        process = subprocess.Popen([sys.executable, str(script), str(tmp_path)])
        time.sleep(0.3 + 0.17 * attempt)
        process.kill()
        process.wait()
        if (tmp_path / "site").exists():
            assert fingerprint(tmp_path / "site") in sites.values()
        # the next publish recovers whatever was left half done
        subprocess.run([sys.executable, "-c", PUBLISHER.replace("while True:", "for _ in range(1):")[1:], str(tmp_path)], check=True)
        assert fingerprint(tmp_path / "site") in sites.values()


# --- read-only sources -------------------------------------------------------------------------------------------


def test_a_knowledge_base_that_cannot_be_written_says_where_to_build_instead(small_kb: Path) -> None:
    (small_kb / layout.BUILD).write_text("a file where the build folder would go\n")
    before = fingerprint(small_kb)
    result = run_cli("build", str(small_kb))
    assert result.exit_code == 1
    assert f"{small_kb / layout.BUILD}: cannot be written" in result.output
    assert "--out DIR" in result.output and layout.BUILD_DIR_VARIABLE in result.output
    assert "Traceback" not in result.output
    assert fingerprint(small_kb) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders: the permission case needs a user")
def test_a_read_only_folder_is_refused_with_the_folder_named(small_kb: Path) -> None:
    for path in [small_kb, *small_kb.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        result = run_cli("build", str(small_kb))
        assert result.exit_code == 1 and "cannot be written (Permission denied)" in result.output
    finally:
        for path in [small_kb, *small_kb.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)


def test_out_builds_elsewhere_and_leaves_the_knowledge_base_untouched(small_kb: Path, tmp_path: Path) -> None:
    before = fingerprint(small_kb)
    out = tmp_path / "elsewhere"
    result = run_cli("build", str(small_kb), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "html" / "index.html").is_file()
    assert (out / "html" / "network.html").is_file()
    assert fingerprint(small_kb) == before
    again = subprocess.run(
        command("build", str(small_kb)), env={**os.environ, layout.BUILD_DIR_VARIABLE: str(out)}, capture_output=True, text=True
    )
    assert again.returncode == 0 and "nothing changed" in again.stderr, again.stderr
    assert fingerprint(small_kb) == before
