"""Where everything lives: a knowledge base's folders and files, a city's folder, the build's folders, the kit's own files.

Every other module derives its paths from here, so that a folder is named once. Patterns are relative to the
knowledge base's root and use `/` (they are matched with `Path.glob`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# --- a knowledge base -------------------------------------------------------------------------------------------

CONFIG_FILE = "_config.yml"
TOC_FILE = "_toc.yml"
BOOK_FILES = (CONFIG_FILE, TOC_FILE)  # Jupyter Book's configuration, at the top of every knowledge base

BOOK = "book"  # hand-written chapters
DATA = "data"
PRACTICES = "practices"
TOOLKITS = "toolkits"
NOTEBOOKS = "notebooks"  # a knowledge base's own notebook templates, overriding the kit's
SOURCE_FOLDERS = (DATA, PRACTICES, TOOLKITS, NOTEBOOKS, BOOK)  # the author's sources: a build never writes here

NETWORK_FILE = f"{DATA}/network.yml"
FRAMEWORK_FILE = f"{DATA}/framework.yml"
ASSESSMENTS = f"{DATA}/assessments"
ACTION_PLANS = f"{DATA}/action_plans"
SERVICES = f"{DATA}/services"
INDICATORS = f"{DATA}/indicators"
DISTRIBUTIONS = f"{INDICATORS}/distributions"

PRACTICE_FILES = f"{PRACTICES}/*.md"
ASSESSMENT_FILES = f"{ASSESSMENTS}/*.yml"
ACTION_PLAN_FILES = f"{ACTION_PLANS}/*.yml"
TOOLKIT_FILES = f"{TOOLKITS}/*.yml"
SERVICE_FILES = f"{SERVICES}/*.csv"
INDICATOR_FILES = f"{INDICATORS}/*.csv"
DISTRIBUTION_FILES = f"{DISTRIBUTIONS}/*.csv"
EUROSTAT_VALUES_FILE = f"{INDICATORS}/eurostat.csv"  # written by `inclucities import-eurostat`
EUROSTAT_DISTRIBUTIONS_FILE = f"{DISTRIBUTIONS}/eurostat.csv"

# Files in the record folders that are not records.
IGNORED_NAMES = frozenset({"README.md", "readme.md", ".gitkeep"})
# Every file that can change what a build produces (hidden files excepted: see `is_hidden`).
INPUT_PATTERNS = (CONFIG_FILE, TOC_FILE, *(f"{folder}/**/*" for folder in (BOOK, DATA, PRACTICES, TOOLKITS, NOTEBOOKS)))
# Folders `inclucities new` creates empty, for the author to fill.
EMPTY_FOLDERS = (INDICATORS, TOOLKITS, NOTEBOOKS)


def practice_file(practice_id: str) -> str:
    return f"{PRACTICES}/{practice_id}.md"


def assessment_file(city_id: str) -> str:
    return f"{ASSESSMENTS}/{city_id}.yml"


def action_plan_file(city_id: str) -> str:
    return f"{ACTION_PLANS}/{city_id}.yml"


def toolkit_file(toolkit_id: str) -> str:
    return f"{TOOLKITS}/{toolkit_id}.yml"


def services_file(city_id: str) -> str:
    return f"{SERVICES}/{city_id}.csv"


def folder(path: str) -> str:
    """A folder as provenance notes name it: `practices/`."""
    return f"{path}/"


def notebook_template_file(name: str) -> str:
    """A knowledge base's own copy of a notebook template."""
    return f"{NOTEBOOKS}/{name}.ipynb"


def is_hidden(relative_path: Path) -> bool:
    """A dot file or a file in a dot folder (editors' and tools' files): never an input."""
    return any(part.startswith(".") for part in relative_path.parts)


