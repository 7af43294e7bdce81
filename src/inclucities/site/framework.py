"""The benchmark framework: an overview with the scale, and one page per theme with its benchmarks."""

from __future__ import annotations

from inclucities import addresses, layout
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.framework import Benchmark, Theme
from inclucities.markup import markdown as md


def overview_page(kb: KnowledgeBase) -> str:
    scale = md.table(
        ["Score", "Level", "What it means"],
        [(str(level.score), md.text(level.label), md.text(level.description)) for level in kb.framework.scale],
    )
    themes = []
    for theme in kb.framework.themes:
        benchmarks = [b for b in kb.framework.benchmarks if b.theme == theme.id]
        count = sum(len(b.key_factors) for b in benchmarks)
        themes.append(
            f"- {md.link(theme.title, f'#{addresses.theme_anchor(theme.id)}')}: {len(benchmarks)} benchmark(s), {count} key factors"
        )
    return (
        "\n\n".join(
            [
                md.label("framework"),
                "# The benchmark framework",
                "Each theme has a **benchmark**: a qualitative standard that a city assesses itself against and sets "
                "goals by. A benchmark is broken down into **key factors**, each explaining why it matters and how a city "
                "gets there, and asking **guiding questions** for the self-assessment.",
                "## The self-assessment scale",
                "Cities score every key factor on this scale at the baseline and after each study visit.",
                scale,
                "## Themes",
                "\n".join(themes),
                md.provenance([layout.FRAMEWORK_FILE]),
            ]
        )
        + "\n"
    )


def theme_page(kb: KnowledgeBase, theme: Theme) -> str:
    parts = [md.label(addresses.theme_anchor(theme.id)), f"# {md.text(theme.title)}"]
    if theme.description:
        parts.append(md.paragraphs(theme.description))
    pairs = [p for p in kb.network.pairs if p.theme == theme.id]
    if pairs:
        names = ", ".join(
            md.link(f"{kb.city_name(p.mentor)} → {kb.city_name(p.learner)}", f"#{addresses.pair_anchor(p.id)}") for p in pairs
        )
        parts.append(f"Pairs working on this theme: {names}.")
    for benchmark in kb.framework.benchmarks:
        if benchmark.theme == theme.id:
            parts.append(_benchmark(kb, benchmark))
    parts.append(md.provenance([layout.FRAMEWORK_FILE, layout.NETWORK_FILE, layout.folder(layout.PRACTICES)]))
    return "\n\n".join(parts) + "\n"


def _benchmark(kb: KnowledgeBase, benchmark: Benchmark) -> str:
    parts = [md.label(addresses.benchmark_anchor(benchmark.id)), "## Benchmark", f"> {md.paragraphs(benchmark.statement)}"]
    if benchmark.illustrative:
        parts.append(md.illustrative_note("benchmark, with its key factors,"))
    if benchmark.indicators:
        parts.append("Indicators to follow it:\n\n" + "\n".join(f"- {md.text(i)}" for i in benchmark.indicators))
    if benchmark.sources:
        parts.append("Sources:\n\n" + md.sources(benchmark.sources))
    for kf in benchmark.key_factors:
        practices = sorted(
            (e.practice for e in kb.practices.values() if kf.id in e.practice.key_factors),
            key=lambda p: (not p.mentor_practice, p.title.lower()),
        )
        block = [
            md.label(addresses.key_factor_anchor(kf.id)),
            f"### {md.text(kf.title)}",
            "**Why and how.** " + md.paragraphs(kf.why_how),
            "**Guiding questions**\n\n" + "\n".join(f"1. {md.text(q)}" for q in kf.guiding_questions),
        ]
        if kf.illustrative:
            block.append(md.illustrative_note("key factor"))
        if practices:
            block.append(
                "**Practices that address it:** "
                + ", ".join(md.link(p.title, f"#{addresses.practice_anchor(p.id)}") for p in practices)
                + "."
            )
        parts.append("\n\n".join(block))
    return "\n\n".join(parts)


def pages(kb: KnowledgeBase) -> dict[str, str]:
    generated = {addresses.FRAMEWORK_PAGE: overview_page(kb)}
    for theme in kb.framework.themes:
        generated[addresses.theme_page(theme.id)] = theme_page(kb, theme)
    return generated
