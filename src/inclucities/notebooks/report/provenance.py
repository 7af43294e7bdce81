"""The provenance note at the top of every executed notebook: parameters, input files, sources, dates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from IPython.display import HTML

from inclucities import layout
from inclucities.kb.model import KnowledgeBase
from inclucities.markup.html import esc
from inclucities.notebooks.plan import inputs_for


def provenance(kb: KnowledgeBase, template: str, parameters: dict[str, Any]) -> HTML:
    files = inputs_for(kb, template, parameters)
    shown = sorted({_group(f, kb.root) for f in files})
    sources = sorted({row.source for row in kb.indicators if _uses_city(row.city, template, parameters, kb)})
    years = sorted({row.year for row in kb.indicators if _uses_city(row.city, template, parameters, kb)})
    params = ", ".join(f"{esc(k)} = <code>{esc(v)}</code>" for k, v in parameters.items() if k != "kb")
    parts = [
        '<div class="admonition note inclucities-provenance"><p class="admonition-title">How this page was made</p>',
        f"<p>Parameters: {params or 'none'}. Knowledge base files read: "
        + ", ".join(f"<code>{esc(name)}</code>" for name in shown)
        + ".</p>",
    ]
    if sources:
        span = f"{years[0]}–{years[-1]}" if years[0] != years[-1] else str(years[0])
        parts.append(f"<p>Statistics: {esc('; '.join(sources))}, years {esc(span)}.</p>")
    illustrative = [c for c in _cities(template, parameters, kb) if c in kb.assessments and kb.assessments[c].illustrative]
    if illustrative:
        parts.append(
            "<p><strong>Illustrative example:</strong> the self-assessments and action plans shown here were invented "
            "to demonstrate the method; they are not the cities' own.</p>"
        )
    parts.append("</div>")
    return HTML("".join(parts))


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
