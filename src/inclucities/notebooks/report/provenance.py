"""The closing section of every executed notebook, folded: parameters, input files, sources and years, how the
numbers were computed. It comes last, so that a reader meets the findings first; it keeps the page reproducible."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from IPython.display import HTML

from inclucities import layout
from inclucities.kb.model import KnowledgeBase
from inclucities.markup.html import esc
from inclucities.markup.markdown import PROVENANCE_TITLE
from inclucities.notebooks.plan import inputs_for

TITLE = PROVENANCE_TITLE


def provenance(kb: KnowledgeBase, template: str, parameters: dict[str, Any], notes: Sequence[str] = ()) -> HTML:
    """The folded "About this page's data"; `notes` are further plain-text sentences (how something was computed)."""
    files = inputs_for(kb, template, parameters)
    shown = sorted({_group(f, kb.root) for f in files})
    sources = sorted({row.source for row in kb.indicators if _uses_city(row.city, template, parameters, kb)})
    years = sorted({row.year for row in kb.indicators if _uses_city(row.city, template, parameters, kb)})
    params = ", ".join(f"{esc(k)} = <code>{esc(v)}</code>" for k, v in parameters.items() if k != "kb")
    parts = [
        f'<details class="inclucities-provenance"><summary>{esc(TITLE)}</summary>',
        f"<p>Made by inclucities from the notebook template <code>{esc(template)}</code>. "
        f"Parameters: {params or 'none'}. Knowledge base files read: "
        + ", ".join(f"<code>{esc(name)}</code>" for name in shown)
        + ".</p>",
    ]
    if sources:
        span = f"{years[0]}–{years[-1]}" if years[0] != years[-1] else str(years[0])
        parts.append(f"<p>Statistics: {esc('; '.join(sources))}, years {esc(span)}.</p>")
    codes = [
        f"{esc(kb.city_name(c))} <code>{esc(kb.cities[c].eurostat_code)}</code>"
        for c in _cities(template, parameters, kb)
        if c in kb.cities and kb.cities[c].eurostat_code
    ]
    if codes:
        parts.append(f"<p>Eurostat Urban Audit codes: {'; '.join(codes)}.</p>")
    parts += [f"<p>{esc(note)}</p>" for note in notes]
    parts.append("</details>")
    return HTML("".join(parts))


def illustrative_note(kb: KnowledgeBase, template: str, parameters: dict[str, Any]) -> str:
    """A visible note when the page shows invented self-assessments: it belongs beside the findings, not folded."""
    illustrative = [c for c in _cities(template, parameters, kb) if c in kb.assessments and kb.assessments[c].illustrative]
    if not illustrative:
        return ""
    return (
        '<div class="admonition note illustrative"><p class="admonition-title">Illustrative example</p><p>'
        "The self-assessments and action plans shown here were invented to demonstrate the method; they are not the "
        "cities' own.</p></div>"
    )


def _group(path: Path, root: Path) -> str:
    relative = path.relative_to(root.resolve()).as_posix()
    return f"{layout.PRACTICE_FILES} (front matter)" if relative.startswith(f"{layout.PRACTICES}/") else relative


def _cities(template: str, parameters: dict[str, Any], kb: KnowledgeBase) -> list[str]:
    if "pair_id" in parameters:
        pair = kb.pairs[parameters["pair_id"]]
        return [pair.mentor, pair.learner]
    if "city_id" in parameters:
        return [parameters["city_id"]]
    return [c.id for c in kb.network.cities]


def _uses_city(city: str, template: str, parameters: dict[str, Any], kb: KnowledgeBase) -> bool:
    return city in _cities(template, parameters, kb)
