"""One build at a time per output folder: a lock held for the whole build, with a note of who holds it.

The lock is `filelock`'s, an operating-system lock on `.lock` in the build folder: the system releases it when
its process ends, however it ends, so a lock left by a killed build is simply taken over. A second build waits
for the first, saying whose build it waits for; it never writes beside it.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from filelock import FileLock, Timeout

from inclucities import layout


@contextmanager
def build_lock(folders: layout.BuildFolders, echo: Callable[[str], None]) -> Iterator[None]:
    folders.build.mkdir(parents=True, exist_ok=True)
    lock = FileLock(folders.lock)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        holder = folders.lock_owner.read_text(encoding="utf-8").strip() if folders.lock_owner.is_file() else "another build"
        echo(f"waiting for {holder} to finish: one build at a time writes {folders.build}")
        lock.acquire()
    try:
        started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        folders.lock_owner.write_text(
            f"the build of {folders.root} by process {os.getpid()} on {socket.gethostname()}, started {started}\n",
            encoding="utf-8",
        )
        yield
    finally:
        folders.lock_owner.unlink(missing_ok=True)
        lock.release()
