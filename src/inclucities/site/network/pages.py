"""The network page: the project, its cities and its mentor→learner pairs."""

from __future__ import annotations

from collections.abc import Sequence

from inclucities import addresses, layout
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.common import Source
from inclucities.kb.schema.network import City
from inclucities.markup import markdown as md
from inclucities.markup.text import count, join, sentence
from inclucities.notebooks.plan import output_path
from inclucities.site.network import figures


def network_page(kb: KnowledgeBase) -> tuple[str, dict[str, str | bytes]]:
    net = kb.network.network
    cities_list = kb.network.cities
    countries = {c.country for c in cities_list}
    themes = {p.theme for p in kb.network.pairs}
    headline = f"**{md.text(net.name)}**" + (f" — {md.text(sentence(net.subtitle))}" if net.subtitle else ".")
    summary = [
        f"{headline} From {net.start} to {net.end}, {count(len(cities_list), 'city', 'cities')} of "
        f"{count(len(countries), 'country', 'countries')} worked in {count(len(kb.network.pairs), 'mentor → learner pair')} "
        f"on {count(len(themes), 'theme')}, coordinated by {md.text(sentence(net.coordinator))}"
    ]
    if net.facilitator:
        summary.append(f"Mentoring facilitated by {md.text(sentence(net.facilitator))}")
    if net.funding:
        summary.append(f"Funding: {md.text(sentence(net.funding))}")
    who = [
        f"{md.link(kb.city_name(p.mentor), f'#{addresses.city_anchor(p.mentor)}')} mentored "
        f"{md.link(kb.city_name(p.learner), f'#{addresses.city_anchor(p.learner)}')} on "
        f"{md.link(kb.themes[p.theme].title, f'#{addresses.theme_anchor(p.theme)}')}"
        for p in kb.network.pairs
    ]
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
            for c in cities_list
        ],
    )
    pairs = []
    for pair in kb.network.pairs:
        benchmark = kb.benchmarks[pair.benchmark]
        block = [
            md.label(addresses.pair_anchor(pair.id)),
            f"### {md.text(kb.city_name(pair.mentor))} → {md.text(kb.city_name(pair.learner))}",
            f"Theme: {md.link(kb.themes[pair.theme].title, f'#{addresses.theme_anchor(pair.theme)}')}. "
            f"Benchmark: {md.link(_first_sentence(benchmark.statement), f'#{addresses.benchmark_anchor(benchmark.id)}')}. "
            f"Read the {md.link('pair analysis', output_path('pair_benchmark', pair.id))}"
            + (
                f" and the {md.link('action plan', f'#{addresses.action_plan_anchor(pair.learner)}')}."
                if pair.learner in kb.action_plans
                else "."
            ),
        ]
        if pair.illustrative:
            block.append(md.illustrative_note("pair"))
        if pair.sources:
            block.append(_inline_sources(pair.sources))
        pairs.append("\n\n".join(block))
    city_sections = [_city(kb, city) for city in cities_list]
    map_md, map_files = figures.located_map(kb)
    diagram_md, diagram_files = figures.diagram(kb)
    process_md, process_files = figures.process(kb)
    parts = [
        md.label("network"),
        f"# The {md.text(net.name)} network",
        " ".join(summary),
        ("In the pairs, " + join(who) + ".") if who else "",
        md.sources(net.sources) if net.sources else "",
        "## Cities",
        cities,
        map_md,
        "## Mentor → learner pairs",
        diagram_md,
        *pairs,
        "## The mentoring process",
        process_md,
        "## The cities in brief",
        f"Each city's statistics, self-assessment and suggestions are in its {md.link('city profile', addresses.CITIES_PAGE)}; "
        f"every practice is in the {md.link('catalogue', addresses.CATALOGUE_PAGE)}.",
        *city_sections,
        _city_sources(kb),
        md.provenance([layout.NETWORK_FILE], _codes(kb)),
    ]
    text = "\n\n".join(part for part in parts if part) + "\n"
    return text, {**map_files, **diagram_files, **process_files}


def _codes(kb: KnowledgeBase) -> list[str]:
    """The Urban Audit codes under which the cities' statistics were read: for the About section, not the text."""
    codes = []
    for city in kb.network.cities:
        if city.eurostat_code:
            scope = " " + md.text("(the greater city, larger than the city itself)") if city.eurostat_scope == "greater-city" else ""
            codes.append(f"{md.text(city.name)} `{city.eurostat_code}`{scope}")
    return [f"Eurostat Urban Audit codes: {'; '.join(codes)}."] if codes else []


def _inline_sources(items: Sequence[Source]) -> str:
    """Sources on one line: a page's long lists of sources would push its content apart."""
    entries = [md.external_link(s.title, s.url) if s.url else md.text(s.title) for s in items]
    return ("Sources: " if len(entries) > 1 else "Source: ") + "; ".join(entries) + "."


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
    facts = (
        f"{md.text(city.role.capitalize())} city in {md.text(city.country)}, population {city.population:,}, "
        f"accompanied by {md.text(city.association)}. {md.link('Profile', output_path('city_profile', city.id))}"
    )
    if practices:
        facts += "; practices: " + ", ".join(md.link(p.title, f"#{addresses.practice_anchor(p.id)}") for p in practices)
    block = [md.label(addresses.city_anchor(city.id)), f"### {md.text(city.name)}", facts + "."]
    if city.illustrative:
        block.append(md.illustrative_note("city record"))
    return "\n\n".join(block)


def _city_sources(kb: KnowledgeBase) -> str:
    """The cities' sources in one folded list, each once: most are shared (a pair's page, the gazetteer)."""
    seen: dict[tuple[str, str | None], Source] = {}
    for city in kb.network.cities:
        for source in city.sources:
            seen.setdefault((source.title, source.url), source)
    if not seen:
        return ""
    return f":::{{dropdown}} Sources of the cities' records\n\n{md.sources(list(seen.values()))}\n:::"


def pages(kb: KnowledgeBase) -> dict[str, str | bytes]:
    text, files = network_page(kb)
    glance, _ = figures.diagram(kb)
    return {addresses.NETWORK_PAGE: text, addresses.NETWORK_GLANCE: glance, **files}
