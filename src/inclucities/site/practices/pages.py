"""One page per good practice, and the catalogue that lists them all."""

from __future__ import annotations

from inclucities import addresses, layout
from inclucities.kb.model import KnowledgeBase, PracticeEntry
from inclucities.kb.schema.practice import Practice
from inclucities.markup import markdown as md
from inclucities.site.practices import opendata


def practice_page(kb: KnowledgeBase, entry: PracticeEntry) -> str:
    practice = entry.practice
    city, country = kb.practice_place(practice)
    place = md.link(city, f"#{addresses.city_anchor(practice.city)}") if practice.city else md.text(city)
    facts = [
        ("Place", f"{place} ({md.text(country)})"),
        ("Themes", ", ".join(md.link(kb.themes[t].title, f"#{addresses.theme_anchor(t)}") for t in practice.themes)),
        (
            "Key factors",
            ", ".join(md.link(kb.key_factors[k][1].title, f"#{addresses.key_factor_anchor(k)}") for k in practice.key_factors)
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
            ("Adapted by", ", ".join(md.link(kb.city_name(c), f"#{addresses.city_anchor(c)}") for c in practice.transferred_to))
        )
    parts = [
        md.label(addresses.practice_anchor(practice.id)),
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


def _container(classes: list[str], content: str) -> str:
    """A MyST container; `classes` are built from validated ids only, `content` is escaped Markdown."""
    return f":::{{container}} {' '.join(classes)}\n{content}\n:::"


def _cell(blocks: list[str]) -> str:
    """The blocks of one list-table cell, indented under its `  - ` marker."""
    text = "\n\n".join(blocks) or "—"
    return "\n".join(("    " + line) if line else "" for line in text.split("\n")).lstrip()


def _facet(kind: str, value: str, label: str) -> str:
    """One value of a facet in its column: the filter script reads the option's label from it."""
    return _container(["inclucities-facet", f"inclucities-{kind}-{value}"], label)


def practice_entry_classes(kb: KnowledgeBase, practice: Practice) -> list[str]:
    """The classes that carry a practice's facets for the catalogue filter, all made from validated ids."""
    _, country = kb.practice_place(practice)
    classes = ["inclucities-practice", f"inclucities-practice-{practice.id}"]
    classes += [f"inclucities-theme-{t}" for t in practice.themes]
    classes += [f"inclucities-country-{country.lower()}", f"inclucities-city-{opendata.city_key(practice)}"]
    classes += [f"inclucities-group-{g}" for g in practice.target_groups]
    classes += [f"inclucities-factor-{k}" for k in practice.key_factors]
    return classes


def catalogue_row(kb: KnowledgeBase, practice: Practice) -> str:
    """A practice as a row of the catalogue's list-table: its title and summary in a container that carries its
    facets as class names, then one container per theme, key factor, city and country, which names it for the
    filter's options (target groups are named after their ids)."""
    city, country = kb.practice_place(practice)
    title = md.link(practice.title, f"#{addresses.practice_anchor(practice.id)}")
    if practice.illustrative:
        title += " *(illustrative)*"
    city_label = md.link(city, f"#{addresses.city_anchor(practice.city)}") if practice.city else md.text(city)
    cells = [
        [_container(practice_entry_classes(kb, practice), f"{title}\n\n{md.text(practice.summary)}")],
        [_facet("theme", t, md.link(kb.themes[t].title, f"#{addresses.theme_anchor(t)}")) for t in practice.themes],
        [
            _facet("factor", k, md.link(kb.key_factors[k][1].title, f"#{addresses.key_factor_anchor(k)}"))
            for k in practice.key_factors
        ],
        [_facet("city", opendata.city_key(practice), city_label), _facet("country", country.lower(), md.text(country))],
        [md.text(", ".join(opendata.target_group_name(g) for g in practice.target_groups))],
    ]
    return "* - " + "\n  - ".join(_cell(blocks) for blocks in cells)


CATALOGUE_COLUMNS = ("Practice", "Themes", "Key factors", "Place", "Target groups")


def catalogue_page(kb: KnowledgeBase) -> str:
    """The catalogue: every practice in one table (readable as it is without JavaScript), the slot where
    `static/catalogue-filter.js` puts its filter, and links to the catalogue as JSON and CSV."""
    entries = sorted(kb.practices.values(), key=lambda e: e.practice.title.lower())
    header = "* - " + "\n  - ".join(CATALOGUE_COLUMNS)
    table = "\n".join(
        [
            "::::{list-table} Good practices of the catalogue",
            ":header-rows: 1",
            ":widths: 36 16 22 12 14",
            ":class: inclucities-catalogue",
            "",
            header,
            *(catalogue_row(kb, entry.practice) for entry in entries),
            "::::",
        ]
    )
    downloads = (
        f"The catalogue is also open data, one record per practice: {_download('JSON', opendata.JSON_DOWNLOAD)} "
        f"and {_download('CSV', opendata.CSV_DOWNLOAD)}."
    )
    slot = _container(
        ["inclucities-catalogue-filter"],
        "Every practice is listed below. With JavaScript on, a filter by theme, country, city, target group and key "
        "factor and a text search appear here; the address of the page keeps the filter, so it can be shared.",
    )
    illustrative = sum(1 for entry in kb.practices.values() if entry.practice.illustrative)
    if not entries:
        return (
            "\n\n".join(
                [
                    md.label("catalogue"),
                    "# Catalogue of good practices",
                    f"No good practice is recorded yet. Each practice is a file in `{layout.PRACTICES}/` of the "
                    "knowledge base; the chapter on starting your own network says how to write one.",
                    downloads,
                    md.provenance([layout.folder(layout.PRACTICES)]),
                ]
            )
            + "\n"
        )
    return (
        "\n\n".join(
            [
                md.label("catalogue"),
                "# Catalogue of good practices",
                f"The catalogue holds {len(kb.practices)} good practices from the network's cities and beyond. "
                f"{illustrative} of them are marked *illustrative*: their details were written for this demonstration.",
                downloads,
                slot,
                table,
                md.provenance([layout.folder(layout.PRACTICES), layout.FRAMEWORK_FILE, layout.NETWORK_FILE]),
            ]
        )
        + "\n"
    )


def _download(label: str, target: str) -> str:
    return f"{{download-file}}`{label} <{target}>`"  # labels are this module's own words


def pages(kb: KnowledgeBase) -> dict[str, str]:
    generated = {addresses.CATALOGUE_PAGE: catalogue_page(kb)}
    for address, content in opendata.files(kb).items():
        generated[addresses.download(address)] = content
    for practice_id, entry in kb.practices.items():
        generated[addresses.practice_page(practice_id)] = practice_page(kb, entry)
    return generated
