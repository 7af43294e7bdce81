"""Where things live in the generated book: its pages, the labels they define, its figures and downloads.

One map for the page generators (site/), which write there, for the notebooks' runs (notebooks/plan.py), and for
`check` (kb/bodies.py), which resolves an author's references against it without building. Page names are relative
to the book's source folder (`_build/source`, beside its copy of `book/`) and so to the root of the site: the page
`practices/x.md` is published as `practices/x.html`. Links use MyST targets (`[text](#target)`), which resolve
across the whole book.
"""

from __future__ import annotations

from typing import Literal

from inclucities import layout

# --- pages ------------------------------------------------------------------------------------------------------------

NETWORK_PAGE = "network.md"
FRAMEWORK_PAGE = "framework.md"
CATALOGUE_PAGE = "catalogue.md"
ACTION_PLANS_PAGE = "action-plans.md"
# The toolkits' overview is a page beside the folder of toolkit pages, so that the folder's glob in _toc.yml
# matches the toolkits only.
TOOLKITS_INDEX = "toolkits.md"
INFOGRAPHICS_PAGE = "infographics.md"
# The indexes of the pair analyses and city profiles, beside their folders (as the toolkits' overview).
PAIRS_PAGE = "pairs.md"
CITIES_PAGE = "cities.md"
ONE_STOP_SHOPS_PAGE = "one-stop-shops.md"
CONTRACT_PAGE = "contract.md"
# Parts of pages that a chapter includes (`{include}`): the pairs diagram with its data table, for a home page.
INCLUDES = "includes"
NETWORK_GLANCE = f"{INCLUDES}/network-pairs.md"

PRACTICE_PAGES = "practices"  # folders of pages (a practice's folder has the knowledge base's folder's name)
THEME_PAGES = "themes"
ACTION_PLAN_PAGES = "action-plans"
TOOLKIT_PAGES = "toolkits"
ONE_STOP_SHOP_PAGES = "one-stop-shops"
# The executed notebooks (notebooks/plan.py): one analysis per pair, one profile per city, one overview.
PAIR_PAGES = "pairs"
CITY_PAGES = "cities"
NETWORK_OVERVIEW_PAGE = "network-overview.ipynb"


def practice_page(practice_id: str) -> str:
    return f"{PRACTICE_PAGES}/{practice_id}.md"


def theme_page(theme_id: str) -> str:
    return f"{THEME_PAGES}/{theme_id}.md"


def action_plan_page(city_id: str) -> str:
    return f"{ACTION_PLAN_PAGES}/{city_id}.md"


def toolkit_page(toolkit_id: str) -> str:
    return f"{TOOLKIT_PAGES}/{toolkit_id}.md"


def one_stop_shop_page(city_id: str) -> str:
    return f"{ONE_STOP_SHOP_PAGES}/{city_id}.md"


def pair_page(pair_id: str) -> str:
    return f"{PAIR_PAGES}/{pair_id}.ipynb"


def city_page(city_id: str) -> str:
    return f"{CITY_PAGES}/{city_id}.ipynb"


def html_address(page: str) -> str:
    """A page's address in the site, relative to its root: `practices/x.md` → `practices/x.html`."""
    return page.rsplit(".", 1)[0] + ".html" if page.endswith((".md", ".ipynb")) else page


def site_root_from(page: str) -> str:
    """The relative path from a page (`pairs/pair-1.ipynb`) back to the root of the site (`../`)."""
    return "../" * page.count("/")


# --- pages of knowledge bases written before the generated pages left `_generated/` ----------------------------------

LEGACY_PREFIX = f"{layout.LEGACY_GENERATED}/"
# Their executed notebooks were under `_generated/analyses/<template>/`, their indexes had other names.
_LEGACY_ANALYSES = (
    ("analyses/pair_benchmark/", f"{PAIR_PAGES}/"),
    ("analyses/city_profile/", f"{CITY_PAGES}/"),
    ("analyses/network_overview", NETWORK_OVERVIEW_PAGE.removesuffix(".ipynb")),
    ("pair-analyses", PAIRS_PAGE.removesuffix(".md")),
    ("city-profiles", CITIES_PAGE.removesuffix(".md")),
)


def current(entry: str) -> str:
    """A `_toc.yml` entry as the build reads it: one written for earlier builds (`_generated/network`,
    `_generated/analyses/pair_benchmark/*`) names the page where it is now (`network`, `pairs/*`)."""
    return from_legacy(entry) or entry


