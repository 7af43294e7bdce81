"""One-page infographics: a poster per pair and one for the whole network, built as one Vega-Lite chart each.

Posters reuse the guide's charts (same theme and colours) and are exported as SVG, PNG and PDF by vl-convert.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import altair as alt
import pandas as pd
from altair.typing import ChartType

from inclucities.analysis.gaps import gap_summary, pair_scores
from inclucities.analysis.plans import actions_frame, latest_version, status_counts
from inclucities.analysis.scores import baseline_matrix
from inclucities.figures import charts
from inclucities.figures import network as network_charts
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.action_plan import Version
from inclucities.kb.schema.framework import SCALE_RANGE, SCORES, TOP_SCORE
from inclucities.markup.text import sentence

WIDTH = 760


def wrap(text: str, width: int = 95) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width) or [""]


def _status_bars(actions: pd.DataFrame) -> alt.LayerChart:
    counts = pd.DataFrame([{"status": status, "actions": n} for status, n in status_counts(actions).items()])
    bars = (
        alt.Chart(counts)
        .mark_bar(color=charts.PALETTE[2])
        .encode(
            y=alt.Y("status:N", title=None, sort=list(charts.STATUS_SHAPES)),
            x=alt.X("actions:Q", title="Actions", axis=alt.Axis(tickMinStep=1)),
        )
    )
    labels = bars.mark_text(align="left", dx=4, font=charts.FONT).encode(text="actions:Q")
    return charts.layered(bars, labels).properties(
        width=220, height=alt.Step(20), title=alt.Title("Action plan at a glance", anchor="start", font=charts.FONT)
    )


def _mean_progress(scores: pd.DataFrame, learner: str, mentor: str, colours: dict[str, str]) -> alt.Chart:
    means = scores.groupby(["stage_order", "stage"], as_index=False)[["learner", "mentor"]].mean()
    long = means.melt(id_vars=["stage_order", "stage"], value_vars=["learner", "mentor"], var_name="role", value_name="score")
    long["city"] = long["role"].map({"learner": learner, "mentor": mentor})
    long["stage_label"] = long["stage"].map(charts.STAGE_LABELS)
    return (
        alt.Chart(long)
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X("stage_label:N", title=None, sort=list(charts.STAGE_LABELS.values())),
            y=alt.Y("score:Q", title=f"Mean score ({SCALE_RANGE})", scale=alt.Scale(domain=[SCORES[0], TOP_SCORE])),
            color=alt.Color(
                "city:N", title=None, scale=alt.Scale(domain=[mentor, learner], range=[colours[mentor], colours[learner]])
            ),
            strokeDash=alt.StrokeDash("city:N", title=None, scale=alt.Scale(domain=[mentor, learner], range=[[1, 0], [4, 3]])),
        )
        .properties(width=260, height=160, title=alt.Title("Mean score over the study visits", anchor="start", font=charts.FONT))
    )


@dataclass(frozen=True)
class PairFacts:
    """The key figures a pair's poster shows, also used for its text alternative."""

    mentor: str  # names
    learner: str
    theme: str  # title
    gap_first: float | None  # the mean gap at the first and the last stage assessed (None: no assessment)
    gap_last: float | None
    key_factors: int
    actions: int  # in the latest version of the learner's action plan
    status: dict[str, int]  # actions by status
    version: Version | None  # the latest version, if the learner has a plan
    practices: list[str]  # titles of the practices shared and transferred


def pair_facts(kb: KnowledgeBase, pair_id: str) -> PairFacts:
    pair = kb.pairs[pair_id]
    summary = gap_summary(pair_scores(kb, pair_id))
    version = latest_version(kb, pair.learner)
    actions = actions_frame(kb, pair.learner, version) if version else pd.DataFrame(columns=["status"])
    transferred = sorted(
        e.practice.title
        for e in kb.practices.values()
        if (e.practice.city == pair.mentor and (pair.learner in e.practice.transferred_to or e.practice.mentor_practice))
        or (e.practice.city == pair.learner and pair.theme in e.practice.themes)
    )
    return PairFacts(
        mentor=kb.city_name(pair.mentor),
        learner=kb.city_name(pair.learner),
        theme=kb.themes[pair.theme].title,
        gap_first=float(summary["gap_first"].mean()) if not summary.empty else None,
        gap_last=float(summary["gap_last"].mean()) if not summary.empty else None,
        key_factors=len(summary),
        actions=len(actions),
        status=status_counts(actions) if len(actions) else {},
        version=version,
        practices=transferred,
    )


