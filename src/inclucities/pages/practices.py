"""One page per good practice, and the catalogue that lists them all."""

from __future__ import annotations

from inclucities.knowledge_base import KnowledgeBase, PracticeEntry
from inclucities.pages import anchors
from inclucities.pages import markdown as md


def practice_page(kb: KnowledgeBase, entry: PracticeEntry) -> str:
    practice = entry.practice
    city, country = kb.practice_place(practice)
    place = md.link(city, f"#{anchors.city_anchor(practice.city)}") if practice.city else md.text(city)
    facts = [
        ("Place", f"{place} ({md.text(country)})"),
        ("Themes", ", ".join(md.link(kb.themes[t].title, f"#{anchors.theme_anchor(t)}") for t in practice.themes)),
        (
            "Key factors",
            ", ".join(md.link(kb.key_factors[k][1].title, f"#{anchors.key_factor_anchor(k)}") for k in practice.key_factors)
            or "—",
        ),
        ("Target groups", md.text(", ".join(g.replace("-", " ") for g in practice.target_groups))),
        ("Status", md.text(_period(entry))),
    ]
    if practice.lead_organisation:
        facts.append(("Run by", md.text(practice.lead_organisation)))
    if practice.partners:
        facts.append(("Partners", md.text(", ".join(practice.partners))))
    if practice.funding:
        facts.append(("Funding", md.text(practice.funding)))
    if practice.mentor_practice:
        facts.append(("Mentor practice", "shared by a mentor city with its learner city"))
    if practice.transferred_to:
        facts.append(
            ("Adapted by", ", ".join(md.link(kb.city_name(c), f"#{anchors.city_anchor(c)}") for c in practice.transferred_to))
        )
    parts = [
        md.label(anchors.practice_anchor(practice.id)),
        f"# {md.text(practice.title)}",
        md.illustrative_note("practice, or part of it,") if practice.illustrative else "",
        f"**{md.text(practice.summary)}**",
        md.table(["About the practice", ""], [(f"**{name}**", value) for name, value in facts]),
        entry.body.strip(),
        "## Sources\n\n" + md.sources(practice.sources) if practice.sources else "",
        md.provenance([entry.path.relative_to(kb.root).as_posix()]),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def _period(entry: PracticeEntry) -> str:
    practice = entry.practice
    span = f"since {practice.start}" if practice.end is None else f"{practice.start} to {practice.end}"
    return f"{practice.status.replace('-', ' ')}, {span}"


def catalogue_page(kb: KnowledgeBase) -> str:
    rows = []
    for entry in sorted(kb.practices.values(), key=lambda e: e.practice.title.lower()):
        practice = entry.practice
        city, country = kb.practice_place(practice)
        title = md.link(practice.title, f"#{anchors.practice_anchor(practice.id)}")
        if practice.illustrative:
            title += " *(illustrative)*"
        rows.append(
            (
                title,
                md.text(", ".join(kb.themes[t].title for t in practice.themes)),
                md.text(city),
                md.text(country),
                md.text(", ".join(g.replace("-", " ") for g in practice.target_groups)),
            )
        )
    illustrative = sum(1 for entry in kb.practices.values() if entry.practice.illustrative)
    return (
        "\n\n".join(
            [
                md.label("catalogue"),
                "# Catalogue of good practices",
                f"The catalogue holds {len(kb.practices)} good practices from the network's cities and beyond. "
                f"{illustrative} of them are marked *illustrative*: their details were written for this demonstration.",
                md.table(["Practice", "Themes", "City", "Country", "Target groups"], rows),
            ]
        )
        + "\n"
    )


def pages(kb: KnowledgeBase) -> dict[str, str]:
    generated = {"catalogue.md": catalogue_page(kb)}
    for practice_id, entry in kb.practices.items():
        generated[anchors.practice_page(practice_id)] = practice_page(kb, entry)
    return generated