def from_legacy(path: str) -> str | None:
    """The current name of a generated page or file an earlier build wrote at `path` (from the book's root:
    `_generated/analyses/pair_benchmark/pair-1.ipynb` → `pairs/pair-1.ipynb`); None when `path` is not such a name."""
    if not path.startswith(LEGACY_PREFIX):
        return None
    path = path.removeprefix(LEGACY_PREFIX)
    for old, new in _LEGACY_ANALYSES:
        if path.startswith(old):
            return new + path.removeprefix(old)
    return path


# --- labels -----------------------------------------------------------------------------------------------------------

NETWORK_LABEL = "network"
FRAMEWORK_LABEL = "framework"
CATALOGUE_LABEL = "catalogue"
ACTION_PLANS_LABEL = "action-plans"
TOOLKITS_LABEL = "toolkits"
INFOGRAPHICS_LABEL = "infographics"
PAIRS_LABEL = "pair-analyses"
CITIES_LABEL = "city-profiles"
ONE_STOP_SHOPS_LABEL = "one-stop-shops"


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


def action_plan_anchor(city_id: str) -> str:
    return f"action-plan-{city_id}"


def toolkit_anchor(toolkit_id: str) -> str:
    return f"toolkit-{toolkit_id}"


def one_stop_shop_anchor(city_id: str) -> str:
    return f"one-stop-shop-{city_id}"


def service_category_anchor(city_id: str, category: str) -> str:
    return f"{one_stop_shop_anchor(city_id)}-{category}"


def poster_anchor(pair_id: str) -> str:
    return f"poster-{pair_id}"


# --- figures and downloads --------------------------------------------------------------------------------------------
# Files under site-files/ are copied as they are to the root of the site (Sphinx html_extra_path):
# downloads keep stable, readable addresses such as downloads/toolkits/language-learning/practices.csv.

PICTOGRAMS = "pictograms"  # Sphinx copies the images it finds referenced
DOWNLOADS = "downloads"
POSTER_FORMATS: tuple[Literal["svg", "png", "pdf"], ...] = ("svg", "png", "pdf")
CATALOGUE_JSON = f"{DOWNLOADS}/catalogue/practices.json"
CATALOGUE_CSV = f"{DOWNLOADS}/catalogue/practices.csv"
SERVICES_SCHEMA = "services.schema.json"
SERVICES_SCHEMA_DOWNLOAD = f"{DOWNLOADS}/services/{SERVICES_SCHEMA}"
OPEN_DATA_FORMATS = ("json", "csv")
# A toolkit's downloadable files, as the IncluCities toolkits published them.
QUESTIONNAIRE_CSV = "self-assessment-questionnaire.csv"
SCALE_CSV = "self-assessment-scale.csv"
QUESTIONNAIRE_XLSX = "self-assessment-questionnaire.xlsx"
ACTION_PLAN_CSV = "action-plan-template.csv"
ACTION_PLAN_XLSX = "action-plan-template.xlsx"
PRACTICES_CSV = "practices.csv"
TOOLKIT_FILES = (QUESTIONNAIRE_XLSX, QUESTIONNAIRE_CSV, SCALE_CSV, ACTION_PLAN_XLSX, ACTION_PLAN_CSV, PRACTICES_CSV)


def download(path: str) -> str:
    """Where a downloadable file is written, relative to the book's source; `path` is its address in the site."""
    return f"{layout.SITE_FILES}/{path}"


def figure_file(name: str) -> str:
    return f"{layout.FIGURES}/{name}.svg"


# A chart drawn in two layouts (for the content column and for phones) is two files; the page shows the one that fits.
NARROW_SUFFIX = ".narrow.svg"


def narrow_file(path: str) -> str:
    """Where the narrow layout of the chart written to `path` (an `.svg` file) goes."""
    return path.removesuffix(".svg") + NARROW_SUFFIX


def pictogram(category: str) -> str:
    return f"{PICTOGRAMS}/{category}.svg"


def poster_download(name: str, fmt: str) -> str:
    """A poster's address in the site (`name` is `network` or a pair's id)."""
    return f"{DOWNLOADS}/posters/{name}.{fmt}"


def toolkit_download(toolkit_id: str, name: str) -> str:
    """The site address of one of a toolkit's downloadable files (pass it to `download()` to write the file)."""
    return f"{DOWNLOADS}/{TOOLKIT_PAGES}/{toolkit_id}/{name}"


def toolkit_bundle(toolkit_id: str) -> str:
    """The name of the zip holding all of a toolkit's files."""
    return f"{toolkit_id}-toolkit.zip"


def services_download(city_id: str, extension: str) -> str:
    """The address in the site of a city's directory as open data (`json` or `csv`)."""
    return f"{DOWNLOADS}/services/{city_id}.{extension}"
