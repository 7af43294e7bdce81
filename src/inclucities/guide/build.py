"""`inclucities build`: validate → plan and execute notebooks (cached) → generate pages → compile → publish."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from inclucities import layout
from inclucities.errors import BuildFailed, OutputNotWritable
from inclucities.figures.render import use_cache
from inclucities.guide import stamp as build_stamp
from inclucities.guide.compile import compile_book, source_files
from inclucities.guide.lock import build_lock
from inclucities.guide.publish import sync_tree
from inclucities.guide.source_map import build_source_map
from inclucities.kb.loader import load
from inclucities.kb.model import KnowledgeBase
from inclucities.notebooks.execute import Execution, WarmWorkers, execute_runs
from inclucities.notebooks.plan import plan_runs
from inclucities.site.registry import Memo, generate

UP_TO_DATE = "nothing changed since the last build: the site is up to date"


@dataclass
class Session:
    """What a process that builds again and again (`serve`) keeps between builds: the pages made (reused while
    their records are unchanged) and the notebook workers with their started kernels. `close()` at the end."""

    memo: Memo = field(default_factory=Memo)
    workers: WarmWorkers = field(default_factory=WarmWorkers)

    def close(self) -> None:
        self.workers.close()


@dataclass(frozen=True)
class BuildResult:
    site: Path
    execution: Execution


def build_guide(
    kb_root: Path,
    *,
    jobs: int | None = None,
    force: bool = False,
    out: Path | None = None,
    echo: Callable[[str], None] = print,
    session: Session | None = None,
) -> BuildResult:
    """Build the guide of the knowledge base at `kb_root` into its `_build/html`, or into `out/html`.

    Nothing is written before the knowledge base is found valid and the output folders writable; then the
    build holds the output folder's lock to the end. A process that builds again and again (`serve`) passes the
    same `session` each time."""
    kb_root = Path(kb_root)
    jobs = jobs or os.cpu_count() or 1
    clock = time.perf_counter()
    if not kb_root.is_dir():
        load(kb_root)  # reports the missing folder as invalid input
    folders = layout.BuildFolders(kb_root.resolve(), out.resolve() if out is not None else None)
    stamp = build_stamp.build_stamp(kb_root)
    if not force and build_stamp.is_up_to_date(folders, stamp):
        echo(UP_TO_DATE)
        return BuildResult(folders.site, Execution())
    echo(f"[1/4] validating {kb_root}")
    kb = load(kb_root)
    echo(f"      {kb.summary()}")
    ensure_writable(folders.build)  # the book's source is in it too
    with build_lock(folders, echo):
        if not force and build_stamp.is_up_to_date(folders, stamp):  # made by the build this one waited for
            echo(UP_TO_DATE)
            return BuildResult(folders.site, Execution())
        return _build(kb, folders, stamp, clock, jobs=jobs, force=force, echo=echo, session=session)


def _build(
    kb: KnowledgeBase,
    folders: layout.BuildFolders,
    stamp: str,
    clock: float,
    *,
    jobs: int,
    force: bool,
    echo: Callable[[str], None],
    session: Session | None,
) -> BuildResult:
    runs = plan_runs(kb)
    use_cache(folders.figure_cache)
    echo(f"[2/4] running {len(runs)} notebooks and generating pages ({time.perf_counter() - clock:.1f} s)")
    # Pages (posters, figures) are generated in a thread while the workers run the notebooks: the main process
    # would otherwise only wait for them.
    with ThreadPoolExecutor(max_workers=1) as background:
        generating = background.submit(generate, kb, session.memo if session is not None and not force else None)
        execution = execute_runs(
            folders.root, runs, jobs=jobs, force=force, folders=folders, echo=echo, warm=session.workers if session else None
        )
        pages = generating.result()
    if execution.failures:
        lines = "\n".join(f"  {failure.format()}" for failure in execution.failures)
        raise BuildFailed(
            f"{len(execution.failures)} notebook(s) failed; the site was not changed. "
            f"The {len(execution.executed) + len(execution.reused)} other runs completed and are cached.\n{lines}"
        )
    pages.update(execution.notebooks)
    written, removed = sync_tree(folders.source, source_files(folders.root, pages))
    folders.site_files.mkdir(exist_ok=True)  # Sphinx requires every html_extra_path to exist
    echo(
        f"[3/4] generated {len(pages)} pages ({written} changed, {removed} removed) in {folders.source} "
        f"({time.perf_counter() - clock:.1f} s)"
    )
    echo(f"[4/4] compiling the guide with Jupyter Book ({time.perf_counter() - clock:.1f} s)")
    site = compile_book(folders, jobs=jobs, force=force, origins=build_source_map(kb, pages), changed=written + removed)
    build_stamp.record(folders, stamp)
    return BuildResult(site, execution)


def ensure_writable(folder: Path) -> None:
    """`folder` exists and takes files, or the build stops before anything is done, saying where to write instead."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise OutputNotWritable(str(folder), error.strerror or type(error).__name__, layout.BUILD_DIR_VARIABLE) from None
