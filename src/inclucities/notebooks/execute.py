"""Execute planned runs with papermill, in parallel, reusing cached results.

Each worker process keeps a warm kernel (see kernel.py) and runs notebooks one after the other in it; workers
keep papermill's event loops apart. A failing run is reported in a few lines; the others still complete and
are cached.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from inclucities import layout
from inclucities.errors import NotebookFailed
from inclucities.notebooks import kernel
from inclucities.notebooks.cache import NotebookCache, RunKeys
from inclucities.notebooks.plan import Run, template_path


@dataclass(frozen=True)
class Failure:
    run: Run
    message: str
    detail: str = ""  # the traceback of a failure of the kit's own

    def format(self) -> str:
        return f"{self.run.label}: {self.message}" + (f"\n{self.detail}" if self.detail else "")


@dataclass
class Execution:
    notebooks: dict[str, str] = field(default_factory=dict)  # output path → notebook text
    executed: list[Run] = field(default_factory=list)
    reused: list[Run] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def execute_runs(
    kb_root: Path,
    runs: list[Run],
    *,
    jobs: int = 1,
    force: bool = False,
    folders: layout.BuildFolders | None = None,
    echo: Callable[[str], None] = print,
    warm: WarmWorkers | None = None,
) -> Execution:
    kb_root = kb_root.resolve()
    folders = folders or layout.BuildFolders(kb_root)
    cache = NotebookCache(folders.notebook_cache)
    result = Execution()
    pending: list[tuple[Run, str, Path]] = []
    keys = RunKeys(kb_root)
    for run in runs:
        template = template_path(kb_root, run.template)
        key = keys.key(run, template)
        cached = None if force else cache.get(key)
        if cached is not None:
            result.notebooks[run.output] = cached
            result.reused.append(run)
        else:
            pending.append((run, key, template))
    echo(
        f"      {len(result.reused)} notebook(s) unchanged, {len(pending)} to execute with "
        f"{jobs if warm is not None else min(jobs, max(len(pending), 1))} worker(s)"
    )
    if not pending:
        return result
    done = 0
    log = folders.kernel_log
    log.parent.mkdir(parents=True, exist_ok=True)
    initargs = (str(kb_root), str(log), str(folders.figure_cache))
    if warm is not None:
        pool = warm.pool(jobs, initargs)
    else:
        pool = ProcessPoolExecutor(
            max_workers=min(jobs, len(pending)), mp_context=get_context("spawn"), initializer=kernel.start, initargs=initargs
        )
    try:
        futures = {
            pool.submit(execute_one, str(template), str(kb_root), run.parameters, run.title): (run, key)
            for run, key, template in pending
        }
        with progress_bar(len(pending)) as advance:
            for future in as_completed(futures):
                run, key = futures[future]
                done += 1
                text, error, detail, seconds = future.result()
                if error is None:
                    cache.put(key, text)
                    result.notebooks[run.output] = text
                    result.executed.append(run)
                    line = f"      [{done}/{len(pending)}] executed {run.label} in {seconds:.1f} s"
                else:
                    result.failures.append(Failure(run, error, detail))
                    line = f"      [{done}/{len(pending)}] FAILED {run.label}"
                if not advance(run.label):
                    echo(line)
    except BaseException:  # Ctrl-C, or a failure here: the workers' kernels must not outlive the build
        stop_workers(pool)
        if warm is not None:
            warm.forget()
        raise
    finally:
        if warm is None:
            pool.shutdown(wait=True, cancel_futures=True)
    return result


class WarmWorkers:
    """Notebook workers kept from one build to the next by a process that builds again and again (`serve`).

    Their kernels stay started, with pandas, Altair and the kit imported: a data edit runs its notebooks at once
    instead of after a kernel start (about two seconds). Each run still starts from an empty namespace and reads
    the knowledge base afresh (see kernel.fresh). The pool is made again if the build's settings change or a build
    failed while it ran; `close()` ends the workers and their kernels."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._settings: tuple[int, tuple[str, str, str]] | None = None

    def pool(self, jobs: int, initargs: tuple[str, str, str]) -> ProcessPoolExecutor:
        if self._pool is not None and self._settings != (jobs, initargs):
            self.close()
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=jobs, mp_context=get_context("spawn"), initializer=kernel.start, initargs=initargs
            )
            self._settings = (jobs, initargs)
        return self._pool

    def forget(self) -> None:
        """The pool was stopped by a failure: the next build makes a new one."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._settings = None

    def close(self) -> None:
        if self._pool is not None:
            stop_workers(self._pool)
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = self._settings = None


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Ask every worker to stop now (each shuts its kernel down on SIGTERM, see kernel.py).

    ProcessPoolExecutor has no public way to end its workers before Python 3.14 (`terminate_workers`): its
    process table is read directly, and an executor without one is left to shut down by itself."""
    processes: dict[int, Any] = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        if process.is_alive():
            process.terminate()
    for process in list(processes.values()):
        process.join(timeout=10)


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[str], bool]]:
    """A progress bar on a terminal; elsewhere (CI logs, pipes) the caller prints one line per notebook."""
    if not sys.stderr.isatty():
        yield lambda _label: False
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("      notebooks"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, transient=False) as progress:
        task = progress.add_task("", total=total)

        def advance(label: str) -> bool:
            progress.update(task, advance=1, description=label)
            return True

        yield advance


def run_notebook(template: Path, parameters: dict[str, Any], *, km: Any = None, cwd: str | None = None) -> Any:
    """Execute `template` with papermill (in the warm kernel `km`, or a new one in `cwd`); raise NotebookFailed."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        notebook = nbformat.read(template, as_version=4)
        return papermill.execute_notebook(
            notebook,
            None,
            parameters=parameters,
            km=km,
            cwd=cwd,
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as error:
        first_line = next((line for line in error.source.splitlines() if line.strip()), "")
        position = _template_position(notebook, error.cell_index)
        raise NotebookFailed(
            f"cell {position} of {template.name} (`{first_line.strip()}`) raised {error.ename}: {error.evalue}"
        ) from None
    except Exception as error:  # the kernel could not start, the template is unreadable, a bug: keep the traceback
        import traceback

        raise NotebookFailed(f"{template.name}: {type(error).__name__}: {error}", traceback.format_exc()) from error


def execute_one(template: str, kb_root: str, parameters: dict[str, Any], title: str) -> tuple[str, str | None, str, float]:
    """Run one notebook in this worker's warm kernel.

    Returns (cleaned notebook text, error or None, the error's traceback when it is the kit's own, seconds): an
    exception would not always survive the way back from the worker process."""
    from inclucities.notebooks.clean import clean_notebook, to_text

    started = time.perf_counter()
    try:
        executed = run_notebook(Path(template), {**parameters, "kb": "."}, km=kernel.fresh())
    except NotebookFailed as error:
        return "", str(error), error.detail, time.perf_counter() - started
    return to_text(clean_notebook(executed, title)), None, "", time.perf_counter() - started


def _template_position(template: Any, executed_index: int) -> int:
    """The 1-based position in the template of a cell of the executed notebook (papermill inserts one cell)."""
    parameters = next((i for i, cell in enumerate(template.cells) if "parameters" in cell.metadata.get("tags", [])), None)
    shift = 1 if parameters is not None and executed_index > parameters else 0
    return executed_index - shift + 1