def relative(path: Path, root: Path) -> str:
    """The path as the user should read it: relative to `root` when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
    except (OSError, RuntimeError):  # a link that cannot be resolved (a loop): the path as it was found
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


# --- the build --------------------------------------------------------------------------------------------------

BUILD = "_build"
SOURCE = "source"  # inside the build folder: what Sphinx reads, a copy of the chapters and the generated pages
# Inside SOURCE, beside the copy of BOOK, the generated pages sit at the root, so that their published addresses read
# like the guide (`practices/x.html`, `pairs/pair-2.html`): addresses.py names them. Other generated files:
SITE_FILES = "site-files"  # copied as they are to the root of the site (Sphinx html_extra_path)
FIGURES = "figures"  # charts the pages show
# Earlier builds wrote the generated pages into `<KB>/_generated/` and `_toc.yml` named them there. Such a
# folder is no source (it is skipped), and a table of contents that still names pages under it is read without the
# prefix (addresses.current).
LEGACY_GENERATED = "_generated"


BUILD_DIR_VARIABLE = "INCLUCITIES_BUILD_DIR"  # the environment's choice of `--out`, e.g. in CI
# The figure cache a notebook kernel renders into: the build passes its own to the kernels it starts.
FIGURE_CACHE_VARIABLE = "INCLUCITIES_FIGURE_CACHE"


@dataclass(frozen=True)
class BuildFolders:
    """The folders a build of the knowledge base at `root` writes, all outside its sources.

    By default everything is under `root/_build`; with `out` (`--out DIR`), under `out`, and the knowledge base is
    only read (it may be read-only). Either way Sphinx reads `source`, a copy of the chapters beside the generated
    pages: a build never writes into the knowledge base's own folders."""

    root: Path
    out: Path | None = None

    @property
    def build(self) -> Path:
        return self.out if self.out is not None else self.root / BUILD

    @property
    def source(self) -> Path:
        """What Sphinx reads: `book/` copied from the knowledge base and the generated pages at the root."""
        return self.build / SOURCE

    @property
    def lock(self) -> Path:
        """Held for the whole build: one build at a time writes these folders."""
        return self.build / ".lock"

    @property
    def lock_owner(self) -> Path:
        return self.build / ".lock.owner"

    @property
    def site(self) -> Path:
        """The published site: replaced as a whole by a successful build only."""
        return self.build / "html"

    @property
    def work(self) -> Path:
        """Sphinx's incremental work folder, its configuration and the build stamp."""
        return self.build / ".work"

    @property
    def sphinx_output(self) -> Path:
        return self.work / BUILD / "html"

    @property
    def stamp(self) -> Path:
        return self.work / "inputs.sha256"

    @property
    def documents(self) -> Path:
        """The list of page sources of the last compile (a change means every page is written again)."""
        return self.work / "documents.txt"

    @property
    def cache(self) -> Path:
        return self.build / ".cache"

    @property
    def notebook_cache(self) -> Path:
        return self.cache / "notebooks"

    @property
    def figure_cache(self) -> Path:
        return self.cache / "figures"

    @property
    def kernel_log(self) -> Path:
        return self.cache / "kernels.log"

    @property
    def site_files(self) -> Path:
        return self.source / SITE_FILES


def is_chapter(page: str) -> bool:
    """Whether a file of the book's source (relative to it) is an author's chapter; any other file is generated."""
    return page.startswith(f"{BOOK}/")


PAGE_SUFFIXES = (".md", ".ipynb")  # page sources of the book (generated downloads are not pages)

# --- a city's own folder (`inclucities new-city`, `inclucities analyse`) ---------------------------------------

CITY_FILE = "city.yml"
ASSESSMENT_STEM = "self-assessment"
ASSESSMENT_FORMATS = ("csv", "xlsx")
CITY_SERVICES_FILE = "services.csv"
EUROSTAT_FOLDER = "eurostat"
HOW_TO_FILE = "HOW-TO-FILL.md"
SCALE_FILE = "self-assessment-scale.csv"
REPORT_FOLDER = "report"  # the default output folder of `analyse`, inside the city's folder
# What `analyse` writes, and nothing else:
CITY_NOTEBOOK_FILE = "city-profile.ipynb"
CITY_REPORT_FILE = "city-profile.html"
CITY_MENTORS_FILE = "suggested-mentors.csv"
CITY_PRACTICES_FILE = "suggested-practices.csv"
CITY_DRAFT_FILE = "action-plan-draft.yml"
CITY_OUTPUT_FILES = (CITY_NOTEBOOK_FILE, CITY_REPORT_FILE, CITY_MENTORS_FILE, CITY_PRACTICES_FILE, CITY_DRAFT_FILE)

# --- the kit's own files ------------------------------------------------------------------------------------------

KIT = Path(__file__).resolve().parent
KIT_STATIC = KIT / "static"  # style sheet, scripts and pictograms every guide carries
NEW_KB_TEMPLATE = KIT / "templates" / "new_kb"  # what `inclucities new` copies
NOTEBOOK_TEMPLATES = KIT / "templates" / "notebooks"
EUROPE_MAP = KIT / "figures" / "maps" / "europe.geojson"
