"""What `inclucities analyse` writes, and how: the executed profile notebook, its standalone HTML report and
the tables, all staged in a temporary folder and moved into the output folder only when every one is ready.

Rerunning replaces exactly these files; anything else in the output folder is left alone. The city's input
files and the knowledge base are never written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inclucities import layout
from inclucities.analysis.city import CityAnalysis, analyse_city
from inclucities.city import summary
from inclucities.city.folder import read_city_folder
from inclucities.errors import UsageError
from inclucities.kb.atomic import write_files
from inclucities.kb.city import CityFolder
from inclucities.kb.loader import load
from inclucities.markup.html import esc
from inclucities.notebooks.execute import run_notebook
from inclucities.notebooks.plan import template_path

TEMPLATE = "city_profile"
CITY_PARAMETER = "city_dir"  # the parameter a city_profile template takes to read a city's own folder


def refused_output(out: Path, city_dir: Path, kb_root: Path) -> str | None:
    """Why `out` may not receive the outputs (it would mix with or overwrite inputs), or None."""
    target, city, kb = out.resolve(), city_dir.resolve(), kb_root.resolve()
    if target == city or city.is_relative_to(target):
        return "is the city's folder or contains it (allowed: a folder of its own, e.g. the default CITY_DIR/report)"
    if target.is_relative_to(city / layout.EUROSTAT_FOLDER):
        return f"is inside the city's {layout.EUROSTAT_FOLDER}/ folder (allowed: a folder of its own, e.g. the default CITY_DIR/report)"
    if target == kb or kb.is_relative_to(target) or any(target.is_relative_to(kb / part) for part in layout.SOURCE_FOLDERS):
        folders = ", ".join(f"{part}/" for part in layout.SOURCE_FOLDERS)
        return f"is the knowledge base or one of its source folders (allowed: a folder outside {folders})"
    inputs = {layout.CITY_FILE, layout.CITY_SERVICES_FILE, f"{layout.ASSESSMENT_STEM}.csv", f"{layout.ASSESSMENT_STEM}.xlsx"}
    if target.is_dir() and any((target / name).exists() for name in inputs) and any(target.iterdir()):
        return "holds a city's input files (allowed: a folder for the outputs only)"
    return None


# --- the notebook -----------------------------------------------------------------------------------------------


def profile_template(kb_root: Path) -> Path:
    """The knowledge base's own city_profile template if it declares a `city_dir` parameter, else the kit's."""
    import papermill

    own = template_path(kb_root, TEMPLATE)
    return own if CITY_PARAMETER in papermill.inspect_notebook(str(own)) else layout.NOTEBOOK_TEMPLATES / f"{TEMPLATE}.ipynb"


def execute_profile(kb_root: Path, folder: CityFolder) -> str:
    """The city_profile notebook executed on the city's folder, cleaned for reproducibility (notebook text)."""
    from inclucities.notebooks.clean import clean_notebook, to_text

    template = profile_template(kb_root)
    parameters = {"city_id": folder.city.id, "kb": str(kb_root.resolve()), CITY_PARAMETER: str(folder.root.resolve())}
    log = tempfile.TemporaryFile()
    saved = os.dup(2)
    os.dup2(log.fileno(), 2)  # the kernel chatters on stderr (transport warnings): not for the city's eyes
    try:
        executed = run_notebook(template, parameters, cwd=str(kb_root.resolve()))
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        log.close()
    return to_text(clean_notebook(executed, f"{folder.city.name}: city profile"))


# --- the report page ------------------------------------------------------------------------------------------

