"""What an integrated toolkit holds outside the book: which practices it shows, in which order, and the
downloadable bundle (a standalone HTML page, the templates and the practices' data in one zip).

The standalone page is written here with every text escaped, inline styles and nothing loaded from elsewhere,
so that it can be read offline from the unpacked zip.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from inclucities import addresses
from inclucities.kb.model import KnowledgeBase
from inclucities.kb.schema.common import Source
from inclucities.kb.schema.framework import Benchmark
from inclucities.kb.schema.practice import Practice
from inclucities.kb.schema.toolkit import Toolkit
from inclucities.markup.html import esc
from inclucities.site.toolkits import spreadsheets as templates

QUESTIONNAIRE_CSV = addresses.QUESTIONNAIRE_CSV
SCALE_CSV = addresses.SCALE_CSV
QUESTIONNAIRE_XLSX = addresses.QUESTIONNAIRE_XLSX
ACTION_PLAN_CSV = addresses.ACTION_PLAN_CSV
ACTION_PLAN_XLSX = addresses.ACTION_PLAN_XLSX
PRACTICES_CSV = addresses.PRACTICES_CSV
PRACTICE_COLUMNS = (
    "id", "title", "summary", "place", "country", "themes", "key_factors", "target_groups", "status", "start", "end",
    "mentor_practice", "sources", "illustrative",
)  # fmt: skip
LIST_SEPARATOR = "; "


def bundle_name(toolkit_id: str) -> str:
    return addresses.toolkit_bundle(toolkit_id)


def page_name(toolkit_id: str) -> str:
    return f"{toolkit_id}.html"


# --- which practices, in which order ---------------------------------------------------------------------------


def mentor_cities(kb: KnowledgeBase, toolkit: Toolkit) -> set[str]:
    """The mentor cities of the pairs that work on the toolkit's benchmark."""
    return {pair.mentor for pair in kb.network.pairs if pair.benchmark == toolkit.benchmark}


def _order(kb: KnowledgeBase, toolkit: Toolkit) -> Callable[[Practice], tuple[int, int, str]]:
    mentors = mentor_cities(kb, toolkit)
    listed = {practice_id: i for i, practice_id in enumerate(toolkit.mentor_practices)}

    # The pair's mentor shares its practices with the learner: those the toolkit lists come first, in its order,
    # with the rest of the mentor city's practices; then practices other mentors shared; then the catalogue.
    def key(practice: Practice) -> tuple[int, int, str]:
        group = 0 if practice.id in listed or practice.city in mentors else 1 if practice.mentor_practice else 2
        return (group, listed.get(practice.id, len(listed)), practice.title.lower())

    return key


def practices_for(kb: KnowledgeBase, toolkit: Toolkit, key_factor_id: str) -> list[Practice]:
    """The practices that address one key factor, the pair's mentor practices first."""
    found = [entry.practice for entry in kb.practices.values() if key_factor_id in entry.practice.key_factors]
    return sorted(found, key=_order(kb, toolkit))


def featured_practices(kb: KnowledgeBase, toolkit: Toolkit) -> list[Practice]:
    """The practices the toolkit lists, then the other practices of the pair's mentor city on the same theme."""
    mentors = mentor_cities(kb, toolkit)
    found = [
        entry.practice
        for entry in kb.practices.values()
        if entry.practice.id in toolkit.mentor_practices
        or (entry.practice.city in mentors and toolkit.theme in entry.practice.themes)
    ]
    return sorted(found, key=_order(kb, toolkit))


def toolkit_practices(kb: KnowledgeBase, toolkit: Toolkit) -> list[Practice]:
    """The featured practices and every practice that addresses one of the benchmark's key factors."""
    key_factors = {kf.id for kf in kb.benchmarks[toolkit.benchmark].key_factors}
    featured = {practice.id for practice in featured_practices(kb, toolkit)}
    found = [
        entry.practice
        for entry in kb.practices.values()
        if entry.practice.id in featured or key_factors & set(entry.practice.key_factors)
    ]
    return sorted(found, key=_order(kb, toolkit))


def from_mentor_city(kb: KnowledgeBase, toolkit: Toolkit, practice: Practice) -> bool:
    """Whether a practice is one of the mentor city of a pair working on the toolkit's benchmark."""
    return practice.city in mentor_cities(kb, toolkit)


# --- the templates and the practices' data ---------------------------------------------------------------------


def example_action(kb: KnowledgeBase, toolkit: Toolkit) -> tuple[str | None, str | None]:
    """(practice, key factor) of the action-plan example: the first practice shown, on its key factor."""
    for kf in kb.benchmarks[toolkit.benchmark].key_factors:
        practices = practices_for(kb, toolkit, kf.id)
        if practices:
            return practices[0].id, kf.id
    return None, None


