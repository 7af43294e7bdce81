"""The per-pair benchmark analysis shown by notebooks/pair_benchmark.ipynb."""

from __future__ import annotations

from IPython.display import HTML, display

from inclucities import addresses
from inclucities.analysis.gaps import gap_summary, pair_scores
from inclucities.analysis.plans import actions_frame, latest_version, status_counts
from inclucities.analysis.recommend import rank_practices
from inclucities.figures.charts import STAGE_LABELS, gap_dumbbell, plan_timeline, progress_lines
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.framework import SCALE_RANGE
from inclucities.markup.text import count, quote
from inclucities.notebooks.plan import site_root_from
from inclucities.notebooks.report import html
from inclucities.notebooks.report.common import Links, colours, context_section, distribution_figures, open_kb
from inclucities.notebooks.report.provenance import illustrative_note, provenance

TEMPLATE = "pair_benchmark"


class PairReport:
    """Everything the pair notebook shows, one method per section."""

    def __init__(self, kb: KnowledgeBase, pair_id: str):
        self.kb = kb
        self.pair = kb.pairs[pair_id]
        self.benchmark = kb.benchmarks[self.pair.benchmark]
        self.mentor = kb.city_name(self.pair.mentor)
        self.learner = kb.city_name(self.pair.learner)
        self.scores = pair_scores(kb, pair_id)
        self.links = Links.in_guide(kb, TEMPLATE)

    @classmethod
    def open(cls, kb: str, pair_id: str) -> PairReport:
        return cls(open_kb(kb), pair_id)

    def provenance(self) -> HTML:
        return provenance(self.kb, TEMPLATE, {"pair_id": self.pair.id})

    def summary(self) -> HTML:
        """What the page shows and what it finds, before anything else."""
        theme = self.kb.themes[self.pair.theme].title
        shows = (
            f"{self.mentor} (mentor) accompanied {self.learner} (learner) on the theme {quote(theme)}. This page compares "
            "the two cities' statistics and self-assessments, follows the learner over the study visits and lists the "
            "practices and actions that answer its gaps."
        )
        return html.block(
            html.summary(shows, self._finding()), illustrative_note(self.kb, TEMPLATE, {"pair_id": self.pair.id})
        )

    def _finding(self) -> str:
        if self.scores.empty:
            return "The two cities have no common self-assessment on this benchmark yet."
        summary = gap_summary(self.scores)
        last_stage = self.scores.sort_values("stage_order")["stage"].iloc[-1]
        latest = self.scores[self.scores["stage"] == last_stage]
        widest = latest.sort_values(["gap", "key_factor_title"], ascending=[False, True]).iloc[0]
        finding = (
            f"At {STAGE_LABELS[last_stage]}, {self.learner} was {latest['gap'].mean():.1f} points behind {self.mentor} on "
            f"average (on a scale of {SCALE_RANGE}); the widest gap was on {quote(widest['key_factor_title'])} "
            f"({int(widest['learner'])} against {int(widest['mentor'])})."
        )
        if summary["first_stage"].iloc[0] != summary["last_stage"].iloc[0]:
            gained = int((summary["learner_progress"] > 0).sum())
            finding += (
                f" From {STAGE_LABELS[summary['first_stage'].iloc[0]]} to {STAGE_LABELS[summary['last_stage'].iloc[0]]}, "
                f"{self.learner}'s score rose on {gained} of {count(len(summary), 'key factor')}."
            )
        return finding

    def introduction(self) -> HTML:
        return html.block(
            f"<blockquote><p>{html.esc(self.benchmark.statement)}</p></blockquote>",
            html.paragraph(f"The benchmark has {len(self.benchmark.key_factors)} key factors, assessed on the {SCALE_RANGE} scale."),
        )

    def context(self) -> None:
        cities = [self.pair.mentor, self.pair.learner]
        display(context_section(self.kb, cities))
        for figure in distribution_figures(self.kb, cities):
            display(figure)

    def gaps(self) -> HTML:
        if self.scores.empty:
            return html.block(html.paragraph("The two cities have no common self-assessment on this benchmark yet."))
        last_stage = self.scores.sort_values("stage_order")["stage"].iloc[-1]
        latest = self.scores[self.scores["stage"] == last_stage]
        chart = gap_dumbbell(
            latest,
            self.mentor,
            self.learner,
            {self.mentor: colours(self.kb)[self.pair.mentor], self.learner: colours(self.kb)[self.pair.learner]},
        )
        widest = latest.sort_values(["gap", "key_factor_title"], ascending=[False, True]).iloc[0]
        narrowest = latest.sort_values(["gap", "key_factor_title"]).iloc[0]
        alt_text = (
            f"Dot plot of {self.mentor}'s and {self.learner}'s scores on {len(latest)} key factors at {STAGE_LABELS[last_stage]}. "
            f"Widest gap: {widest['key_factor_title']} ({widest['mentor']} against {widest['learner']}); "
            f"narrowest: {narrowest['key_factor_title']} ({narrowest['mentor']} against {narrowest['learner']}). "
            f"Mean gap {latest['gap'].mean():.1f} points."
        )
        data = latest[["key_factor_title", "mentor", "learner", "gap"]].rename(columns={"key_factor_title": "key factor"})
        return html.figure(chart, alt_text, data, f"Scores at {STAGE_LABELS[last_stage]}.")

    def progress(self) -> HTML:
        summary = gap_summary(self.scores)
        if summary.empty:
            return html.block(html.paragraph("No stages to compare yet."))
        chart = progress_lines(self.scores, self.learner, colours(self.kb)[self.pair.learner])
        gained = summary[summary["learner_progress"] > 0]
        flat = summary[summary["learner_progress"] == 0]
        alt_text = (
            f"Line charts of {self.learner}'s score on each key factor from {STAGE_LABELS[summary['first_stage'].iloc[0]]} "
            f"to {STAGE_LABELS[summary['last_stage'].iloc[0]]}, with the mentor's score dashed. "
            f"It rose on {len(gained)} of {len(summary)} key factors"
            + (
                f" (most on {gained.sort_values('learner_progress').iloc[-1]['key_factor_title']}, +{gained['learner_progress'].max()})"
                if len(gained)
                else ""
            )
            + (f"; unchanged on {', '.join(flat['key_factor_title'])}." if len(flat) else ".")
        )
        table = summary.rename(
            columns={
                "key_factor_title": "key factor",
                "learner_first": f"{self.learner} first",
                "learner_last": f"{self.learner} last",
                "mentor_last": f"{self.mentor} last",
                "gap_first": "gap first",
                "gap_last": "gap last",
                "learner_progress": "progress",
            }
        ).drop(columns=["key_factor", "first_stage", "last_stage"])
        return html.figure(chart, alt_text, table, "Scores over the study visits.")

    def practices(self) -> HTML:
        last = gap_summary(self.scores)
        weights: dict[str, float] = {}
        if not last.empty:  # with no scores, the summary has no columns either
            remaining = zip(last["key_factor"], last["gap_last"], strict=True)
            weights = {key_factor: float(gap) for key_factor, gap in remaining if gap > 0}
        ranked = rank_practices(self.kb, weights, exclude_city=self.pair.learner, prefer_city=self.pair.mentor)
        if ranked.empty:
            return html.block(html.paragraph("No practice in the catalogue addresses the remaining gaps."))
        rows = [
            [str(r.rank), self.links.practice(str(r.practice)), html.esc(r.place), html.esc(r.reason)]
            for r in ranked.itertuples()
        ]
        return html.block(
            html.paragraph(
                f"Practices ranked by the total remaining gap (mentor minus learner, latest stage) on the key factors they "
                f"address; practices of {self.mentor} come first on equal totals."
            ),
            html.html_table(["rank", "practice", "place", "why"], rows, caption=f"Practices for {self.learner}'s largest gaps"),
        )

    def poster(self) -> HTML:
        """Links to the pair's one-page poster, published with the guide (see the Infographics chapter)."""
        root = site_root_from(TEMPLATE)
        links = " · ".join(
            f'<a class="download-file" href="{root}{html.esc(addresses.poster_download(self.pair.id, fmt))}" download>{fmt.upper()}</a>'
            for fmt in addresses.POSTER_FORMATS
        )
        return html.block(f"<p>One-page poster of this pair, for download: {links}.</p>")

    def action_plan(self) -> None:
        version = latest_version(self.kb, self.pair.learner)
        if version is None:
            display(html.block(html.paragraph(f"{self.learner} has no action plan in the knowledge base yet.")))
            return
        actions = actions_frame(self.kb, self.pair.learner, version)
        counts = ", ".join(f"{n} {status}" for status, n in status_counts(actions).items())
        display(html.block(html.paragraph(f"The {version} action plan has {len(actions)} actions: {counts}.")))
        titles = {kf.id: kf.title for kf in self.benchmark.key_factors}
        chart = plan_timeline(actions, titles)
        first, last = actions["start"].min(), actions["end"].max()
        alt_text = f"Timeline of {len(actions)} actions from {first} to {last}, coloured by key factor, with a status marker at each end: {counts}."
        titles_of = {p: e.practice.title for p, e in self.kb.practices.items()}
        data = actions.assign(inspired_by=actions["inspired_by"].map(lambda p: titles_of.get(p, p) if isinstance(p, str) else p))
        data = data[["title", "key_factor_title", "inspired_by", "lead", "start", "end", "budget", "status"]].rename(
            columns={"key_factor_title": "key factor", "inspired_by": "inspired by"}
        )
        display(html.figure(chart, alt_text, data, f"Action plan ({version})."))
        inspiring = sorted({p for p in actions["inspired_by"] if isinstance(p, str) and p in self.kb.practices})
        more = self.links.action_plan(self.pair.learner, f"{self.learner}'s action plan")
        sentence = f"<p>The whole plan, with what each study visit changed: {more}."
        if inspiring:
            sentence += " Practices that inspired its actions: " + ", ".join(self.links.practice(p) for p in inspiring) + "."
        display(html.block(sentence + "</p>"))
