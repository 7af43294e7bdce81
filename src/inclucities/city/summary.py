"""The city report of `inclucities analyse`: one page a mayor can read, and print on one A4 sheet.

It opens with what the city's self-assessment shows, then its largest gaps as labelled bars, the best-matched
mentor with its own reasons, three practices to look at, the team's own evidence notes and the action-plan draft
in plain words, and says what in the comparison is illustrative. The full analysis (the executed profile
notebook) and where every number comes from follow, folded, at the end: they are not printed.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd

from inclucities import __version__, layout
from inclucities.analysis.city import CityAnalysis
from inclucities.kb.files import read_yaml
from inclucities.kb.model import KnowledgeBase
from inclucities.markup.html import esc
from inclucities.markup.markdown import PROVENANCE_TITLE
from inclucities.markup.text import count, join, quote

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
PRACTICES_SHOWN = 3
OTHER_MENTORS_SHOWN = 3
BAR_WIDTH = 200  # px of the 0–4 scale in each bar

PAGE_STYLE = """
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; line-height: 1.45; color: #1a1a1a; margin: 0; }
main { max-width: 52rem; margin: 0 auto; padding: 1.25rem; }
h1 { font-size: 1.6rem; margin: 0.2rem 0 0.6rem; line-height: 1.2; }
h2 { font-size: 1.1rem; margin: 1.2rem 0 0.4rem; border-bottom: 2px solid #0072B2; padding-bottom: 0.15rem; }
p { margin: 0.4rem 0; }
.kicker { color: #4d4d4d; font-size: 0.9rem; margin: 0; }
.lead { font-size: 1.05rem; }
table { border-collapse: collapse; margin: 0.4rem 0; font-size: 0.9rem; width: 100%; }
th, td { border-bottom: 1px solid #c8c8c8; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
td.bar, th.bar { width: 1%; white-space: nowrap; }
td.bar svg, th.bar svg { max-width: none; width: 12.5rem; }
td.score { white-space: nowrap; font-variant-numeric: tabular-nums; }
svg { max-width: 100%; height: auto; }
ol, ul { margin: 0.3rem 0; padding-left: 1.4rem; }
li { margin: 0.2rem 0; }
.small { font-size: 0.85rem; color: #333; }
.note { border-left: 4px solid #8a4b00; background: #fff6e5; padding: 0.4rem 0.8rem; margin: 0.8rem 0; }
.note strong { color: #5c3200; }
details { margin: 0.8rem 0; border-top: 1px solid #c8c8c8; padding-top: 0.4rem; }
summary { font-weight: bold; cursor: pointer; }
.admonition { border-left: 4px solid #0072B2; background: #f2f7fb; padding: 0.5rem 1rem; }
.admonition-title { font-weight: bold; }
@media (max-width: 36rem) {
  main { padding: 0.8rem; }
  /* on a phone each key factor becomes a block: its name, then its bar and score, then the team's note */
  table.scores thead { display: none; }
  table.scores tr { display: block; border-bottom: 1px solid #c8c8c8; padding: 0.4rem 0; }
  table.scores td { display: inline-block; border: 0; padding: 0.1rem 0.3rem 0.1rem 0; }
  table.scores td.name, table.scores td.evidence { display: block; }
  table.scores td.bar { width: auto; vertical-align: middle; }
  table.scores td.name { font-weight: bold; }
  td.bar svg { width: 9rem; }
}
@page { size: A4; margin: 11mm 13mm; }
@media print {
  html { font-size: 8.4pt; }  /* every size above is in rem: the whole page scales to one sheet */
  body { line-height: 1.35; }
  main { max-width: none; padding: 0; }
  h2 { margin-top: 0.7rem; break-after: avoid; }
  table, li, .note { break-inside: avoid; }
  details.full-analysis, .also { display: none; }
  td.bar svg, th.bar svg { width: 9rem; }
  a { color: inherit; }
}
"""


def long_date(day: dt.date) -> str:
    """`3 December 2025`, the same in every locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def guide_address(kb_root: Path) -> str | None:
    """The published guide's address (`html.baseurl` of the knowledge base's `_config.yml`), if it has one."""
    config_file = kb_root / layout.CONFIG_FILE
    if not config_file.is_file():
        return None
    config = read_yaml(config_file, kb_root).data or {}
    url = (config.get("html") or {}).get("baseurl") if isinstance(config, dict) else None
    return str(url).rstrip("/") + "/" if isinstance(url, str) and url.startswith(("https://", "http://")) else None


def practice_link(kb: KnowledgeBase, practice_id: str, guide: str | None) -> str:
    """The practice's title linked to its page of the published guide, else to its first source, else as text."""
    from inclucities import addresses

    practice = kb.practices[practice_id].practice
    if guide:
        href: str | None = f"{guide}{addresses.html_address(addresses.practice_page(practice_id))}"
    else:
        href = next((str(source.url) for source in practice.sources if source.url), None)
    title = esc(practice.title)
    return f'<a href="{esc(href)}">{title}</a>' if href else title


def practice_source(kb: KnowledgeBase, practice_id: str) -> str:
    practice = kb.practices[practice_id].practice
    return practice.sources[0].title if practice.sources else ""


# --- the parts ------------------------------------------------------------------------------------------------------


def bar(score: int, top: int, label: str) -> str:
    """A labelled bar on the whole 0–top scale: a score of 0 shows as an empty track with its 0 marked."""
    width = BAR_WIDTH * score / top
    ticks = "".join(
        f'<line x1="{BAR_WIDTH * i / top + 1:.1f}" y1="2" x2="{BAR_WIDTH * i / top + 1:.1f}" y2="20" stroke="#8c8c8c" stroke-width="1"/>'
        for i in range(top + 1)
    )
    return (
        f'<svg role="img" aria-label="{esc(label)}" width="{BAR_WIDTH + 2}" height="22" viewBox="0 0 {BAR_WIDTH + 2} 22">'
        f'<rect x="1" y="5" width="{BAR_WIDTH}" height="12" fill="#e8eef3"/>{ticks}'
        + (f'<rect x="1" y="5" width="{width:.1f}" height="12" fill="#0072B2"/>' if score else "")
        + "</svg>"
    )


def axis(top: int) -> str:
    labels = "".join(
        f'<text x="{BAR_WIDTH * i / top + 1:.1f}" y="12" font-size="11" text-anchor="{"start" if i == 0 else "end" if i == top else "middle"}"'
        f' fill="#333">{i}</text>'
        for i in range(top + 1)
    )
    return f'<svg aria-hidden="true" width="{BAR_WIDTH + 2}" height="16" viewBox="0 0 {BAR_WIDTH + 2} 16">{labels}</svg>'


def scores_section(analysis: CityAnalysis) -> str:
    kb, folder = analysis.view, analysis.folder
    top = kb.framework.top
    evidence = {s.key_factor: s.evidence for s in folder.scores}
    levels = {level.score: level.label for level in kb.framework.scale}
    largest = set(analysis.largest_gaps["key_factor"])
    rows = []
    for gap in analysis.gaps.to_dict("records"):
        score, title, key_factor = int(gap["score"]), str(gap["key_factor_title"]), str(gap["key_factor"])
        name = esc(title) + (" <strong>(largest gap)</strong>" if key_factor in largest and gap["gap"] else "")
        label = f"{title}: {score} of {top}"
        note = esc(evidence.get(key_factor, "")) or '<span class="small">no note given</span>'
        rows.append(
            f"<tr><td class='name'>{name}</td><td class='bar'>{bar(score, top, label)}</td>"
            f"<td class='score'>{score} of {top} <span class='small'>{esc(levels.get(score, ''))}</span></td>"
            f"<td class='evidence small'>{note}</td></tr>"
        )
    head = f"<tr><th>Key factor</th><th class='bar'>{axis(top)}</th><th>Score</th><th>What the team noted</th></tr>"
    scale = "; ".join(f"{level.score} {level.label}" for level in kb.framework.scale)
    return (
        "<h2>Where the city stands</h2>"
        f"<p class='small'>Each key factor as the team scored it, largest gaps first (scale: {esc(scale)}), with the "
        "evidence the team gave for its score.</p>"
        f"<table class='scores'><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def mentor_section(analysis: CityAnalysis) -> str:
    kb, city = analysis.view, analysis.folder.city.name
    theme = kb.themes[analysis.theme].title
    if analysis.mentors.empty or analysis.mentors["compatibility"].iloc[0] <= 0:
        return f"<h2>A mentor to learn from</h2><p>No mentor of the network is ahead of {esc(city)} on {esc(quote(theme))} yet.</p>"
    best = analysis.mentors.iloc[0]
    parts = [
        "<h2>A mentor to learn from</h2>",
        f"<p><strong>{esc(best['mentor_name'])}</strong> ({esc(best['country'])}) matches {esc(city)} best. "
        f"{esc(best['why'])}.</p>",
    ]
    others = analysis.mentors.iloc[1 : 1 + OTHER_MENTORS_SHOWN]
    if not others.empty:
        items = "".join(f"<li>{esc(m['why'])}.</li>" for _, m in others.iterrows())
        parts.append(f"<div class='also small'><p>Also suited, each for its own reasons:</p><ul>{items}</ul></div>")
    return "".join(parts)


def chosen_practices(analysis: CityAnalysis) -> pd.DataFrame:
    """The practices to look at first: the best one for each of the largest gaps, then the next best, no repeats."""
    practices = analysis.practices.sort_values(["rank", "gap"], ascending=[True, False], kind="stable")
    return practices.drop_duplicates("practice").head(PRACTICES_SHOWN)


def practices_section(analysis: CityAnalysis, guide: str | None) -> str:
    kb = analysis.view
    chosen = chosen_practices(analysis)
    if chosen.empty:
        return "<h2>Practices to look at</h2><p>No practice of the catalogue addresses the city's largest gaps yet.</p>"
    items = []
    for row in chosen.itertuples():
        source = practice_source(kb, str(row.practice))
        mark = " <em>(illustrative example)</em>" if bool(row.illustrative) else ""
        place, country = kb.practice_place(kb.practices[str(row.practice)].practice)
        items.append(
            f"<li>{practice_link(kb, str(row.practice), guide)} ({esc(place)}, {esc(country)}){mark}: for "
            f"{esc(quote(row.key_factor_title))}." + (f" <span class='small'>Source: {esc(source)}.</span>" if source else "") + "</li>"
        )
    where = "pages in the published guide" if guide else "sources"
    return (
        f"<h2>{count(len(items), 'practice')} to look at</h2>"
        f"<p class='small'>Practices of other cities that address the largest gaps; the names link to their {where}.</p>"
        f"<ol>{''.join(items)}</ol>"
    )


def plan_section(analysis: CityAnalysis) -> str:
    kb = analysis.view
    versions = analysis.draft.data["versions"]
    assert isinstance(versions, dict)  # the draft's data is the plan as `action_plan_draft` built it
    version = next(iter(versions.values()))
    items = []
    for action in version["actions"]:
        inspired = action.get("inspired_by")
        practice = kb.practices[inspired].practice.title if inspired in kb.practices else ""
        # the draft's title names the practice it adapts; otherwise say which one inspired it
        source = f" Inspired by {esc(quote(practice))}." if practice and practice not in str(action["title"]) else ""
        items.append(f"<li>{esc(action['title'])}, {esc(action['start'])} to {esc(action['end'])}.{source}</li>")
    return (
        "<h2>A first action plan</h2>"
        f"<p class='small'>A draft to discuss: one action for each of the largest gaps. Who leads each action, its partners, "
        f"budget, indicator and target are for the team to set in the draft delivered with this report "
        f"({esc(layout.CITY_DRAFT_FILE)}).</p><ol>{''.join(items)}</ol>"
    )


def illustrative_section(analysis: CityAnalysis) -> str:
    kb = analysis.view
    mentors = [str(m) for m in analysis.mentors["mentor"]]
    invented = [kb.city_name(m) for m in mentors if m in kb.assessments and kb.assessments[m].illustrative]
    invented_practices = bool(analysis.practices["illustrative"].astype(bool).any()) if not analysis.practices.empty else False
    if not invented and not invented_practices:
        return (
            "<p class='note'><strong>What the comparison rests on.</strong> The mentors' scores are their own "
            "self-assessments, as recorded in the knowledge base.</p>"
        )
    sentences = []
    if invented:
        everyone = len(invented) == len(mentors)
        who = "all the mentors" if everyone else join(invented)
        sentences.append(
            f"The self-assessment scores of {esc(who)}, which this report compares the city with, are illustrative: they "
            "were invented to demonstrate the method and are not the cities' own. The mentor ranking shows how the method "
            "works, not how these cities really stand."
        )
    if invented_practices:
        sentences.append("Practices marked “illustrative example” were invented too.")
    sentences.append("The city's own scores and notes are its team's.")
    return f"<p class='note'><strong>What is illustrative.</strong> {' '.join(sentences)}</p>"


def lead(analysis: CityAnalysis) -> str:
    kb, folder = analysis.view, analysis.folder
    top = kb.framework.top
    theme = kb.themes[analysis.theme].title
    scores = analysis.gaps
    mean = float(scores["score"].mean()) if not scores.empty else 0.0
    largest = [f"{quote(t)} ({int(s)} of {top})" for t, s in zip(analysis.largest_gaps["key_factor_title"], analysis.largest_gaps["score"], strict=True)]
    text = (
        f"{folder.city.name}'s team scored the city on {count(len(scores), 'key factor')} of {quote(theme)}, "
        f"on a scale from 0 to {top}: {mean:.1f} on average."
    )
    if largest and analysis.largest_gaps["gap"].iloc[0] > 0:
        text += f" The largest gaps: {join(largest)}."
    if not analysis.mentors.empty and analysis.mentors["compatibility"].iloc[0] > 0:
        text += f" The best-matched mentor of the network is {analysis.mentors['mentor_name'].iloc[0]}."
    return text


def provenance_section(analysis: CityAnalysis, kb_root: Path) -> str:
    folder = analysis.folder
    kb = analysis.view
    files = ", ".join(f"<code>{esc(p.relative_to(folder.root).as_posix())}</code>" for p in folder.files)
    dated = (
        "the SOURCE_DATE_EPOCH setting"
        if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit()
        else "the day the newest of the city's files was saved"
    )
    outputs = ", ".join(f"<code>{esc(name)}</code>" for name in layout.CITY_OUTPUT_FILES)
    return (
        f'<details class="inclucities-provenance"><summary>{esc(PROVENANCE_TITLE.replace("page", "report"))}</summary>'
        f"<p>Made by inclucities {esc(__version__)} (<code>inclucities analyse</code>) from the city's files {files} in "
        f"<code>{esc(folder.root.name)}</code>, compared with the knowledge base {esc(kb.network.network.name)} "
        f"(<code>{esc(kb_root.resolve().name)}</code>). The date is {esc(dated)}.</p>"
        f"<p>A key factor's gap is {kb.framework.top} minus the city's score. A mentor's compatibility (0–{kb.framework.top}) is "
        "how far it is ahead of the city on each key factor of the theme, weighted by how much the city needs it "
        f"({kb.framework.top} minus its score), using the network's baseline self-assessments. Practices are ranked by "
        "the gaps they address; a practice of the best-matched mentor comes first on a tie.</p>"
        f"<p>Written beside this report: {outputs}.</p></details>"
    )


def report_html(analysis: CityAnalysis, kb_root: Path, full_analysis: list[str]) -> str:
    """The report page; `full_analysis` is the executed profile notebook's HTML, shown folded at the end."""
    kb, city = analysis.view, analysis.folder.city
    theme = kb.themes[analysis.theme].title
    title = f"{city.name}: city profile"
    body = [
        f"<p class='kicker'>City profile · self-assessment report · {esc(long_date(analysis.date))}</p>",
        f"<h1>{esc(city.name)}: {esc(theme)}</h1>",
        f"<p class='lead'>{esc(lead(analysis))}</p>",
        illustrative_section(analysis),
        scores_section(analysis),
        mentor_section(analysis),
        practices_section(analysis, guide_address(kb_root)),
        plan_section(analysis),
        '<details class="full-analysis"><summary>The full analysis: statistics, every suggested practice and mentor'
        "</summary>" + "\n".join(full_analysis) + "</details>",
        provenance_section(analysis, kb_root),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{PAGE_STYLE}</style>\n</head>\n"
        "<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )
