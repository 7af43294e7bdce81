"""`inclucities new-practice ID`: a practice file with every field of the contract, for an author to fill in.

Required fields the options do not give are left empty, so that `check` names each one still to fill at its own
line ("must not be empty", "needs at least 1 item(s)", …) and passes once they are filled; optional fields are
present as comments saying what they take. The body has the headings of the European Website on Integration's
practice template.
"""

from __future__ import annotations

import typing
from pathlib import Path

from inclucities import layout
from inclucities.errors import KnowledgeBaseInvalid, Refused, UsageError
from inclucities.kb.atomic import write_file
from inclucities.kb.loader import assemble
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.reading import read_all
from inclucities.kb.references import allowed_ids, grouped, key_factors_by_theme, with_hint
from inclucities.kb.schema.common import SLUG, SLUG_RULE
from inclucities.kb.schema.practice import Status, TargetGroup

# The body's sections, as the European Website on Integration's practice template has them, each with what it holds.
SECTIONS = (
    ("How it works", "What the practice does, for whom, who runs it with whom, and how people take part."),
    ("Results", "What it achieved: figures, evaluations, what participants and staff say. Cite the sources."),
    ("Transferability", "What another city needs to adapt it: the conditions, the costs, what can be left out."),
    ("Lessons learned", "What worked, what did not, and what its organisers would do differently."),
)


def _choices(kind: typing.Any) -> str:
    return ", ".join(typing.get_args(kind))


def practice_template(kb: KnowledgeBase, practice_id: str, city: str | None, theme: str | None) -> str:
    """The text of `practices/<practice_id>.md` for the knowledge base `kb` (`city` and `theme` already checked).

    Every field of `Practice` appears, filled, left empty or commented out: tests/test_authoring.py checks the
    template against the model, so that a field added to the contract is added here too."""
    themes = [theme] if theme else []
    groups = key_factors_by_theme(kb.framework, themes or None)
    key_factors = grouped(groups) if groups else "none: no benchmark belongs to this theme yet"
    cities = allowed_ids(sorted(kb.cities))
    place = (
        [f"city: {city}  # the network city that runs it"]
        if city
        else [
            f'city: ""  # required: the network city that runs it ({cities}); for a city outside the network,',
            "          # delete this line and fill in city_name and country below",
        ]
    )
    lines = [
        "---",
        f"id: {practice_id}",
        'title: ""  # required: the practice\'s name, as it is known (plain text)',
        'summary: ""  # required: one or two sentences on what it does and for whom (plain text)',
        *place,
        "# city_name: Ghent  # instead of city, for a city outside the network: its name",
        "# country: BE  # with city_name: the ISO 3166 alpha-2 code of its country",
        f"themes: [{', '.join(themes)}]  # required: one or more of {allowed_ids(sorted(kb.themes))}",
        "key_factors: []  # the key factors it addresses (may stay empty), of its themes' benchmarks:",
        f"                 # {key_factors}",
        "target_groups: []  # required: whom it is for, one or more of:",
        f"                   # {_choices(TargetGroup)}",
        f"status:  # required: {_choices(Status)}",
        "start:  # required: when it started, YYYY, YYYY-MM or YYYY-MM-DD",
        "# end: 2023-06  # when it ended, if it has",
        "# mentor_practice: true  # a practice a mentor city shared with its learner city",
        f"# transferred_to: []  # the network cities that adapted it: {cities}",
        "# lead_organisation: ...  # who runs it",
        "# partners: []  # the organisations it works with",
        "# funding: ...  # who pays for it",
        "# languages: []  # the languages it works in, ISO 639-1 codes such as fr, nl, ar",
        "sources:  # where its facts come from: at least one with a url (for an illustrative practice: may be deleted)",
        '  - title: ""  # required: the source\'s title',
        '    url: ""  # its http(s) address',
        "    # accessed: 2025-01-15  # the date the source was read",
        "# illustrative: true  # only for a practice invented for a demonstration (the guide then says so)",
        "---",
    ]
    # MyST comments (`%` lines) guide the author and never reach the guide; an HTML comment would be shown as text
    body = [f"## {heading}\n\n% {hint}" for heading, hint in SECTIONS]
    return "\n".join(lines) + "\n\n" + "\n\n".join(body) + "\n"


def write_new_practice(kb_root: Path, practice_id: str, city: str | None, theme: str | None) -> Path:
    """Write `practices/<practice_id>.md` into the knowledge base at `kb_root`; refuse to replace a file.

    The network and the framework must be valid (they give the cities and themes allowed); other files of the
    knowledge base may have problems, such as a practice made by this command and not filled in yet."""
    if not SLUG.fullmatch(practice_id):
        raise UsageError("ID", f"{practice_id!r} is not a valid id (allowed: {SLUG_RULE}, e.g. ghent-buddy-scheme)")
    kb = _network_and_framework(Path(kb_root))
    if city is not None and city not in kb.cities:
        raise UsageError(
            "--city", f"{city!r} is not a city of the network {with_hint(city, kb.cities, allowed_ids(sorted(kb.cities)))}"
        )
    if theme is not None and theme not in kb.themes:
        raise UsageError(
            "--theme", f"{theme!r} is not a theme of the framework {with_hint(theme, kb.themes, allowed_ids(sorted(kb.themes)))}"
        )
    path = Path(kb_root) / layout.practice_file(practice_id)
    if path.exists() or path.is_symlink():
        raise Refused(str(path), "already exists; nothing was written (allowed: a new practice id)")
    write_file(path, practice_template(kb, practice_id, city, theme))
    return path


def _network_and_framework(root: Path) -> KnowledgeBase:
    if not root.is_dir():
        raise UsageError("--kb", f"{str(root)!r} is not a folder (allowed: the folder of a knowledge base)")
    loaded = read_all(root)
    needed = (layout.NETWORK_FILE, layout.FRAMEWORK_FILE)
    if loaded.one("network") is None or loaded.one("framework") is None:
        raise KnowledgeBaseInvalid([problem for problem in loaded.problems if problem.path in needed] or loaded.problems)
    return assemble(loaded)
