"""A warm kernel per worker process: started once, reused by every notebook the worker runs.

Starting a kernel and importing pandas, Altair and the kit takes a few seconds; a build runs a dozen to
hundreds of notebooks. Each worker keeps one kernel (started in the knowledge base's folder) and clears the
user namespace before each notebook, so a run sees no variable of the previous one. Imported modules stay
loaded, which is the point. The kernel is shut down when the worker exits.
"""

from __future__ import annotations

import os
import signal
from multiprocessing.util import Finalize
from typing import Any

from inclucities import layout

_kernel: Any = None  # jupyter_client.KernelManager of this worker
_client: Any = None


def start(kb_root: str, log: str, figure_cache: str | None = None) -> None:
    """Worker initialiser: quiet stderr into the log, start the kernel in `kb_root` (rendering its charts through
    the build's `figure_cache`, so that a notebook run again after a data edit redraws only the charts that changed)."""
    global _kernel, _client
    from jupyter_client.manager import KernelManager

    handle = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(handle, 2)  # kernels chatter on stderr (transport warnings, shutdown notices)
    _kernel = KernelManager(kernel_name="python3")
    env = dict(os.environ)
    if figure_cache:
        env[layout.FIGURE_CACHE_VARIABLE] = figure_cache
    _kernel.start_kernel(cwd=kb_root, env=env)
    _client = _kernel.blocking_client()
    _client.start_channels()
    _client.wait_for_ready(timeout=120)
    Finalize(None, stop, exitpriority=10)
    # Ctrl-C reaches every process of the terminal's group: the main process alone decides, and ends the
    # workers with SIGTERM, on which each shuts its kernel down before leaving.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: Any) -> None:
    try:
        stop()
    finally:
        os._exit(128 + signum)


def stop() -> None:
    global _kernel, _client
    if _client is not None:
        _client.stop_channels()
    if _kernel is not None and _kernel.has_kernel:
        _kernel.shutdown_kernel(now=True)
    _kernel = _client = None


def fresh() -> Any:
    """The worker's kernel with an empty user namespace, ready for the next notebook."""
    reply = _client.execute_interactive("%reset -f", store_history=False, timeout=60)
    if reply["content"].get("status") != "ok":
        raise RuntimeError("the kernel could not be reset")
    return _kernel