def template_files(kb: KnowledgeBase, toolkit: Toolkit) -> dict[str, bytes]:
    benchmark = kb.benchmarks[toolkit.benchmark]
    inspired_by, key_factor = example_action(kb, toolkit)
    return {
        QUESTIONNAIRE_CSV: templates.questionnaire_csv(benchmark),
        SCALE_CSV: templates.scale_csv(kb.framework.scale),
        QUESTIONNAIRE_XLSX: templates.questionnaire_xlsx(benchmark, kb.framework.scale, toolkit.title),
        ACTION_PLAN_CSV: templates.action_plan_csv(benchmark, inspired_by, key_factor),
        ACTION_PLAN_XLSX: templates.action_plan_xlsx(benchmark, toolkit.title, inspired_by, key_factor),
    }


def practice_rows(kb: KnowledgeBase, practices: Sequence[Practice]) -> list[dict[str, str]]:
    rows = []
    for practice in practices:
        place, country = kb.practice_place(practice)
        rows.append(
            {
                "id": practice.id,
                "title": practice.title,
                "summary": practice.summary,
                "place": place,
                "country": country,
                "themes": LIST_SEPARATOR.join(practice.themes),
                "key_factors": LIST_SEPARATOR.join(practice.key_factors),
                "target_groups": LIST_SEPARATOR.join(practice.target_groups),
                "status": practice.status,
                "start": str(practice.start),
                "end": str(practice.end) if practice.end else "",
                "mentor_practice": str(practice.mentor_practice).lower(),
                "sources": LIST_SEPARATOR.join(source.url for source in practice.sources if source.url),
                "illustrative": str(practice.illustrative).lower(),
            }
        )
    return rows


def practices_csv(kb: KnowledgeBase, toolkit: Toolkit) -> bytes:
    return templates.to_csv(PRACTICE_COLUMNS, practice_rows(kb, toolkit_practices(kb, toolkit)))


def files(kb: KnowledgeBase, toolkit: Toolkit) -> dict[str, bytes]:
    """Every downloadable file of a toolkit (name → content), the bundle last since it holds the others."""
    contents = template_files(kb, toolkit)
    contents[PRACTICES_CSV] = practices_csv(kb, toolkit)
    members = {page_name(toolkit.id): standalone_html(kb, toolkit).encode("utf-8"), **contents}
    members["README.txt"] = readme(kb, toolkit).encode("utf-8")
    # The files sit in a folder inside the zip, so that unpacking it does not scatter them.
    contents[bundle_name(toolkit.id)] = templates.zip_bytes({f"{toolkit.id}/{name}": data for name, data in members.items()})
    return contents


def readme(kb: KnowledgeBase, toolkit: Toolkit) -> str:
    benchmark = kb.benchmarks[toolkit.benchmark]
    lines = [
        toolkit.title,
        "",
        f"{page_name(toolkit.id)}: the toolkit, to read in a browser (it works offline).",
        f"{QUESTIONNAIRE_XLSX} or {QUESTIONNAIRE_CSV} with {SCALE_CSV}: the self-assessment questionnaire.",
        "  Give every key factor a score on the scale and note your evidence.",
        f"{ACTION_PLAN_XLSX} or {ACTION_PLAN_CSV}: the action-plan template. Its first row is an example; delete it.",
        f"  key_factor is one of: {', '.join(kf.id for kf in benchmark.key_factors)}",
        f"  status is one of: {', '.join(templates.ACTION_STATUSES)}",
        "  partners are separated by semicolons; dates are written YYYY, YYYY-MM or YYYY-MM-DD; budget is in euros.",
        f"{PRACTICES_CSV}: the good practices the toolkit shows, with their sources.",
    ]
    if toolkit.illustrative:
        lines += ["", "Parts of this toolkit were invented to demonstrate the method; they are not sourced facts."]
    return "\n".join(lines) + "\n"


# --- the standalone page ----------------------------------------------------------------------------------------

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5; color: #1b1b1b;
       max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3 { line-height: 1.25; }
