"""Execute planned runs with papermill, in parallel, reusing cached results.

Each worker process keeps a warm kernel (see kernel.py) and runs notebooks one after the other in it; workers
keep papermill's event loops apart. A failing run is reported in a few lines; the others still complete and
are cached.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from inclucities.pipeline import kernel
from inclucities.pipeline.cache import NotebookCache, run_key
from inclucities.pipeline.plan import Run, template_path


@dataclass(frozen=True)
class Failure:
    run: Run
    message: str

    def format(self) -> str:
        return f"{self.run.label}: {self.message}"


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
    cache_folder: Path | None = None,
    echo: Callable[[str], None] = print,
) -> Execution:
    kb_root = kb_root.resolve()
    cache = NotebookCache(cache_folder or kb_root / "_build" / ".cache" / "notebooks")
    result = Execution()
    pending: list[tuple[Run, str, Path]] = []
    for run in runs:
        template = template_path(kb_root, run.template)
        key = run_key(run, template, kb_root)
        cached = None if force else cache.get(key)
        if cached is not None:
            result.notebooks[run.output] = cached
            result.reused.append(run)
        else:
            pending.append((run, key, template))
    echo(
        f"      {len(result.reused)} notebook(s) unchanged, {len(pending)} to execute with {min(jobs, max(len(pending), 1))} worker(s)"
    )
    if not pending:
        return result
    done = 0
    log = cache.folder.parent / "kernels.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    workers = min(jobs, len(pending))
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("spawn"), initializer=kernel.start, initargs=(str(kb_root), str(log))
    ) as pool:
        futures = {
            pool.submit(execute_one, str(template), str(kb_root), run.parameters, run.title): (run, key)
            for run, key, template in pending
        }
        for future in as_completed(futures):
            run, key = futures[future]
            done += 1
            text, error, seconds = future.result()
            if error is None:
                cache.put(key, text)
                result.notebooks[run.output] = text
                result.executed.append(run)
                echo(f"      [{done}/{len(pending)}] executed {run.label} in {seconds:.1f} s")
            else:
                result.failures.append(Failure(run, error))
                echo(f"      [{done}/{len(pending)}] FAILED {run.label}")
    return result


def execute_one(template: str, kb_root: str, parameters: dict[str, Any], title: str) -> tuple[str, str | None, float]:
    """Run one notebook; returns (cleaned notebook text, error summary or None, seconds)."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from inclucities.pipeline.clean import clean_notebook, to_text

    started = time.perf_counter()
    notebook = nbformat.read(template, as_version=4)
    try:
        executed = papermill.execute_notebook(
            notebook,
            None,
            parameters={**parameters, "kb": "."},
            km=kernel.fresh(),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as error:
        first_line = next((line for line in error.source.splitlines() if line.strip()), "")
        position = _template_position(notebook, error.cell_index)
        message = f"cell {position} of {Path(template).name} (`{first_line.strip()}`) raised {error.ename}: {error.evalue}"
        return "", message, time.perf_counter() - started
    except Exception as error:  # the kernel could not start, the template is unreadable, …
        return "", f"{type(error).__name__}: {error}", time.perf_counter() - started
    return to_text(clean_notebook(executed, title)), None, time.perf_counter() - started


def _template_position(template, executed_index: int) -> int:  # type: ignore[no-untyped-def]
    """The 1-based position in the template of a cell of the executed notebook (papermill inserts one cell)."""
    parameters = next((i for i, cell in enumerate(template.cells) if "parameters" in cell.metadata.get("tags", [])), None)
    shift = 1 if parameters is not None and executed_index > parameters else 0
    return executed_index - shift + 1
