"""Where things live in the generated book, so that every generator links to the same place.

Links use MyST targets (`[text](#target)`), which resolve across the whole book.
"""

from __future__ import annotations

from inclucities import layout

# Files under _generated/site-files/ are copied as they are to the root of the site (Sphinx html_extra_path):
# downloads keep stable, readable addresses such as downloads/toolkits/language-learning.zip.


def download(path: str) -> str:
    """Where a downloadable file is written, relative to `_generated/`; `path` is its address in the site."""
    return f"{layout.SITE_FILES}/{path}"


def figure_file(name: str) -> str:
    return f"{layout.FIGURES}/{name}.svg"


def practice_page(practice_id: str) -> str:
    return f"practices/{practice_id}.md"


def theme_page(theme_id: str) -> str:
    return f"themes/{theme_id}.md"


def practice_anchor(practice_id: str) -> str:
    return f"practice-{practice_id}"


def theme_anchor(theme_id: str) -> str:
    return f"theme-{theme_id}"


def benchmark_anchor(benchmark_id: str) -> str:
    return f"benchmark-{benchmark_id}"


def city_anchor(city_id: str) -> str:
    return f"city-{city_id}"


def key_factor_anchor(key_factor_id: str) -> str:
    return f"kf-{key_factor_id}"


def pair_anchor(pair_id: str) -> str:
    return f"pair-{pair_id}"


def action_plan_page(city_id: str) -> str:
    return f"action-plans/{city_id}.md"


def action_plan_anchor(city_id: str) -> str:
    return f"action-plan-{city_id}"


# The toolkits' overview is a page beside the folder of toolkit pages, so that the folder's glob in _toc.yml
# matches the toolkits only.
TOOLKITS_INDEX = "toolkits.md"


def toolkit_page(toolkit_id: str) -> str:
    return f"toolkits/{toolkit_id}.md"


def toolkit_anchor(toolkit_id: str) -> str:
    return f"toolkit-{toolkit_id}"


def toolkit_download(toolkit_id: str, name: str) -> str:
    """The site address of one of a toolkit's downloadable files (pass it to `download()` to write the file)."""
    return f"downloads/toolkits/{toolkit_id}/{name}"


def one_stop_shop_page(city_id: str) -> str:
    return f"one-stop-shops/{city_id}.md"


def one_stop_shop_anchor(city_id: str) -> str:
    return f"one-stop-shop-{city_id}"


def services_download(city_id: str, extension: str) -> str:
    """The address in the site of a city's directory as open data (`json` or `csv`)."""
    return f"downloads/services/{city_id}.{extension}"
