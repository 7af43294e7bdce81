"""The guide as a publication, in Debian's chromium: every page type on a desktop and on a phone.

At 1,280×800 and 390×844, each page: does not scroll sideways; shows no chart text smaller than 11 CSS px and no
chart text drawn over other text; logs no console error and has no failed request, its icon included; and
axe-core (WCAG 2.1 A/AA) finds no serious or critical violation. A screenshot of every page at both widths is
saved in tests/screenshots/ (ignored by git) for a person to look at. Run with
`.venv/bin/python -m pytest -q tests/test_publication.py` (it builds the bundled guide once, as test_browser does).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser_support import (
    chart_text_sizes,
    favicon_problems,
    load,
    overlapping_chart_text,
    run_axe,
    sideways_overflow,
    watched_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.build]

# One page of each type of the bundled guide: (name, path in the site). Update the paths here when addresses change.
PAGES = [
    ("home", "book/index.html"),
    ("chapter", "book/method.html"),
    ("network", "network.html"),
    ("framework", "framework.html"),
    ("theme", "themes/language-learning.html"),
    ("catalogue", "catalogue.html"),
    ("practice", "practices/bapa-bxl.html"),
    ("pair analysis", "pairs/pair-1.html"),
    ("city profile", "cities/mechelen.html"),
    ("network overview", "network-overview.html"),
    ("toolkit", "toolkits/language-learning.html"),
    ("action plan", "action-plans/jelgava.html"),
    ("one-stop shop", "one-stop-shops/mechelen.html"),
    ("infographics", "infographics.html"),
    ("data contract", "contract.html"),
]
# The pages that show charts: a page of this list without chart text means the charts went missing.
WITH_CHARTS = {"network", "pair analysis", "city profile", "network overview", "action plan"}
SCREENS = {"desktop": (1280, 800), "phone": (390, 844)}
SMALLEST_TEXT = 11.0  # CSS px
SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_page_reads_well_on_the_screen(browser: Browser, bundled_site: str, name: str, path: str, screen: str) -> None:
    width, height = SCREENS[screen]
    with watched_page(browser, bundled_site) as (page, visit):
        page.set_viewport_size({"width": width, "height": height})
        load(page, visit, bundled_site + path)
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name.replace(' ', '-')}-{screen}.png"), full_page=True)

        scroll_width, window_width = sideways_overflow(page)
        assert scroll_width <= window_width, f"{path} scrolls sideways at {width} px: {scroll_width} px wide"

        texts = chart_text_sizes(page)
        if name in WITH_CHARTS:
            assert texts, f"{path}: no chart text found"
        small = sorted({(t.size, t.text) for t in texts if t.size < SMALLEST_TEXT})
        assert not small, f"{path} at {width} px: chart text under {SMALLEST_TEXT} px: {small[:10]}"
        assert not overlapping_chart_text(page), (path, width, overlapping_chart_text(page)[:10])

        problems = visit.problems() + favicon_problems(page)
        assert not problems, (path, problems)
        figures = run_axe(page, f"{name} ({screen}): {path}")
        assert not figures.serious(), (path, figures.serious())
