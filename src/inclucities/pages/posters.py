"""The infographics chapter: a one-page poster per pair and one for the network, as SVG, PNG and PDF downloads."""

from __future__ import annotations

from inclucities import posters, render
from inclucities.analysis.scores import baseline_matrix
from inclucities.charts import city_colours, needs_heatmap, network_diagram
from inclucities.knowledge_base import KnowledgeBase
from inclucities.pages import anchors, network_figures
from inclucities.pages import markdown as md

PAGE = "infographics.md"
FORMATS = ("svg", "png", "pdf")


def poster_path(name: str, fmt: str) -> str:
    """The poster's address in the site (see anchors.download)."""
    return f"downloads/posters/{name}.{fmt}"


def _files(name: str, chart) -> dict[str, str | bytes]:  # type: ignore[no-untyped-def]
    images = render.render_formats(chart, FORMATS)
    return {anchors.download(poster_path(name, fmt)): images[fmt] for fmt in FORMATS}


def _downloads(name: str) -> str:
    return " · ".join(f"{{download-file}}`{fmt.upper()} <{poster_path(name, fmt)}>`" for fmt in FORMATS)


def pair_alt_text(kb: KnowledgeBase, pair_id: str) -> str:
    facts = posters.pair_facts(kb, pair_id)
    gap = (
        f" The mean gap on its {facts['key_factors']} key factors went from {facts['gap_first']:.1f} to {facts['gap_last']:.1f} points."
        if facts["gap_first"] is not None
        else ""
    )
    status = ", ".join(f"{n} {s}" for s, n in facts["status"].items())  # type: ignore[union-attr]
    plan = f" The {facts['version']} action plan has {facts['actions']} actions ({status})." if facts["actions"] else ""
    practices = f" Practices: {'; '.join(facts['practices'])}." if facts["practices"] else ""  # type: ignore[arg-type]
    return f"Poster of the pair {facts['mentor']} → {facts['learner']} on {facts['theme']}.{gap}{plan}{practices}"


def network_poster(kb: KnowledgeBase):  # type: ignore[no-untyped-def]
    baseline = baseline_matrix(kb).dropna(how="all")
    names = {c.id: c.name for c in kb.network.cities}
    titles = {k: kf.title for k, (_, kf) in kb.key_factors.items()}
    cities, pairs = network_figures.diagram_data(kb)
    diagram = network_diagram(cities, pairs, city_colours([c.id for c in kb.network.cities]))
    process = network_figures.process_chart(kb)
    heatmap = needs_heatmap(baseline, names, titles)
    return posters.network_poster(kb, heatmap, diagram, process)


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
    files.update(_files("network", network_poster(kb)))
    parts += [
        f"![{md.alt_text(f'Poster of the {kb.network.network.name} network: its pairs, the mentoring process and the needs assessment.')}]({anchors.download(poster_path('network', 'svg'))})",
        "Download: " + _downloads("network"),
    ]
    for pair in kb.network.pairs:
        files.update(_files(pair.id, posters.pair_poster(kb, pair.id)))
        parts += [
            md.label(f"poster-{pair.id}"),
            f"## {md.text(kb.city_name(pair.mentor))} → {md.text(kb.city_name(pair.learner))}",
            f"![{md.alt_text(pair_alt_text(kb, pair.id))}]({anchors.download(poster_path(pair.id, 'svg'))})",
            "Download: " + _downloads(pair.id),
        ]
    files[PAGE] = "\n\n".join(parts) + "\n"
    return files
