"""The browser and the served bundled guide, shared by every browser test module of the session.

A pytest plugin (tests/conftest.py names it) rather than fixtures imported into each module: an imported
session fixture is a second fixture, and a second Playwright started while the first runs fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browser_support import CHROMIUM, launch, serve


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium package", pytrace=False)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def bundled_site(built_bundled: Path) -> Iterator[str]:
    """The address of the bundled guide, served on 127.0.0.1 for the whole session."""
    with serve(built_bundled / "_build" / "html") as base:
        yield base
