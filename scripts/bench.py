"""Benchmark: build the same knowledge base the naive way and with `inclucities build`, in one run.

    .venv/bin/python scripts/bench.py [--repeat 3] [--sizes 8,40,200] [--jobs N]

Naive: every notebook once with the papermill command line, one after the other, then `jupyter-book build`
(the generated Markdown pages are written beforehand and not timed: a user without this tool would have none).
inclucities: a cold build (empty caches), a no-op rebuild, a rebuild after editing one practice's text and one
after editing one city's assessment. Each figure is the median of --repeat runs; ratios are naive ÷ figure,
measured on this machine in this run. Then synthetic networks of each size are built cold, with the time, the
time per city and the peak memory of the whole process tree.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PARTS = ("_config.yml", "_toc.yml", "book", "data", "practices", "toolkits", "notebooks")


def copy_bundled(target: Path) -> Path:
    target.mkdir(parents=True)
    for part in PARTS:
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / part)
    return target


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}")
    return elapsed, completed.stdout + completed.stderr


def build(kb: Path, jobs: int | None) -> tuple[float, int]:
    command = [str(BIN / "inclucities"), "build", str(kb)] + (["--jobs", str(jobs)] if jobs else [])
    elapsed, output = timed(command)
    match = re.search(r"(\d+) to execute", output)
    return elapsed, int(match.group(1)) if match else 0


def naive(kb: Path) -> float:
    """papermill per notebook, sequentially, then jupyter-book build (pages prepared, untimed)."""
    from ruamel.yaml import YAML

    from inclucities.guide.compile import source_files
    from inclucities.guide.config import effective_config, effective_toc
    from inclucities.guide.publish import sync_tree
    from inclucities.kb.loader import load
    from inclucities.layout import BuildFolders
    from inclucities.notebooks.plan import plan_runs, template_path
    from inclucities.site.registry import generate

    knowledge_base = load(kb)
    folders = BuildFolders(kb.resolve())  # the book's source as a build lays it out: chapters and generated pages
    sync_tree(folders.source, source_files(kb, generate(knowledge_base)))
    folders.site_files.mkdir(exist_ok=True)
    started = time.perf_counter()
    for run in plan_runs(knowledge_base):
        output = folders.source / run.output
        output.parent.mkdir(parents=True, exist_ok=True)
        parameters = [arg for key, value in run.parameters.items() for arg in ("-p", key, str(value))]
        timed(
            [
                str(BIN / "papermill"),
                str(template_path(kb, run.template)),
                str(output),
                *parameters,
                "-p",
                "kb",
                ".",
                "--no-progress-bar",
            ],
            cwd=kb,
        )
    # Jupyter Book reads the source folder with the knowledge base's configuration as a build lays it out
    folders.work.mkdir(parents=True, exist_ok=True)
    yaml = YAML(typ="safe")
    settings = {"_config.yml": effective_config(kb), "_toc.yml": effective_toc(kb, folders.source)}
    for name, data in settings.items():
        with (folders.work / name).open("w", encoding="utf-8") as handle:
            yaml.dump(data, handle)
    config, toc = (str(folders.work / name) for name in settings)
    timed([str(BIN / "jupyter-book"), "build", str(folders.source), "--config", config, "--toc", toc])
    return time.perf_counter() - started


class PeakMemory:
    """Peak resident memory of this process's children (a build and all its workers and kernels), summed."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.2)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def edit(path: Path, marker: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")


def edit_evidence(path: Path, marker: str) -> None:
    """A real data edit: the first evidence note of an assessment gains `marker` (its pages change, not only its
    digest)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('evidence: "', f'evidence: "{marker} ', 1), encoding="utf-8")


def median(values: list[float]) -> float:
    return statistics.median(values)


def report_bundled(figures: dict[str, list[float]], executed: dict[str, list[int]]) -> None:
    baseline = median(figures["naive"])
    print("\n| build of the bundled guide | median (s) | notebooks executed | speed-up vs naive |")
    print("|---|---:|---:|---:|")
    for name, values in figures.items():
        runs = "all (papermill CLI)" if name == "naive" else str(int(median(executed[name])))
        print(f"| {name} | {median(values):.2f} | {runs} | {baseline / median(values):.1f}× |")


def serve_latencies(kb: Path, repeat: int, jobs: int | None) -> dict[str, list[float]]:
    """Seconds from a save to the served site's reload event, with `inclucities serve` running on `kb`."""
    import urllib.request

    command = [str(BIN / "inclucities"), "serve", str(kb), "--port", "0"] + (["--jobs", str(jobs)] if jobs else [])
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    url = ""
    for line in process.stderr:
        if line.startswith("serving "):
            url = line.split()[1]
            break
    if not url:
        raise SystemExit("inclucities serve did not start")
    threading.Thread(target=lambda: [None for _ in process.stderr or ()], daemon=True).start()  # keep the pipe drained
    events: list[tuple[float, str]] = []

    def listen() -> None:
        with urllib.request.urlopen(url + "__inclucities__/events", timeout=3600) as stream:
            for raw in stream:
                line = raw.decode().strip()
                if line.startswith("data: "):
                    events.append((time.perf_counter(), line.removeprefix("data: ")))

    threading.Thread(target=listen, daemon=True).start()
    while not events:
        time.sleep(0.05)
    latencies: dict[str, list[float]] = {"practice text edited": [], "assessment edited": []}
    try:
        for i in range(repeat):
            for name, path in (("practice text edited", "practices/bapa-bxl.md"), ("assessment edited", "data/assessments/jelgava.yml")):
                seen = len(events)
                time.sleep(1.0)  # let the watcher settle after the previous build
                saved = time.perf_counter()
                if path.endswith(".md"):
                    edit(kb / path, f"Serve edit {i}.")
                else:
                    edit_evidence(kb / path, f"Serve edit {i}.")
                while len(events) == seen:
                    time.sleep(0.02)
                latencies[name].append(events[-1][0] - saved)
    finally:
        process.terminate()
        process.wait(timeout=60)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="8,40,200", help="synthetic network sizes, comma-separated ('' to skip)")
    parser.add_argument("--jobs", type=int, default=None, help="passed to inclucities build (default: cores)")
    parser.add_argument("--serve", type=int, default=3, help="edits timed under `inclucities serve` (0 to skip)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="inclucities-bench-"))
    print(f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB; work in {work}", flush=True)
    figures: dict[str, list[float]] = {"naive": [], "cold": [], "no-op": [], "practice edited": [], "assessment edited": []}
    executed: dict[str, list[int]] = {key: [] for key in figures}
    for i in range(args.repeat):
        figures["naive"].append(naive(copy_bundled(work / f"naive-{i}")))
        kb = copy_bundled(work / f"tool-{i}")
        for name, change in (
            ("cold", None),
            ("no-op", None),
            ("practice edited", lambda kb=kb, i=i: edit(kb / "practices/bapa-bxl.md", f"Benchmark edit {i}.")),
            ("assessment edited", lambda kb=kb, i=i: edit_evidence(kb / "data/assessments/jelgava.yml", f"Benchmark edit {i}.")),
        ):
            if change:
                change()
            elapsed, count = build(kb, args.jobs)
            figures[name].append(elapsed)
            executed[name].append(count)
        print(f"run {i + 1}/{args.repeat}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in figures.items()), flush=True)
    if args.repeat:
        report_bundled(figures, executed)
    if args.serve:
        latencies = serve_latencies(copy_bundled(work / "serve"), args.serve, args.jobs)
        plain = {"practice text edited": "practice edited", "assessment edited": "assessment edited"}
        print("\n| edit while `inclucities serve` runs | save → reload event, median (s) | plain `build` after it (s) | ratio |")
        print("|---|---:|---:|---:|")
        for name, values in latencies.items():
            build_time = median(figures[plain[name]]) if args.repeat else float("nan")
            print(f"| {name} | {median(values):.2f} | {build_time:.2f} | {build_time / median(values):.1f}× |", flush=True)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    if sizes:
        from inclucities.kb.synthetic import generate

        print("\n| synthetic network | cold build (s) | per city (s) | notebooks | peak memory (MB) |")
        print("|---:|---:|---:|---:|---:|")
        for size in sizes:
            kb = generate(work / f"synthetic-{size}", size)
            with PeakMemory() as memory:
                elapsed, count = build(kb, args.jobs)
            print(f"| {size} cities | {elapsed:.1f} | {elapsed / size:.2f} | {count} | {memory.peak / 2**20:.0f} |", flush=True)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
