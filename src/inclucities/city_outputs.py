"""What `inclucities analyse` writes, and how: the executed profile notebook, its standalone HTML report and
the tables, all staged in a temporary folder and moved into the output folder only when every one is ready.

Rerunning replaces exactly these files; anything else in the output folder is left alone. The city's input
files and the knowledge base are never written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from inclucities.city_analysis import CityAnalysis
from inclucities.city_folder import ASSESSMENT_STEM, CITY_FILE, EUROSTAT_FOLDER, SERVICES_FILE, CityFolder
from inclucities.pipeline.execute import run_notebook

NOTEBOOK_FILE = "city-profile.ipynb"
REPORT_FILE = "city-profile.html"
MENTORS_FILE = "suggested-mentors.csv"
PRACTICES_FILE = "suggested-practices.csv"
DRAFT_FILE = "action-plan-draft.yml"
OUTPUT_FILES = (NOTEBOOK_FILE, REPORT_FILE, MENTORS_FILE, PRACTICES_FILE, DRAFT_FILE)
KB_SOURCES = ("data", "practices", "toolkits", "notebooks", "book")
TEMPLATE = "city_profile"


def refused_output(out: Path, city_dir: Path, kb_root: Path) -> str | None:
    """Why `out` may not receive the outputs (it would mix with or overwrite inputs), or None."""
    target, city, kb = out.resolve(), city_dir.resolve(), kb_root.resolve()
    if target == city or city.is_relative_to(target):
        return "is the city's folder or contains it (allowed: a folder of its own, e.g. the default CITY_DIR/report)"
    if target.is_relative_to(city / EUROSTAT_FOLDER):
        return f"is inside the city's {EUROSTAT_FOLDER}/ folder (allowed: a folder of its own, e.g. the default CITY_DIR/report)"
    if target == kb or kb.is_relative_to(target) or any(target.is_relative_to(kb / part) for part in KB_SOURCES):
        return "is the knowledge base or one of its source folders (allowed: a folder outside data/, practices/, toolkits/, notebooks/, book/)"
    inputs = {CITY_FILE, SERVICES_FILE, f"{ASSESSMENT_STEM}.csv", f"{ASSESSMENT_STEM}.xlsx"}
    if target.is_dir() and any((target / name).exists() for name in inputs) and any(target.iterdir()):
        return "holds a city's input files (allowed: a folder for the outputs only)"
    return None


# --- the notebook -----------------------------------------------------------------------------------------------


def profile_template(kb_root: Path) -> Path:
    """The knowledge base's own city_profile template if it takes `city_dir`, else the package's."""
    from inclucities.pipeline.plan import PACKAGE_TEMPLATES, template_path

    own = template_path(kb_root, TEMPLATE)
    return own if "city_dir" in own.read_text(encoding="utf-8") else PACKAGE_TEMPLATES / f"{TEMPLATE}.ipynb"


def execute_profile(kb_root: Path, folder: CityFolder) -> str:
    """The city_profile notebook executed on the city's folder, cleaned for reproducibility (notebook text)."""
    from inclucities.pipeline.clean import clean_notebook, to_text

    template = profile_template(kb_root)
    parameters = {"city_id": folder.city.id, "kb": str(kb_root.resolve()), "city_dir": str(folder.root.resolve())}
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


# --- the standalone report ------------------------------------------------------------------------------------------

PAGE_STYLE = """
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; line-height: 1.5; color: #1a1a1a; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #c8c8c8; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
svg { max-width: 100%; height: auto; }
.admonition { border-left: 4px solid #0072B2; background: #f2f7fb; padding: 0.5rem 1rem; }
.admonition-title { font-weight: bold; }
.jp-Cell, .cell { margin-bottom: 0.5rem; }
"""


def standalone_html(notebook_text: str, title: str) -> str:
    """The executed notebook as one HTML page: no code, no scripts, nothing loaded from another host.

    The profile's outputs are HTML built by `inclucities.report` (escaped text, inline SVG charts), so the page is
    assembled from them directly; Markdown cells are rendered with markdown-it with raw HTML disabled.
    """
    import nbformat
    from markdown_it import MarkdownIt

    from inclucities.report.html import esc

    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    notebook = nbformat.reads(notebook_text, as_version=4)
    parts = []
    for cell in notebook.cells:
        if {"remove-cell", "injected-parameters", "parameters"} & set(cell.metadata.get("tags", [])):
            continue
        if cell.cell_type == "markdown":
            parts.append(markdown.render(cell.source))
        elif cell.cell_type == "code":
            parts.extend(_output_html(output) for output in cell.get("outputs", []))
    css = (Path(__file__).parent / "static" / "inclucities.css").read_text(encoding="utf-8")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{PAGE_STYLE}\n{css}</style>\n</head>\n"
        "<body>\n<main>\n" + "\n".join(part for part in parts if part) + "\n</main>\n</body>\n</html>\n"
    )


def _output_html(output: dict) -> str:  # type: ignore[type-arg]
    """One cell output: its HTML or SVG as the report made it, else its text escaped; errors and streams left out."""
    from inclucities.report.html import esc

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
        NOTEBOOK_FILE: notebook_text.encode("utf-8"),
        REPORT_FILE: report_html.encode("utf-8"),
        MENTORS_FILE: analysis.mentors.to_csv(index=False, lineterminator="\n").encode("utf-8"),
        PRACTICES_FILE: analysis.practices.to_csv(index=False, lineterminator="\n").encode("utf-8"),
        DRAFT_FILE: analysis.draft.text.encode("utf-8"),
    }


def write_outputs(out: Path, files: dict[str, bytes]) -> None:
    """Stage every file in a temporary folder beside `out`, then move each into `out` (replacing only those)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    try:
        for name, content in files.items():
            (staging / name).write_bytes(content)
            os.chmod(staging / name, 0o644)
        out.mkdir(exist_ok=True)
        for name in files:
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
