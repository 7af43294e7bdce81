"""The integrated toolkits: an overview page, one chapter per toolkit, and each toolkit's downloads.

A toolkit follows the structure of the IncluCities toolkits: the benchmark; each key factor with its why and
how, guiding questions and the practices that address it; additional context factors; and two templates
generated from the framework (self-assessment questionnaire, action-plan template).
"""

from __future__ import annotations

from inclucities import addresses, layout
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.framework import KeyFactor
from inclucities.kb.schema.practice import Practice
from inclucities.kb.schema.toolkit import Toolkit
from inclucities.markup import markdown as md
from inclucities.site.toolkits import bundle

# (file, label) of the download links, in the order a reader needs them.
DOWNLOADS = (
    (bundle.QUESTIONNAIRE_XLSX, "Self-assessment questionnaire (XLSX)"),
    (bundle.QUESTIONNAIRE_CSV, "Self-assessment questionnaire (CSV)"),
    (bundle.SCALE_CSV, "The scale with its level descriptions (CSV)"),
    (bundle.ACTION_PLAN_XLSX, "Action-plan template (XLSX)"),
    (bundle.ACTION_PLAN_CSV, "Action-plan template (CSV)"),
    (bundle.PRACTICES_CSV, "The practices' data (CSV)"),
)


def index_page(kb: KnowledgeBase) -> str:
    items = []
    for toolkit in sorted(kb.toolkits.values(), key=lambda t: t.title.lower()):
        entry = (
            f"- {md.link(toolkit.title, f'#{addresses.toolkit_anchor(toolkit.id)}')} ({md.text(kb.themes[toolkit.theme].title)})"
        )
        if toolkit.illustrative:
            entry += " *(illustrative)*"
        items.append(entry)
    parts = [
        md.label("toolkits"),
        "# Integrated toolkits",
        "Each toolkit gathers what a city needs to work on one theme: the benchmark it assesses itself against, the "
        "key factors with their guiding questions, good practices, starting with those of the mentor city, and the "
        "local context that shapes them. Each comes with a self-assessment questionnaire and an action-plan template, "
        "in XLSX and CSV, and as a zip to use offline.",
        "\n".join(items) if items else "This knowledge base has no toolkits yet: add one under `toolkits/`.",
        md.provenance([layout.folder(layout.TOOLKITS), layout.FRAMEWORK_FILE]),
    ]
    return "\n\n".join(parts) + "\n"


