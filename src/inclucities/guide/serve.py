"""`inclucities serve`: build, serve the site on 127.0.0.1, rebuild on every save and reload the open pages.

Files are watched with `watchfiles`. Each HTML page is served with a small script that listens to the server's
events (`/__inclucities__/events`, server-sent events) and reloads the page when a build finishes; when a build
fails, the pages carry a banner with its messages while the last good site stays served. The script and the
banner are added as the server sends a page: they are never written into the site, so a published build never
has them. Each rebuild is an ordinary build, holding the same lock: a `build` run by hand meanwhile waits.
"""

from __future__ import annotations

import http.server
import signal
import threading
import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from inclucities import layout
from inclucities.errors import InclucitiesError, UsageError
from inclucities.markup.html import esc

EVENTS = "/__inclucities__/events"
HEARTBEAT_SECONDS = 15.0  # a comment line now and then keeps proxies and browsers from closing the stream
RELOAD_SCRIPT = (
    "<script>(function(){var s=new EventSource('" + EVENTS + "'),seen=null;"
    "s.onmessage=function(e){if(seen!==null&&e.data!==seen){location.reload();}seen=e.data;};})();</script>"
)
BANNER_STYLE = (
    "position:sticky;top:0;z-index:10000;margin:0;padding:0.75rem 1rem;background:#fdecea;color:#5f0f0a;"
    "border-bottom:3px solid #b3261e;font:0.95rem/1.4 sans-serif;white-space:pre-wrap"
)


@dataclass
class Preview:
    """What the server tells the pages: which build they show (a number that changes with every build) and the
    messages of the last build if it failed."""

    generation: int = 0
    failure: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def finished(self, failure: list[str]) -> None:
        with self.changed:
            self.generation += 1
            self.failure = failure
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen, timeout=timeout)
            return self.generation


class Handler(http.server.SimpleHTTPRequestHandler):
    """The site's files as they are, HTML pages with the reload script (and the failure banner), and the events."""

    preview: Preview

    def __init__(self, *args: Any, preview: Preview, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if self.path == EVENTS:
            self._events()
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            self._page(path)
            return
        super().do_GET()

    def _page(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8", errors="replace")
        addition = banner(self.preview.failure) + RELOAD_SCRIPT
        text = text.replace("</body>", addition + "</body>", 1) if "</body>" in text else text + addition
        data = text.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -1
        try:
            while True:
                generation = self.preview.wait(seen, HEARTBEAT_SECONDS)
                message = f"data: {generation}\n\n" if generation != seen else ": still here\n\n"
                self.wfile.write(message.encode("ascii"))
                self.wfile.flush()
                seen = generation
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal is for the builds' messages


def banner(failure: list[str]) -> str:
    if not failure:
        return ""
    text = "The last build failed; this is the last good site.\n" + "\n".join(failure)
    return f'<div role="alert" class="inclucities-serve-error" style="{BANNER_STYLE}">{esc(text)}</div>'


def watched_paths(folders: layout.BuildFolders) -> list[Path]:
    """The knowledge base, and the kit's notebook templates and static files (read anew by every build)."""
    return [folders.root, layout.NOTEBOOK_TEMPLATES.resolve(), layout.KIT_STATIC]


def is_source(folders: layout.BuildFolders, path: str) -> bool:
    """A change worth a build: not the build's own output, not an editor's hidden or backup file."""
    changed = Path(path)
    # the build's folder holds the book's source too; a folder `_generated` is what earlier builds wrote
    outputs = (folders.build, folders.root / layout.LEGACY_GENERATED)
    if any(changed == output or changed.is_relative_to(output) for output in outputs):
        return False
    name = changed.name
    return not (name.startswith((".", "#")) or name.endswith(("~", ".swp", ".tmp")))


def serve(
    kb_root: Path,
    *,
    port: int = 8000,
    open_browser: bool = False,
    out: Path | None = None,
    jobs: int | None = None,
    echo: Callable[[str], None] = print,
    ready: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Build, serve and rebuild until Ctrl-C (or `stop` is set)."""
    from watchfiles import watch

    from inclucities.guide.build import Session

    folders = layout.BuildFolders(kb_root.resolve(), out.resolve() if out is not None else None)
    preview = Preview()
    session = Session()  # pages made and notebook kernels started by the previous builds

    def build() -> None:
        from inclucities.guide.build import build_guide

        try:
            build_guide(kb_root, jobs=jobs, out=out, echo=echo, session=session)
        except InclucitiesError as error:
            lines = error.lines()
            for line in lines:
                echo(line)
            preview.finished(lines)
        else:
            preview.finished([])

    if threading.current_thread() is threading.main_thread():
        # `kill` (SIGTERM) stops the preview as Ctrl-C does, so that its notebook kernels end with it
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        build()
        folders.site.mkdir(parents=True, exist_ok=True)  # a first build that failed leaves nothing yet to serve
        handler = partial(Handler, preview=preview, directory=str(folders.site))
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as error:
            raise UsageError("--port", f"{port} cannot be used ({error.strerror}) (allowed: a free port, or 0 for any free one)") from None
        server.daemon_threads = True
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        threading.Thread(target=server.serve_forever, name="inclucities-serve", daemon=True).start()
        echo(f"serving {url} (Ctrl-C to stop); watching {folders.root} for changes")
        if ready is not None:
            ready(url)
        if open_browser:
            webbrowser.open(url)
        try:
            for changes in watch(*watched_paths(folders), stop_event=stop, watch_filter=lambda _change, path: is_source(folders, path)):
                echo(f"changed: {', '.join(sorted(_names(folders, (path for _change, path in changes))))}; building")
                build()
        except KeyboardInterrupt:
            echo("preview stopped")
        finally:
            server.shutdown()
            server.server_close()
    finally:
        session.close()  # the notebook workers and their kernels end with the preview


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _names(folders: layout.BuildFolders, paths: Iterable[str]) -> set[str]:
    return {layout.relative(Path(path), folders.root) for path in paths}
