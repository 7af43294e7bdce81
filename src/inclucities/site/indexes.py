"""Index pages of the analyses: one for the pair analyses, one for the city profiles.

Each is the parent of its analyses in the table of contents, so that the sidebar of any other page lists one
entry for them instead of one per pair or city (a network of hundreds of cities would otherwise put hundreds
of links on every page, and Sphinx would spend most of a build drawing them).
"""

from __future__ import annotations

from inclucities import addresses, layout
from inclucities.kb.model import KnowledgeBase
from inclucities.markup import markdown as md
from inclucities.notebooks.plan import output_path

PAIRS_PAGE = addresses.PAIRS_PAGE
CITIES_PAGE = addresses.CITIES_PAGE


def pairs_page(kb: KnowledgeBase) -> str:
    rows = []
    for pair in kb.network.pairs:
        plan = md.link("action plan", f"#{addresses.action_plan_anchor(pair.learner)}") if pair.learner in kb.action_plans else "—"
        rows.append(
            (
                md.link(f"{kb.city_name(pair.mentor)} → {kb.city_name(pair.learner)}", output_path("pair_benchmark", pair.id)),
                md.link(kb.themes[pair.theme].title, f"#{addresses.theme_anchor(pair.theme)}"),
                md.link("poster", f"#poster-{pair.id}"),
                plan,
            )
        )
    parts = [
        md.label("pair-analyses"),
        "# Pair analyses",
        f"One benchmark analysis for each of the {len(rows)} mentor → learner pairs: the key-factor gaps between "
        "the two cities, the learner's progress over the study visits, the practices transferred and the action "
        "plan. Each pair also has a one-page poster among the [infographics](infographics.md).",
        md.table(["Pair (analysis)", "Theme", "Poster", "Action plan"], rows),
        md.provenance([layout.NETWORK_FILE]),
    ]
    return "\n\n".join(parts) + "\n"


def cities_page(kb: KnowledgeBase) -> str:
    rows = [
        (
            md.link(city.name, output_path("city_profile", city.id)),
            md.text(city.country),
            md.text(city.role),
            md.text(", ".join(map(kb.city_name, kb.partners.get(city.id, []))) or "—"),
            md.link("in the network", f"#{addresses.city_anchor(city.id)}"),
        )
        for city in kb.network.cities
    ]
    parts = [
        md.label("city-profiles"),
        "# City profiles",
        f"One profile for each of the {len(rows)} cities: its statistics among European cities, its latest "
        "self-assessment, the practices that answer its largest gaps and, for learners, the mentors that suit it best.",
        md.table(["City (profile)", "Country", "Role", "Paired with", "Record"], rows),
        md.provenance([layout.NETWORK_FILE]),
    ]
    return "\n\n".join(parts) + "\n"


def pages(kb: KnowledgeBase) -> dict[str, str | bytes]:
    return {PAIRS_PAGE: pairs_page(kb), CITIES_PAGE: cities_page(kb)}