def notebook_parts(notebook_text: str) -> list[str]:
    """The executed notebook's outputs and text as HTML: no code, no scripts, nothing loaded from another host.

    The profile's outputs are HTML built by `inclucities.notebooks.report` (escaped text, inline SVG charts), so they
    are taken as they are; Markdown cells are rendered with markdown-it with raw HTML disabled. The notebook's title
    and its own provenance are left out: the report has its own.
    """
    import nbformat
    from markdown_it import MarkdownIt

    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    notebook = nbformat.reads(notebook_text, as_version=4)
    parts = []
    for cell in notebook.cells:
        if {"remove-cell", "injected-parameters", "parameters"} & set(cell.metadata.get("tags", [])):
            continue
        if cell.cell_type == "markdown" and not cell.source.startswith("# "):
            parts.append(markdown.render(cell.source))
        elif cell.cell_type == "code":
            parts.extend(_output_html(output) for output in cell.get("outputs", []))
    return [part for part in parts if part and "inclucities-provenance" not in part]


def report_page(analysis: CityAnalysis, kb_root: Path, notebook_text: str) -> str:
    """The city's one-page report, with the notebook's analysis folded at its end (see `city.summary`)."""
    css = (layout.KIT_STATIC / "inclucities.css").read_text(encoding="utf-8")
    page = summary.report_html(analysis, kb_root, notebook_parts(notebook_text))
    return page.replace("</style>", f"\n{css}</style>", 1)  # the notebook's figures and tables, styled as in the guide


def _output_html(output: Mapping[str, Any]) -> str:
    """One cell output: its HTML or SVG as the report made it, else its text escaped; errors and streams left out."""

    if output.get("output_type") not in ("display_data", "execute_result"):
        return ""
    data = output.get("data", {})
    for kind in ("text/html", "image/svg+xml"):
        if kind in data:
            value = data[kind]
            return "".join(value) if isinstance(value, list) else str(value)
    text = data.get("text/plain")
    return f"<pre>{esc(''.join(text) if isinstance(text, list) else text)}</pre>" if text else ""


# --- everything, written at once -------------------------------------------------------------------------------------


def output_files(analysis: CityAnalysis, notebook_text: str, report_html: str) -> dict[str, bytes]:
    return {
        layout.CITY_NOTEBOOK_FILE: notebook_text.encode("utf-8"),
        layout.CITY_REPORT_FILE: report_html.encode("utf-8"),
        layout.CITY_MENTORS_FILE: analysis.mentors.to_csv(index=False, lineterminator="\n").encode("utf-8"),
        layout.CITY_PRACTICES_FILE: analysis.practices.to_csv(index=False, lineterminator="\n").encode("utf-8"),
        layout.CITY_DRAFT_FILE: analysis.draft.text.encode("utf-8"),
    }


def write_outputs(out: Path, files: dict[str, bytes]) -> None:
    """Every file staged first, then each moved into `out`, replacing only those (see `kb.atomic`)."""
    write_files({out / name: content for name, content in files.items()})


# --- the whole command ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Analysed:
    files: list[str]  # the names written into the output folder
    best_mentor: str | None  # a line about the best suggested mentor, when there is one


def analyse_folder(
    city_dir: Path, kb_root: Path, theme: str | None, out: Path, echo: Callable[[str], None] = print
) -> Analysed:
    """`inclucities analyse`: validate the city's folder, analyse it once, run its profile notebook, write everything."""
    kb = load(kb_root)
    folder = read_city_folder(city_dir, kb, theme)
    reason = refused_output(out, city_dir, kb_root)
    if reason:
        raise UsageError("--out", f"{out} {reason}")
    analysis = analyse_city(kb, folder)
    for item in folder.left_out:
        echo(f"left out, impossible: {item}")
    echo(f"{folder.city.name}: {len(folder.scores)} key factors scored; running the city profile notebook…")
    notebook = execute_profile(kb_root, folder)
    report = report_page(analysis, kb_root, notebook)
    files = output_files(analysis, notebook, report)
    write_outputs(out, files)
    best = None
    if not analysis.mentors.empty:
        top = analysis.mentors.iloc[0]
        best = f"best suggested mentor: {top['mentor_name']} (compatibility {top['compatibility']:g} of {kb.framework.top})"
    return Analysed(list(files), best)
