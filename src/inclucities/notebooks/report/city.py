"""One city's profile shown by notebooks/city_profile.ipynb: context, self-assessment, suggestions."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML, display

from inclucities import layout
from inclucities.analysis.city import CityAnalysis
from inclucities.analysis.matching import suggest_mentors
from inclucities.analysis.recommend import rank_practices
from inclucities.analysis.scores import latest_scores
from inclucities.figures.charts import STAGE_LABELS, score_bars
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.framework import SCALE_RANGE
from inclucities.markup.text import count, quote
from inclucities.notebooks.report import html
from inclucities.notebooks.report.common import Links, colours, context_section, distribution_figures, open_kb
from inclucities.notebooks.report.provenance import illustrative_note, provenance

TEMPLATE = "city_profile"


class CityReport:
    """A city of the knowledge base; or, with `analysis`, a city's own folder analysed against it (`analyse`)."""

    def __init__(self, kb: KnowledgeBase, city_id: str, city_files: tuple[str, ...] = (), analysis: CityAnalysis | None = None):
        self.kb = kb
        self.city_files = city_files  # a city's own folder analysed with `inclucities analyse`
        self.analysis = analysis  # its analysis: the same tables `analyse` writes beside the report
        self.city = kb.cities[city_id]
        self.latest = latest_scores(kb, city_id) if city_id in kb.assessments else pd.DataFrame()
        # a city's own report is read outside the guide: records are named, not linked
        self.links = Links(kb, None) if analysis is not None else Links.in_guide(kb, TEMPLATE)

    @classmethod
    def open(cls, kb: str, city_id: str) -> CityReport:
        """The city `city_id` of the knowledge base in the folder `kb`."""
        return cls(open_kb(kb), city_id)

    def provenance(self) -> HTML:
        note = provenance(self.kb, TEMPLATE, {"city_id": self.city.id})
        if not self.city_files:
            return note
        files = ", ".join(f"<code>{html.esc(name)}</code>" for name in self.city_files)
        mine = f"<p>The city's own files read: {files}. The city is compared with the knowledge base's network.</p></details>"
        return HTML(note.data.removesuffix("</details>") + mine)

    def summary(self) -> HTML:
        """What the page shows and what it finds, before anything else."""
        city = self.city
        shows = (
            f"{city.name} ({city.country}) is a {city.role} city of about {city.population:,} inhabitants. This page places "
            "it among European cities, shows its latest self-assessment and suggests practices"
            + (" and mentors" if city.role == "learner" else "")
            + " for the key factors where it has most room to grow."
        )
        return html.block(html.summary(shows, self._finding()), illustrative_note(self.kb, TEMPLATE, {"city_id": city.id}))

    def _finding(self) -> str:
        if self.latest.empty:
            return f"{self.city.name} has no self-assessment in the knowledge base yet."
        ordered = self.latest.sort_values(["score", "key_factor_title"])
        low, high = ordered.iloc[0], ordered.iloc[-1]
        stage = STAGE_LABELS.get(self.latest["stage"].iloc[0], str(self.latest["stage"].iloc[0]))
        finding = (
            f"In its latest self-assessment ({stage}) it scored lowest on {quote(low['key_factor_title'])} "
            f"({low['score']} of {self.kb.framework.top}) and highest on {quote(high['key_factor_title'])} ({high['score']})."
        )
        if self.analysis is not None and not self.analysis.mentors.empty:
            finding += f" The best-matched mentor of the network is {self.analysis.mentors['mentor_name'].iloc[0]}."
        elif self.analysis is None and self.city.role == "learner":
            ranked = suggest_mentors(self.kb, self.city.id)
            if not ranked.empty:
                finding += f" The best-matched mentor of the network is {self.kb.city_name(ranked['mentor'].iloc[0])}."
        return finding

    def introduction(self) -> HTML:
        city = self.city
        association: str | None = city.association
        if self.analysis is not None:  # the city's own file may name none: say nothing rather than invent one
            association = self.analysis.folder.city.association
        lines = [html.esc(f"{city.name} is accompanied by {association}.") if association else ""]  # HTML, escaped
        for pair in (p for p in self.kb.network.pairs if city.id in (p.mentor, p.learner)):
            other = pair.learner if pair.mentor == city.id else pair.mentor
            role = "mentors" if pair.mentor == city.id else "is mentored by"
            lines.append(f"It {role} {self.links.city(other)} on the theme {self.links.theme(pair.theme)}.")
        return html.block(*(f"<p>{line}</p>" for line in lines if line))

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
        ordered = data.sort_values(["score", "key_factor_title"])
        low, high = ordered.iloc[0], ordered.iloc[-1]
        alt_text = (
            f"Bar chart of {self.city.name}'s latest score on {count(len(data), 'key factor')}"
            + (
                f" of {quote(by_theme.index[0])}"
                if len(by_theme) == 1
                else f" in {len(by_theme)} themes (weakest theme {quote(by_theme.index[0])}, mean {by_theme.iloc[0]:.1f}; "
                f"strongest {quote(by_theme.index[-1])}, mean {by_theme.iloc[-1]:.1f})"
            )
            + f", on a scale of {SCALE_RANGE}. Lowest: {quote(low['key_factor_title'])} ({low['score']}); "
            f"highest: {quote(high['key_factor_title'])} ({high['score']})."
        )
        columns = ["key_factor_title", "score", "stage"] if len(by_theme) == 1 else ["theme_title", "key_factor_title", "score", "stage"]
        table = data.assign(stage=data["stage"].map(STAGE_LABELS))[columns]
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
        rows = [
            [str(r.rank), self.links.practice(str(r.practice)), html.esc(r.place), html.esc(r.reason)]
            for r in ranked.itertuples()
        ]
        return html.block(
            html.paragraph(
                f"Practices ranked by how much room the city has ({self.kb.framework.top} minus its latest score) on the "
                "key factors they address, added up over those key factors."
            ),
            html.html_table(["rank", "practice", "place", "why"], rows, caption=f"Practices suggested for {self.city.name}"),
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
                f"Compatibility ({SCALE_RANGE}): how far each mentor is ahead of the city on the key factors where the city "
                "needs it most, in the theme where the two match best; the network overview explains it."
            ),
            html.table(table.round(2), caption=f"Mentors suggested for {self.city.name}"),
        )

    def _mentors_on_theme(self, analysis: CityAnalysis) -> HTML:
        """The mentors as `analyse` ranks them in suggested-mentors.csv: on the theme the city assessed."""
        theme = self.kb.themes[analysis.theme].title
        if analysis.mentors.empty:
            return html.block(html.paragraph(f"No mentor of the network has a self-assessment on {quote(theme)} yet."))
        table = analysis.mentors[["rank", "mentor_name", "compatibility", "why"]].rename(columns={"mentor_name": "mentor"})
        return html.block(
            html.paragraph(
                f"Compatibility on {quote(theme)} ({SCALE_RANGE}): how far each mentor is ahead of the city on the key "
                f"factors where the city needs it most. The same ranking is in {layout.CITY_MENTORS_FILE}."
            ),
            html.table(table, caption=f"Mentors suggested for {self.city.name}"),
        )

    def _practices_for_gaps(self, analysis: CityAnalysis) -> HTML:
        """The practices as `analyse` lists them in suggested-practices.csv: for the city's largest gaps."""
        if analysis.practices.empty:
            return html.block(html.paragraph("No practice in the catalogue addresses the city's largest gaps."))
        rows = [
            [html.esc(r.key_factor_title), str(r.gap), str(r.rank), practice_named(self.kb, str(r.practice)), html.esc(r.place)]
            for r in analysis.practices.itertuples()
        ]
        return html.block(
            html.paragraph(
                f"For each of the city's largest gaps ({self.kb.framework.top} minus its score), the practices that address "
                f"it best. The same list is in {layout.CITY_PRACTICES_FILE}."
            ),
            html.html_table(["key factor", "gap", "rank", "practice", "place"], rows, caption=f"Practices suggested for {self.city.name}"),
        )


def practice_named(kb: KnowledgeBase, practice_id: str) -> str:
    """A practice named outside the guide: its title, linked to its first source with an address when it has one."""
    practice = kb.practices[practice_id].practice
    url = next((source.url for source in practice.sources if source.url), None)
    return html.link(practice.title, str(url)) if url else html.esc(practice.title)
