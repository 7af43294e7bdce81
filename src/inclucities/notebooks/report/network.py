"""The network overview shown by notebooks/network_overview.ipynb: needs assessment and matching."""

from __future__ import annotations

from IPython.display import HTML

from inclucities.analysis import matching
from inclucities.analysis.scores import baseline_matrix
from inclucities.figures.charts import matching_matrix, needs_heatmap
from inclucities.kb.model import KnowledgeBase
from inclucities.markup.text import quote
from inclucities.notebooks.report import html
from inclucities.notebooks.report.common import open_kb
from inclucities.notebooks.report.provenance import illustrative_note, provenance

TEMPLATE = "network_overview"


class NetworkReport:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.baseline = baseline_matrix(kb).dropna(how="all")
        self.names = {c.id: c.name for c in kb.network.cities}
        self.titles = {kf_id: kf.title for kf_id, (_, kf) in kb.key_factors.items()}
        # each city's and each key factor's mean baseline score, lowest first (the summary and the heat map say both)
        self.city_means = self.baseline.mean(axis=1).sort_values()
        self.factor_means = self.baseline.mean(axis=0).sort_values()

    @classmethod
    def open(cls, kb: str) -> NetworkReport:
        return cls(open_kb(kb))

    def provenance(self) -> HTML:
        return provenance(
            self.kb,
            TEMPLATE,
            {},
            [
                "The one-to-one assignment of mentors to learners with the highest total compatibility is computed with "
                "the Hungarian algorithm (scipy.optimize.linear_sum_assignment)."
            ],
        )

    def summary(self) -> HTML:
        """What the page shows and what it finds, before anything else."""
        shows = (
            "At the start of the project every city scored itself on every key factor of the framework. This page shows "
            "where the cities stood and which mentor suits which learner best, beside the pairs the network formed."
        )
        if self.baseline.empty:
            return html.block(html.summary(shows, "No city has a baseline self-assessment yet."))
        means, factor_means = self.city_means, self.factor_means
        finding = (
            f"The weakest key factor across the network was {quote(self.titles[factor_means.index[0]])} "
            f"(average {factor_means.iloc[0]:.1f} of {self.kb.framework.top}); {self.names[means.index[0]]} had the lowest "
            f"average score ({means.iloc[0]:.1f}), {self.names[means.index[-1]]} the highest ({means.iloc[-1]:.1f})."
        )
        compat = matching.theme_compatibility(self.kb, self.baseline)
        if not compat.empty:
            assignment = matching.optimal_assignment(matching.pair_compatibility(compat))
            chosen = {(a.mentor, a.learner) for a in assignment}
            actual = {(p.mentor, p.learner) for p in self.kb.network.pairs}
            finding += f" The best computed pairing agrees with {len(chosen & actual)} of the {len(actual)} pairs the network formed."
        return html.block(html.summary(shows, finding), illustrative_note(self.kb, TEMPLATE, {}))

    def needs(self) -> HTML:
        if self.baseline.empty:
            return html.block(html.paragraph("No city has a baseline self-assessment yet."))
        chart = needs_heatmap(self.baseline, self.names, self.titles)
        means, factor_means = self.city_means, self.factor_means
        alt_text = (
            f"Heat map of baseline scores of {len(self.baseline)} cities on {self.baseline.shape[1]} key factors. "
            f"Lowest average: {self.names[means.index[0]]} ({means.iloc[0]:.1f}); highest: {self.names[means.index[-1]]} ({means.iloc[-1]:.1f}). "
            f"Weakest key factor across the network: {self.titles[factor_means.index[0]]} ({factor_means.iloc[0]:.1f})."
        )
        data = self.baseline.rename(index=self.names, columns=self.titles).reset_index(names="city")
        return html.figure(chart, alt_text, data, "Baseline self-assessment, city by key factor.")

    def matching(self) -> HTML:
        compat = matching.theme_compatibility(self.kb, self.baseline)
        if compat.empty:
            return html.block(html.paragraph("Matching needs at least one mentor and one learner with a baseline assessment."))
        pairs = matching.pair_compatibility(compat)
        assignment = matching.optimal_assignment(pairs)
        chosen = {(a.mentor, a.learner) for a in assignment}
        actual = {(p.mentor, p.learner) for p in self.kb.network.pairs}
        chart = matching_matrix(
            pairs.assign(best_theme=pairs["best_theme"].map(lambda t: self.kb.themes[t].title)), chosen, actual, self.names
        )
        agree = len(chosen & actual)
        alt_text = (
            f"Matrix of compatibility scores between {pairs['mentor'].nunique()} mentors and {pairs['learner'].nunique()} learners. "
            f"The computed assignment: "
            + "; ".join(f"{self.names[a.mentor]} with {self.names[a.learner]} ({a.compatibility:.2f})" for a in assignment)
            + f". It agrees with {agree} of the {len(actual)} actual pairs."
        )
        data = pairs.assign(
            mentor=pairs["mentor"].map(self.names),
            learner=pairs["learner"].map(self.names),
            best_theme=pairs["best_theme"].map(lambda t: self.kb.themes[t].title),
        ).rename(columns={"best_theme": "best theme"})
        comparison = matching.compare_with_actual(self.kb, assignment, pairs)
        return html.block(
            html.figure(chart, alt_text, data, "Mentor–learner compatibility."),
            html.table(comparison.round(2), caption="Computed assignment beside the actual pairs"),
        )
