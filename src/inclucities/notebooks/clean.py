"""Make an executed notebook a reproducible chapter: no timings or random ids, a specific title, hidden code."""

from __future__ import annotations

import nbformat

from inclucities.markup.markdown import text as markdown_text

VOLATILE_NOTEBOOK_KEYS = ("start_time", "end_time", "duration", "exception", "input_path", "output_path", "version")


def clean_notebook(notebook: nbformat.NotebookNode, title: str) -> nbformat.NotebookNode:
    papermill = notebook.metadata.get("papermill", {})
    for key in VOLATILE_NOTEBOOK_KEYS:
        papermill.pop(key, None)
    notebook.metadata.pop("widgets", None)
    count = 0
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            # a warm kernel keeps counting across notebooks; number each notebook's cells from 1
            count += 1
            cell["execution_count"] = count
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = count
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.setdefault("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")
    first = notebook.cells[0] if notebook.cells else None
    if first is not None and first.cell_type == "markdown" and first.source.lstrip().startswith("# "):
        first.source = f"# {markdown_text(title)}"
    return notebook


def to_text(notebook: nbformat.NotebookNode) -> str:
    return nbformat.writes(notebook) + "\n"