def toolkit_page(kb: KnowledgeBase, toolkit: Toolkit) -> str:
    benchmark = kb.benchmarks[toolkit.benchmark]
    theme = kb.themes[toolkit.theme]
    pairs = [pair for pair in kb.network.pairs if pair.benchmark == toolkit.benchmark]
    parts = [
        md.label(addresses.toolkit_anchor(toolkit.id)),
        f"# {md.text(toolkit.title)}",
        md.illustrative_note("toolkit, or part of it,") if toolkit.illustrative else "",
        md.paragraphs(toolkit.intro),
        f"Theme: {md.link(theme.title, f'#{addresses.theme_anchor(theme.id)}')}."
        + (
            " Pairs: "
            + ", ".join(
                md.link(f"{kb.city_name(p.mentor)} → {kb.city_name(p.learner)}", f"#{addresses.pair_anchor(p.id)}") for p in pairs
            )
            + "."
            if pairs
            else ""
        ),
        # the downloads come first: they are what most readers of a toolkit came for
        _downloads(kb, toolkit),
        "## The benchmark",
        f"> {md.paragraphs(benchmark.statement)}",
        md.illustrative_note("benchmark, with its key factors,") if benchmark.illustrative else "",
        "Indicators to follow it:\n\n" + "\n".join(f"- {md.text(i)}" for i in benchmark.indicators)
        if benchmark.indicators
        else "",
        "## Key factors",
        "\n\n".join(_key_factor(kb, toolkit, kf) for kf in benchmark.key_factors),
        _featured(kb, toolkit),
        _additional_factors(toolkit),
        "## Sources\n\n" + md.sources([*toolkit.sources, *benchmark.sources]) if toolkit.sources or benchmark.sources else "",
        md.provenance([layout.toolkit_file(toolkit.id), layout.FRAMEWORK_FILE, layout.NETWORK_FILE, layout.folder(layout.PRACTICES)]),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def _key_factor(kb: KnowledgeBase, toolkit: Toolkit, kf: KeyFactor) -> str:
    block = [
        f"### {md.text(kf.title)}",
        md.illustrative_note("key factor") if kf.illustrative else "",
        "**Why and how.** " + md.paragraphs(kf.why_how),
        "**Guiding questions**\n\n" + "\n".join(f"1. {md.text(q)}" for q in kf.guiding_questions),
    ]
    practices = bundle.practices_for(kb, toolkit, kf.id)
    if practices:
        block.append("**Practices that address it**\n\n" + "\n".join(_practice_item(kb, toolkit, p) for p in practices))
    return "\n\n".join(part for part in block if part)


def _practice_item(kb: KnowledgeBase, toolkit: Toolkit, practice: Practice, summary: bool = False) -> str:
    place, country = kb.practice_place(practice)
    link = md.link(practice.title, f"#{addresses.practice_anchor(practice.id)}")
    mentor = bundle.from_mentor_city(kb, toolkit, practice)
    item = f"- {'**' + link + '**' if mentor else link} ({md.text(place)}, {md.text(country)}"
    item += ", mentor city)" if mentor else ")"
    if practice.illustrative:
        item += " *(illustrative)*"
    if summary:
        item += f": {md.text(practice.summary)}"
    return item


def _featured(kb: KnowledgeBase, toolkit: Toolkit) -> str:
    featured = bundle.featured_practices(kb, toolkit)
    if not featured:
        return ""
    intro = "Practices the mentor city shared with its learner, and others this toolkit draws on, with their summaries."
    return (
        "## Featured practices\n\n" + intro + "\n\n" + "\n".join(_practice_item(kb, toolkit, p, summary=True) for p in featured)
    )


def _additional_factors(toolkit: Toolkit) -> str:
    if not toolkit.additional_factors:
        return ""
    intro = "The local context makes some key factors easier or harder to reach. Read the toolkit against these factors."
    factors = "\n\n".join(f"### {md.text(f.title)}\n\n{md.paragraphs(f.description)}" for f in toolkit.additional_factors)
    return f"## Additional factors\n\n{intro}\n\n{factors}"


def _downloads(kb: KnowledgeBase, toolkit: Toolkit) -> str:
    scale = md.table(
        ["Score", "Level", "What it means"],
        [(str(level.score), md.text(level.label), md.text(level.description)) for level in kb.framework.scale],
    )
    links = [(name, label) for name, label in DOWNLOADS] + [(bundle.bundle_name(toolkit.id), "The whole toolkit (zip)")]
    items = "\n".join(f"- {{download-file}}`{label} <{addresses.toolkit_download(toolkit.id, name)}>`" for name, label in links)
    return "\n\n".join(
        [
            "## Templates and downloads",
            items,
            "The **self-assessment questionnaire** lists every key factor with its guiding questions; the city gives each "
            "one a score on the scale below and notes its evidence, at the baseline and after each study visit. The "
            "**action-plan template** has the columns of an action plan in this knowledge base; its first row is an "
            "example to replace. The zip holds this page as a standalone HTML file, both templates and the practices' data.",
            scale,
        ]
    )


def pages(kb: KnowledgeBase) -> dict[str, str | bytes]:
    generated: dict[str, str | bytes] = {addresses.TOOLKITS_INDEX: index_page(kb)}
    for toolkit_id, toolkit in sorted(kb.toolkits.items()):
        generated[addresses.toolkit_page(toolkit_id)] = toolkit_page(kb, toolkit)
        for name, content in bundle.files(kb, toolkit).items():
            generated[addresses.download(addresses.toolkit_download(toolkit_id, name))] = content
    return generated
