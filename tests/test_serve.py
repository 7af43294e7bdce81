"""`inclucities serve`: the site served on 127.0.0.1, rebuilt on every save, the open pages told to reload."""

from __future__ import annotations

import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from inclucities.guide.serve import EVENTS, RELOAD_SCRIPT, serve
from inclucities.kb.scaffold import scaffold
from tests.conftest import edit, run_cli

pytestmark = pytest.mark.build

PRACTICE = "practices/harbourtown-welcome-desk.md"
PAGE = "practices/harbourtown-welcome-desk.html"


class Served:
    def __init__(self, kb: Path) -> None:
        self.kb = kb
        self.url = ""
        self.messages: list[str] = []
        self.stop = threading.Event()
        self.started = threading.Event()
        self.events: list[str] = []

        def ready(url: str) -> None:
            self.url = url
            self.started.set()

        self.thread = threading.Thread(
            target=serve, kwargs={"kb_root": kb, "port": 0, "jobs": 2, "echo": self.messages.append, "ready": ready, "stop": self.stop}
        )

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return str(response.read().decode("utf-8"))

    def listen(self) -> None:
        """Read the server's events in the background, as a page's script does."""

        def read() -> None:
            with urllib.request.urlopen(self.url + EVENTS.lstrip("/"), timeout=600) as stream:
                for raw in stream:
                    line = raw.decode("utf-8").strip()
                    if line.startswith("data: "):
                        self.events.append(line.removeprefix("data: "))

        threading.Thread(target=read, daemon=True).start()

    def until(self, condition: object, what: str, seconds: float = 300) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if callable(condition) and condition():
                return
            time.sleep(0.3)
        pytest.fail(f"{what} did not happen; the serve output:\n" + "\n".join(self.messages))


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    kb = scaffold(tmp_path / "kb", name="Preview network")
    preview = Served(kb)
    preview.thread.start()
    assert preview.started.wait(300), "\n".join(preview.messages)
    yield preview
    preview.stop.set()
    preview.thread.join(60)


def test_an_edit_reaches_the_served_page_and_the_open_pages_are_told_to_reload(served: Served) -> None:
    page = served.get(PAGE)
    assert RELOAD_SCRIPT in page and "Harbourtown" in page
    assert RELOAD_SCRIPT not in (served.kb / "_build" / "html" / PAGE).read_text(encoding="utf-8")  # never published
    served.listen()
    served.until(lambda: served.events == ["1"], "the first event")
    edit(served.kb / PRACTICE, "## How it works", "## How it works\n\nA sentence written while the preview runs.")
    served.until(lambda: "written while the preview runs" in served.get(PAGE), "the edit reaching the page")
    served.until(lambda: served.events[-1:] == ["2"], "the reload event")


def test_a_broken_edit_shows_its_error_and_keeps_the_last_good_site(served: Served) -> None:
    good = served.get(PAGE)
    edit(served.kb / "data/network.yml", "cities:", "cities: [")
    served.until(lambda: 'role="alert"' in served.get(PAGE), "the error banner")
    page = served.get(PAGE)
    assert "data/network.yml:" in page and "YAML syntax error" in page
    assert page.replace(page[page.index('<div role="alert"') : page.index("</div>", page.index('<div role="alert"')) + 6], "") == good
    assert any(message.startswith("data/network.yml:") for message in served.messages)
    edit(served.kb / "data/network.yml", "cities: [", "cities:")
    served.until(lambda: 'role="alert"' not in served.get(PAGE), "the banner going away")


def test_a_build_by_hand_while_serving_waits_its_turn(served: Served) -> None:
    edit(served.kb / PRACTICE, "## How it works", "## How it works\n\nAnother sentence.")
    result = run_cli("build", str(served.kb))  # races the preview's own rebuild: one waits for the other
    assert result.exit_code == 0, result.output
    served.until(lambda: "Another sentence." in served.get(PAGE), "the edit reaching the page")
