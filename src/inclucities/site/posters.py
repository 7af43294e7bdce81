"""The infographics chapter: a one-page poster per pair and one for the network, as SVG, PNG and PDF downloads."""

from __future__ import annotations

import altair as alt

from inclucities import addresses, layout
from inclucities.figures import posters, render
from inclucities.kb.model import KnowledgeBase
from inclucities.markup import markdown as md
from inclucities.notebooks.plan import output_path

PAGE = addresses.INFOGRAPHICS_PAGE
FORMATS: tuple[render.Format, ...] = addresses.POSTER_FORMATS


poster_path = addresses.poster_download


def _files(name: str, chart: alt.TopLevelMixin) -> dict[str, str | bytes]:
    images = render.render_formats(chart, FORMATS)
    return {addresses.download(poster_path(name, fmt)): images[fmt] for fmt in FORMATS}


def _downloads(name: str) -> str:
    return " · ".join(f"{{download-file}}`{fmt.upper()} <{poster_path(name, fmt)}>`" for fmt in FORMATS)


def pair_alt_text(kb: KnowledgeBase, pair_id: str) -> str:
    facts = posters.pair_facts(kb, pair_id)
    gap = (
        f" The mean gap on its {facts.key_factors} key factors went from {facts.gap_first:.1f} to {facts.gap_last:.1f} points."
        if facts.gap_first is not None and facts.gap_last is not None
        else ""
    )
    status = ", ".join(f"{n} {s}" for s, n in facts.status.items())
    plan = f" The {facts.version} action plan has {facts.actions} actions ({status})." if facts.actions else ""
    practices = f" Practices: {'; '.join(facts.practices)}." if facts.practices else ""
    return f"Poster of the pair {facts.mentor} → {facts.learner} on {facts.theme}.{gap}{plan}{practices}"


def pages(kb: KnowledgeBase) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    parts = [
        md.label("infographics"),
        "# Infographics",
        "One-page posters summarise each pair's benchmark, progress, practices and action plan, and the network as a "
        "whole. Each can be downloaded as SVG (scalable, for the web), PNG (for slides and social media) and PDF (for print). "
        "In the charts on the pages of the guide, resting the pointer on a bar, point or cell shows its values; "
        "every chart also has a folded table of its data.",
        "## The network",
    ]
    files.update(_files("network", posters.network_poster(kb)))
    parts += [
        f"![{md.alt_text(f'Poster of the {kb.network.network.name} network: its pairs, the mentoring process and the needs assessment.')}]({addresses.download(poster_path('network', 'svg'))})",
        "Download: " + _downloads("network"),
    ]
    for pair in kb.network.pairs:
        files.update(_files(pair.id, posters.pair_poster(kb, pair.id)))
        parts += [
            md.label(addresses.poster_anchor(pair.id)),
            f"## {md.text(kb.city_name(pair.mentor))} → {md.text(kb.city_name(pair.learner))}",
            f"![{md.alt_text(pair_alt_text(kb, pair.id))}]({addresses.download(poster_path(pair.id, 'svg'))})",
            "Download: " + _downloads(pair.id),
            f"Read the {md.link('pair analysis', output_path('pair_benchmark', pair.id))}.",
        ]
    parts.append(
        md.provenance(
            [
                layout.NETWORK_FILE,
                layout.FRAMEWORK_FILE,
                layout.folder(layout.ASSESSMENTS),
                layout.folder(layout.ACTION_PLANS),
                layout.folder(layout.PRACTICES),
            ]
        )
    )
    files[PAGE] = "\n\n".join(parts) + "\n"
    return files