def pair_poster(kb: KnowledgeBase, pair_id: str) -> alt.VConcatChart:
    pair = kb.pairs[pair_id]
    benchmark = kb.benchmarks[pair.benchmark]
    facts = pair_facts(kb, pair_id)
    palette = charts.city_colours([c.id for c in kb.network.cities])
    mentor, learner = facts.mentor, facts.learner
    scores = pair_scores(kb, pair_id)
    header = alt.vconcat(
        charts.text_block([f"{kb.network.network.name} · {pair.id}"], size=13, colour="#4d4d4d", width=WIDTH),
        charts.text_block([f"{mentor} → {learner}"], size=26, weight="bold", width=WIDTH),
        charts.text_block([f"Theme: {facts.theme}"], size=15, width=WIDTH),
        charts.text_block(wrap(f"Benchmark: {benchmark.statement}"), size=13, width=WIDTH),
        spacing=4,
    )
    figures = [f"{facts.key_factors} key factors assessed"]
    if facts.gap_first is not None and facts.gap_last is not None:
        figures.append(f"mean gap {facts.gap_first:.1f} → {facts.gap_last:.1f} points")
    figures.append(f"{facts.actions} actions in the {facts.version or 'no'} action plan")
    key_figures = charts.text_block(["Key figures: " + " · ".join(figures)], size=14, weight="bold", width=WIDTH)
    middle: list[ChartType] = []
    if not scores.empty:
        last = scores[scores["stage"] == scores.sort_values("stage_order")["stage"].iloc[-1]]
        colours = {mentor: palette[pair.mentor], learner: palette[pair.learner]}
        middle.append(charts.unconfigured(charts.gap_dumbbell(last, mentor, learner, colours).wide))
        middle.append(_mean_progress(scores, learner, mentor, colours))
    practices = facts.practices or ["none recorded yet"]
    practice_lines = ["Practices shared and transferred:"] + [
        ("• " if i == 0 else "  ") + line for title in practices for i, line in enumerate(wrap(str(title), 60))
    ]
    bottom: list[ChartType] = [charts.text_block(practice_lines, size=12, width=440)]
    if facts.actions and facts.version is not None:
        bottom.append(_status_bars(actions_frame(kb, pair.learner, facts.version)))
    note = []
    if any(kb.assessments.get(c) and kb.assessments[c].illustrative for c in (pair.mentor, pair.learner)):
        note.append("Illustrative example: self-assessments and action plan invented to demonstrate the method.")
    note.append("Made with the IncluCities guide kit from the knowledge base's data/ and practices/.")
    parts: list[ChartType] = [header, key_figures]
    if middle:
        parts.append(alt.hconcat(*middle, spacing=30))
    parts += [alt.hconcat(*bottom, spacing=30), charts.text_block(note, size=11, colour="#4d4d4d", width=WIDTH)]
    return _finish(alt.vconcat(*parts, spacing=22))


def network_poster(kb: KnowledgeBase) -> alt.VConcatChart:
    """The network on one page: its pairs, the mentoring process on its timeline and the needs assessment."""
    baseline = baseline_matrix(kb).dropna(how="all")
    names = {c.id: c.name for c in kb.network.cities}
    titles = {k: kf.title for k, (_, kf) in kb.key_factors.items()}
    heatmap: ChartType = (
        charts.unconfigured(charts.needs_heatmap(baseline, names, titles).wide)
        if not baseline.empty
        else charts.text_block(
            ["Needs assessment: no city has recorded a baseline self-assessment yet."], size=13, colour="#4d4d4d", width=WIDTH
        )
    )
    diagram = network_charts.diagram_chart(kb).wide
    process = network_charts.process_chart(kb).wide
    net = kb.network.network
    header = alt.vconcat(
        charts.text_block([net.name], size=28, weight="bold", width=WIDTH),
        charts.text_block(
            wrap(f"{sentence(net.subtitle or '')} {net.start} to {net.end}. Coordinator: {net.coordinator}.".strip()), size=14, width=WIDTH
        ),
        charts.text_block(
            [
                f"{len(kb.network.cities)} cities · {len(kb.network.pairs)} mentor → learner pairs · {len(kb.practices)} good practices"
            ],
            size=15,
            weight="bold",
            width=WIDTH,
        ),
        spacing=4,
    )
    parts: list[ChartType] = [header, charts.unconfigured(diagram), charts.unconfigured(process), heatmap]
    parts.append(
        charts.text_block(
            [network_note(kb)],
            size=11,
            colour="#4d4d4d",
            width=WIDTH,
        )
    )
    return _finish(alt.vconcat(*parts, spacing=26))


def network_note(kb: KnowledgeBase) -> str:
    """The poster's closing line, saying which assessments are illustrative as their records do."""
    invented = [city for city, assessment in kb.assessments.items() if assessment.illustrative]
    if not invented:
        return "Made with the IncluCities guide kit."
    if len(invented) == len(kb.assessments):
        return "Made with the IncluCities guide kit; assessments are illustrative examples."
    names = ", ".join(sorted(kb.city_name(city) for city in invented))
    return f"Made with the IncluCities guide kit; the assessments of {names} are illustrative examples."


def _finish(chart: alt.VConcatChart) -> alt.VConcatChart:
    return (
        chart.properties(padding=28, background="white")
        .configure_axis(labelFont=charts.FONT, titleFont=charts.FONT, labelFontSize=11, titleFontSize=11, labelLimit=240)
        .configure_legend(labelFont=charts.FONT, titleFont=charts.FONT, orient="bottom")
        .configure_view(stroke=None)
        .configure_concat(spacing=20)
    )
