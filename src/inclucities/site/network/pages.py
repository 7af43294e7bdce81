"""The network page: the project, its cities and its mentor→learner pairs."""

from __future__ import annotations

from inclucities import addresses, layout
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.network import City
from inclucities.markup import markdown as md
from inclucities.site.network import figures


def network_page(kb: KnowledgeBase) -> tuple[str, dict[str, str | bytes]]:
    net = kb.network.network
    intro = [f"**{md.text(net.name)}**" + (f" — {md.text(net.subtitle)}" if net.subtitle else "")]
    intro.append(f"Period: {net.start} to {net.end}. Coordinator: {md.text(net.coordinator)}.")
    if net.facilitator:
        intro.append(f"Mentoring facilitated by {md.text(net.facilitator)}.")
    if net.funding:
        intro.append(f"Funding: {md.text(net.funding)}.")
    cities = md.table(
        ["City", "Country", "Role", "Population", "Foreign origin", "Association", "Languages"],
        [
            (
                md.link(c.name, f"#{addresses.city_anchor(c.id)}"),
                md.text(c.country),
                md.text(c.role),
                f"{c.population:,}",
                md.text(_share(c)),
                md.text(c.association),
                md.text(", ".join(c.languages)) or "—",
            )
            for c in kb.network.cities
        ],
    )
    pairs = []
    for pair in kb.network.pairs:
        benchmark = kb.benchmarks[pair.benchmark]
        block = [
            md.label(addresses.pair_anchor(pair.id)),
            f"### {md.text(kb.city_name(pair.mentor))} → {md.text(kb.city_name(pair.learner))}",
            f"Theme: {md.link(kb.themes[pair.theme].title, f'#{addresses.theme_anchor(pair.theme)}')}. "
            f"Benchmark: {md.link(_first_sentence(benchmark.statement), f'#{addresses.benchmark_anchor(benchmark.id)}')}",
        ]
        if pair.illustrative:
            block.append(md.illustrative_note("pair"))
        if pair.sources:
            block.append("Sources:\n\n" + md.sources(pair.sources))
        pairs.append("\n\n".join(block))
    city_sections = [_city(kb, city) for city in kb.network.cities]
    map_md, map_files = figures.located_map(kb)
    diagram_md, diagram_files = figures.diagram(kb)
    process_md, process_files = figures.process(kb)
    parts = [
        md.label("network"),
        f"# The {md.text(net.name)} network",
        " ".join(intro),
        md.sources(net.sources) if net.sources else "",
        "## Cities",
        cities,
        map_md,
        "## Mentor → learner pairs",
        diagram_md,
        *pairs,
        "## The mentoring process",
        process_md,
        "## City profiles",
        *city_sections,
        md.provenance([layout.NETWORK_FILE]),
    ]
    text = "\n\n".join(part for part in parts if part) + "\n"
    return text, {**map_files, **diagram_files, **process_files}


def _share(city: City) -> str:
    if city.foreign_origin_share is None:
        return "—"
    share = f"{city.foreign_origin_share:g} %"
    return f"{share} ({city.foreign_origin_note})" if city.foreign_origin_note else share


def _first_sentence(text: str) -> str:
    sentence = text.split(". ")[0].rstrip(".")
    return sentence if len(sentence) <= 140 else sentence[:137] + "…"


def _city(kb: KnowledgeBase, city: City) -> str:
    practices = sorted((e.practice for e in kb.practices.values() if e.practice.city == city.id), key=lambda p: p.title.lower())
    block = [
        md.label(addresses.city_anchor(city.id)),
        f"### {md.text(city.name)}",
        f"{md.text(city.role.capitalize())} city in {md.text(city.country)}, population {city.population:,}, "
        f"accompanied by {md.text(city.association)}.",
    ]
    if city.eurostat_code:
        scope = " (the Urban Audit greater city, larger than the city itself)" if city.eurostat_scope == "greater-city" else ""
        block.append(f"Eurostat Urban Audit code: `{city.eurostat_code}`{md.text(scope)}.")
    if city.illustrative:
        block.append(md.illustrative_note("city record"))
    if practices:
        block.append("Practices: " + ", ".join(md.link(p.title, f"#{addresses.practice_anchor(p.id)}") for p in practices) + ".")
    if city.sources:
        block.append("Sources:\n\n" + md.sources(city.sources))
    return "\n\n".join(block)


def pages(kb: KnowledgeBase) -> dict[str, str | bytes]:
    text, files = network_page(kb)
    return {addresses.NETWORK_PAGE: text, **files}