h2 { border-bottom: 2px solid #1f4e79; padding-bottom: .2rem; margin-top: 2.5rem; }
blockquote { border-left: 4px solid #1f4e79; margin: 1rem 0; padding: .2rem 1rem; background: #eef3f8; }
.illustrative { border: 2px solid #8a5a00; background: #fff6e0; padding: .5rem 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #767676; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef3f8; }
a { color: #1f4e79; }
.mentor { font-weight: bold; }
"""


def _paragraphs(value: str) -> str:
    return "\n".join(f"<p>{esc(' '.join(part.split()))}</p>" for part in value.split("\n\n") if part.strip())


def _sources(items: Sequence[Source]) -> str:
    entries = []
    for source in items:
        title, url = esc(source.title), source.url
        entries.append(f'<li><a href="{esc(url)}">{title}</a></li>' if url else f"<li>{title}</li>")
    return "<ul>\n" + "\n".join(entries) + "\n</ul>"


def standalone_html(kb: KnowledgeBase, toolkit: Toolkit) -> str:
    benchmark = kb.benchmarks[toolkit.benchmark]
    theme = kb.themes[toolkit.theme]
    parts = [f"<h1>{esc(toolkit.title)}</h1>", f"<p>Theme: {esc(theme.title)}</p>"]
    if toolkit.illustrative:
        parts.append(
            '<p class="illustrative"><strong>Illustrative example.</strong> Parts of this toolkit were invented to '
            "demonstrate the method; they are not sourced facts about the cities named.</p>"
        )
    parts.append(_paragraphs(toolkit.intro))
    parts.append(_benchmark_html(benchmark))
    parts.append("<h2>Key factors</h2>")
    for kf in benchmark.key_factors:
        parts.append(f"<h3>{esc(kf.title)}</h3>")
        parts.append("<p><strong>Why and how.</strong></p>" + _paragraphs(kf.why_how))
        parts.append(
            "<p><strong>Guiding questions</strong></p>\n<ol>"
            + "".join(f"<li>{esc(q)}</li>" for q in kf.guiding_questions)
            + "</ol>"
        )
        practices = practices_for(kb, toolkit, kf.id)
        if practices:
            parts.append("<p><strong>Practices that address it</strong></p>\n" + _practice_list(kb, toolkit, practices))
    featured = featured_practices(kb, toolkit)
    if featured:
        parts.append("<h2>Featured practices</h2>\n" + _practice_list(kb, toolkit, featured, summaries=True))
    if toolkit.additional_factors:
        parts.append("<h2>Additional factors</h2>")
        for factor in toolkit.additional_factors:
            parts.append(f"<h3>{esc(factor.title)}</h3>\n{_paragraphs(factor.description)}")
    parts.append(_templates_html(kb))
    if toolkit.sources or benchmark.sources:
        parts.append("<h2>Sources</h2>\n" + _sources([*toolkit.sources, *benchmark.sources]))
    body = "\n".join(parts)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(toolkit.title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _benchmark_html(benchmark: Benchmark) -> str:
    parts = ["<h2>The benchmark</h2>", f"<blockquote>{_paragraphs(benchmark.statement)}</blockquote>"]
    if benchmark.indicators:
        parts.append(
            "<p>Indicators to follow it:</p>\n<ul>" + "".join(f"<li>{esc(i)}</li>" for i in benchmark.indicators) + "</ul>"
        )
    return "\n".join(parts)


def _practice_list(kb: KnowledgeBase, toolkit: Toolkit, practices: Sequence[Practice], summaries: bool = False) -> str:
    items = []
    for practice in practices:
        place, country = kb.practice_place(practice)
        mentor = from_mentor_city(kb, toolkit, practice)
        item = f'<span class="mentor">{esc(practice.title)}</span>' if mentor else esc(practice.title)
        item += f" ({esc(place)}, {esc(country)}{', mentor city' if mentor else ''})"
        if summaries:
            item += f": {esc(practice.summary)}"
        items.append(f"<li>{item}</li>")
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def _templates_html(kb: KnowledgeBase) -> str:
    scale = "".join(
        f"<tr><td>{level.score}</td><td>{esc(level.label)}</td><td>{esc(level.description)}</td></tr>"
        for level in kb.framework.scale
    )
    links: Mapping[str, str] = {
        QUESTIONNAIRE_XLSX: "Self-assessment questionnaire (XLSX)",
        QUESTIONNAIRE_CSV: "Self-assessment questionnaire (CSV)",
        SCALE_CSV: "The scale (CSV)",
        ACTION_PLAN_XLSX: "Action-plan template (XLSX)",
        ACTION_PLAN_CSV: "Action-plan template (CSV)",
        PRACTICES_CSV: "The practices' data (CSV)",
    }
    return (
        "<h2>Templates</h2>\n<p>Score every key factor on this scale, with the evidence for the score, at the baseline "
        "and after each study visit. The files below are in the same folder as this page.</p>\n"
        '<table>\n<thead><tr><th scope="col">Score</th><th scope="col">Level</th><th scope="col">What it means</th></tr></thead>\n'
        f"<tbody>{scale}</tbody>\n</table>\n<ul>\n"
        + "\n".join(f'<li><a href="{esc(name)}">{esc(label)}</a></li>' for name, label in links.items())
        + "\n</ul>"
    )
