"""`inclucities build`: validate → plan and execute notebooks (cached) → generate pages → compile → publish."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from inclucities.book import compile_book
from inclucities.fingerprint import knowledge_base_digest, package_digest
from inclucities.generated_tree import sync_tree
from inclucities.loader import load
from inclucities.pages.anchors import GENERATED, SITE_FILES
from inclucities.pages.registry import generate
from inclucities.pipeline.execute import Execution, execute_runs
from inclucities.pipeline.plan import plan_runs
from inclucities.problems import BuildFailed
from inclucities.render import use_cache
from inclucities.source_map import build_source_map


@dataclass(frozen=True)
class BuildResult:
    site: Path
    execution: Execution


def build_guide(
    kb_root: Path, *, jobs: int | None = None, force: bool = False, echo: Callable[[str], None] = print
) -> BuildResult:
    kb_root = Path(kb_root)
    jobs = jobs or os.cpu_count() or 1
    stamp = build_stamp(kb_root)
    site = kb_root / "_build" / "html"
    if (
        not force
        and (site / "index.html").is_file()
        and stamp_file(kb_root).is_file()
        and stamp_file(kb_root).read_text() == stamp
    ):
        echo("nothing changed since the last build: the site is up to date")
        return BuildResult(site, Execution())
    clock = time.perf_counter()
    echo(f"[1/4] validating {kb_root}")
    kb = load(kb_root)
    echo(f"      {kb.summary()}")
    runs = plan_runs(kb)
    use_cache(kb_root / "_build" / ".cache" / "figures")
    echo(f"[2/4] running {len(runs)} notebooks and generating pages ({time.perf_counter() - clock:.1f} s)")
    # Pages (posters, figures) are generated in a thread while the workers run the notebooks: the main process
    # would otherwise only wait for them.
    with ThreadPoolExecutor(max_workers=1) as background:
        generating = background.submit(generate, kb)
        execution = execute_runs(kb_root, runs, jobs=jobs, force=force, echo=echo)
        pages = generating.result()
    if execution.failures:
        lines = "\n".join(f"  {failure.format()}" for failure in execution.failures)
        raise BuildFailed(
            f"{len(execution.failures)} notebook(s) failed; the site was not changed. "
            f"The {len(execution.executed) + len(execution.reused)} other runs completed and are cached.\n{lines}"
        )
    pages.update(execution.notebooks)
    written, removed = sync_tree(kb_root / GENERATED, pages)
    (kb_root / GENERATED / SITE_FILES).mkdir(exist_ok=True)  # Sphinx requires every html_extra_path to exist
    echo(
        f"[3/4] generated {len(pages)} pages ({written} changed, {removed} removed) in {GENERATED}/ ({time.perf_counter() - clock:.1f} s)"
    )
    echo(f"[4/4] compiling the guide with Jupyter Book ({time.perf_counter() - clock:.1f} s)")
    site = compile_book(kb_root, jobs=jobs, force=force, origins=build_source_map(kb, pages))
    stamp_file(kb_root).write_text(stamp)
    return BuildResult(site, execution)


def stamp_file(kb_root: Path) -> Path:
    return kb_root / "_build" / ".work" / "inputs.sha256"


def build_stamp(kb_root: Path) -> str:
    """What the last successful build was made from: every knowledge-base file and the kit's code."""
    return f"{knowledge_base_digest(kb_root)} {package_digest()}"
