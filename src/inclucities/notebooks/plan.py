"""Which notebooks run with which parameters, what each one reads, and where its result goes.

The inputs declared here are what a run's cache key covers, and what its provenance note lists: a template
that starts reading another file must declare it here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inclucities import addresses, layout
from inclucities.errors import BuildFailed
from inclucities.kb.model import KnowledgeBase


@dataclass(frozen=True)
class Template:
    name: str
    parameter: str | None  # the notebook parameter that varies between runs
    items: Callable[[KnowledgeBase], list[str]]
    title: Callable[[KnowledgeBase, str | None], str]
    reads: Callable[[KnowledgeBase, str | None], list[str]]  # glob patterns relative to the knowledge base
    page: Callable[[str], str]  # where the run of an item is published (addresses.py), relative to the book's source


@dataclass(frozen=True)
class Run:
    template: str
    parameters: dict[str, Any] = field(hash=False)
    output: str  # the page it is published as, relative to the book's source (addresses.py)
    title: str
    inputs: tuple[Path, ...]

    @property
    def label(self) -> str:
        values = ", ".join(f"{key}={value!r}" for key, value in self.parameters.items())
        return f"{self.template}({values})"


COMMON = [layout.NETWORK_FILE, layout.FRAMEWORK_FILE]
STATISTICS = [layout.INDICATOR_FILES, layout.DISTRIBUTION_FILES]
PRACTICES = [layout.PRACTICE_FILES]


def _pair_reads(kb: KnowledgeBase, pair_id: str | None) -> list[str]:
    pair = kb.pairs[str(pair_id)]
    return [
        *COMMON,
        layout.assessment_file(pair.mentor),
        layout.assessment_file(pair.learner),
        layout.action_plan_file(pair.learner),
        *PRACTICES,
        *STATISTICS,
    ]


def _city_reads(kb: KnowledgeBase, city_id: str | None) -> list[str]:
    city = kb.cities[str(city_id)]
    reads = [*COMMON, layout.assessment_file(city.id), layout.action_plan_file(city.id), *PRACTICES, *STATISTICS]
    if city.role == "learner":  # suggested mentors compare the learner with every mentor
        reads += [layout.assessment_file(c.id) for c in kb.network.cities if c.role == "mentor"]
    return reads


def _pair_title(kb: KnowledgeBase, pair_id: str | None) -> str:
    pair = kb.pairs[str(pair_id)]
    return f"{kb.city_name(pair.mentor)} → {kb.city_name(pair.learner)}: benchmark analysis"


TEMPLATES: dict[str, Template] = {
    template.name: template
    for template in (
        Template(
            "network_overview",
            None,
            lambda kb: [""],
            lambda kb, _: "Needs assessment and matching",
            lambda kb, _: [*COMMON, layout.ASSESSMENT_FILES],
            lambda _: addresses.NETWORK_OVERVIEW_PAGE,
        ),
        Template("pair_benchmark", "pair_id", lambda kb: list(kb.pairs), _pair_title, _pair_reads, addresses.pair_page),
        Template(
            "city_profile",
            "city_id",
            lambda kb: list(kb.cities),
            lambda kb, c: f"{kb.city_name(str(c))}: city profile",
            _city_reads,
            addresses.city_page,
        ),
    )
}


def site_root_from(template: str) -> str:
    """The relative path from a run's page back to the root of the site (every run of a template is as deep)."""
    return addresses.site_root_from(output_path(template, "item"))


def template_path(kb_root: Path, name: str) -> Path:
    """The knowledge base's own copy of a template when it has one, else the one shipped with the package."""
    own = kb_root / layout.notebook_template_file(name)
    if own.is_file():
        return own
    if not layout.NOTEBOOK_TEMPLATES.is_dir():
        raise BuildFailed(
            f"the kit's notebook templates are missing: {layout.NOTEBOOK_TEMPLATES} is not a folder. It is a symbolic link "
            "to the repository's notebooks/ folder; a checkout made without symbolic links (git's core.symlinks false, "
            "as on Windows without Developer Mode) holds a text file there. Clone the repository again with symbolic "
            "links enabled, or install the kit from a wheel or PyPI."
        )
    return layout.NOTEBOOK_TEMPLATES / f"{name}.ipynb"


def inputs_for(kb: KnowledgeBase, template: str, parameters: dict[str, Any]) -> list[Path]:
    spec = TEMPLATES[template]
    item = parameters.get(spec.parameter) if spec.parameter else None
    found: set[Path] = set()
    for pattern in spec.reads(kb, item):
        found.update(path for path in kb.root.resolve().glob(pattern) if path.is_file() and path.name != "README.md")
    return sorted(found)


def output_path(template: str, item: str = "") -> str:
    """Where a run's executed notebook (a page of the book) is written, relative to the book's source."""
    return TEMPLATES[template].page(item)


def plan_runs(kb: KnowledgeBase) -> list[Run]:
    runs = []
    for spec in TEMPLATES.values():
        for item in spec.items(kb):
            parameters = {spec.parameter: item} if spec.parameter else {}
            runs.append(
                Run(
                    spec.name,
                    parameters,
                    output_path(spec.name, item),
                    spec.title(kb, item or None),
                    tuple(inputs_for(kb, spec.name, parameters)),
                )
            )
    return runs
