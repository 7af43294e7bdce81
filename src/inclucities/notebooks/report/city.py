"""One city's profile shown by notebooks/city_profile.ipynb: context, self-assessment, suggestions."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML, display

from inclucities.analysis.city import CityAnalysis
from inclucities.analysis.matching import suggest_mentors
from inclucities.analysis.recommend import rank_practices
from inclucities.analysis.scores import latest_scores
from inclucities.figures.charts import STAGE_LABELS, score_bars
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.framework import SCALE_RANGE
from inclucities.notebooks.report import html
from inclucities.notebooks.report.common import colours, context_section, distribution_figures, open_kb
from inclucities.notebooks.report.provenance import provenance


class CityReport:
    """A city of the knowledge base; or, with `analysis`, a city's own folder analysed against it (`analyse`)."""

    def __init__(self, kb: KnowledgeBase, city_id: str, city_files: tuple[str, ...] = (), analysis: CityAnalysis | None = None):
        self.kb = kb
        self.city_files = city_files  # a city's own folder analysed with `inclucities analyse`
        self.analysis = analysis  # its analysis: the same tables `analyse` writes beside the report
        self.city = kb.cities[city_id]
        self.latest = latest_scores(kb, city_id) if city_id in kb.assessments else pd.DataFrame()

    @classmethod
    def open(cls, kb: str, city_id: str) -> CityReport:
        """The city `city_id` of the knowledge base in the folder `kb`."""
        return cls(open_kb(kb), city_id)

    def provenance(self) -> HTML:
        note = provenance(self.kb, "city_profile", {"city_id": self.city.id})
        if not self.city_files:
            return note
        files = ", ".join(f"<code>{html.esc(name)}</code>" for name in self.city_files)
        mine = f"<p>The city's own files read: {files}. The city is compared with the knowledge base's network.</p></div>"
        return HTML(note.data.removesuffix("</div>") + mine)

    def introduction(self) -> HTML:
        city = self.city
        pairs = [p for p in self.kb.network.pairs if city.id in (p.mentor, p.learner)]
        lines = [
            f"{city.name} ({city.country}) is a {city.role} city of about {city.population:,} inhabitants, accompanied by {city.association}."
        ]
        for pair in pairs:
            other = pair.learner if pair.mentor == city.id else pair.mentor
            lines.append(f"It is paired with {self.kb.city_name(other)} on “{self.kb.themes[pair.theme].title}”.")
        return html.block(*(html.paragraph(line) for line in lines))

    def context(self) -> None:
        display(context_section(self.kb, [self.city.id]))
        for figure in distribution_figures(self.kb, [self.city.id]):
            display(figure)

    def self_assessment(self) -> HTML:
        if self.latest.empty:
            return html.block(html.paragraph(f"{self.city.name} has no self-assessment in the knowledge base yet."))
        data = self.latest.assign(theme_title=self.latest["theme"].map(lambda t: self.kb.themes[t].title))
        chart = score_bars(data, self.city.name, colours(self.kb)[self.city.id])
        by_theme = data.groupby("theme_title")["score"].mean().sort_values()
        alt_text = (
            f"Bar chart of {self.city.name}'s latest score on {len(data)} key factors in {len(by_theme)} themes. "
            f"Weakest theme: {by_theme.index[0]} (mean {by_theme.iloc[0]:.1f}); strongest: {by_theme.index[-1]} (mean {by_theme.iloc[-1]:.1f})."
        )
        table = data.assign(stage=data["stage"].map(STAGE_LABELS))[["theme_title", "key_factor_title", "score", "stage"]]
        table = table.rename(columns={"theme_title": "theme", "key_factor_title": "key factor"})
        return html.figure(chart, alt_text, table, "Latest self-assessment.")

    def suggested_practices(self) -> HTML:
        if self.latest.empty:
            return html.block(html.paragraph("Suggestions need a self-assessment."))
        if self.analysis is not None:
            return self._practices_for_gaps(self.analysis)
        top = self.kb.framework.top
        scores = zip(self.latest["key_factor"], self.latest["score"], strict=True)
        weights = {key_factor: float(top - score) for key_factor, score in scores if score < top}
        mentors = [p.mentor for p in self.kb.network.pairs if p.learner == self.city.id]
        ranked = rank_practices(self.kb, weights, exclude_city=self.city.id, prefer_city=mentors[0] if mentors else None)
        if ranked.empty:
            return html.block(
                html.paragraph("No practice in the catalogue addresses the key factors where the city has room to grow.")
            )
        return html.block(
            html.paragraph(
                f"Practices ranked by how much room the city has ({self.kb.framework.top} minus its latest score) on the key factors they address."
            ),
            html.table(
                ranked[["rank", "title", "place", "score", "reason"]], caption=f"Practices suggested for {self.city.name}"
            ),
        )

    def suggested_mentors(self) -> HTML:
        if self.city.role != "learner" or self.latest.empty:
            return html.block(html.paragraph("Mentor suggestions are made for learner cities with a baseline self-assessment."))
        if self.analysis is not None:
            return self._mentors_on_theme(self.analysis)
        ranked = suggest_mentors(self.kb, self.city.id)
        table = ranked.assign(
            mentor=ranked["mentor"].map(self.kb.city_name), best_theme=ranked["best_theme"].map(lambda t: self.kb.themes[t].title)
        )[["mentor", "best_theme", "compatibility", "why"]].rename(columns={"best_theme": "best theme"})
        return html.block(
            html.paragraph(
                f"Compatibility: how far each mentor is ahead of the city where the city needs it most ({SCALE_RANGE}; see the network overview)."
            ),
            html.table(table.round(2), caption=f"Mentors suggested for {self.city.name}"),
        )

    def _mentors_on_theme(self, analysis: CityAnalysis) -> HTML:
        """The mentors as `analyse` ranks them in suggested-mentors.csv: on the theme the city assessed."""
        theme = self.kb.themes[analysis.theme].title
        if analysis.mentors.empty:
            return html.block(html.paragraph(f"No mentor of the network has a self-assessment on “{theme}” yet."))
        table = analysis.mentors[["rank", "mentor_name", "compatibility", "why"]].rename(columns={"mentor_name": "mentor"})
        return html.block(
            html.paragraph(
                f"Compatibility on “{theme}”: how far each mentor is ahead of the city where the city needs it most "
                f"({SCALE_RANGE}; see the network overview). The same ranking is in suggested-mentors.csv."
            ),
            html.table(table, caption=f"Mentors suggested for {self.city.name}"),
        )

    def _practices_for_gaps(self, analysis: CityAnalysis) -> HTML:
        """The practices as `analyse` lists them in suggested-practices.csv: for the city's largest gaps."""
        if analysis.practices.empty:
            return html.block(html.paragraph("No practice in the catalogue addresses the city's largest gaps."))
        table = analysis.practices[["key_factor_title", "gap", "rank", "title", "place", "reason"]].rename(
            columns={"key_factor_title": "key factor"}
        )
        return html.block(
            html.paragraph(
                "For each of the city's largest gaps, the practices that address it best. "
                "The same list is in suggested-practices.csv."
            ),
            html.table(table, caption=f"Practices suggested for {self.city.name}"),
        )
