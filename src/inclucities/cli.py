"""The `inclucities` command. Heavy imports stay inside the commands so that `--help` is fast."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from inclucities import __version__

EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_FAILED = 3

KB_ARGUMENT = click.argument("kb", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))


def _report_invalid(error) -> None:  # type: ignore[no-untyped-def]
    for problem in error.problems:
        click.echo(problem.format(), err=True)
    count = len(error.problems)
    click.echo(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", err=True)
    sys.exit(EXIT_INVALID)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="inclucities")
def main() -> None:
    """Build and check IncluCities-style methodology guides for city-to-city mentoring."""


@main.command()
@KB_ARGUMENT
def check(kb: Path) -> None:
    """Validate the knowledge base KB (default: the current folder) and list every problem."""
    from inclucities.loader import load
    from inclucities.problems import KnowledgeBaseInvalid

    try:
        knowledge_base = load(kb)
    except KnowledgeBaseInvalid as error:
        _report_invalid(error)
    click.echo(f"{kb}: valid knowledge base: {knowledge_base.summary()}")


@main.command()
@KB_ARGUMENT
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Parallel jobs (default: the number of cores).")
@click.option("--force", is_flag=True, help="Rebuild everything, ignoring caches.")
def build(kb: Path, jobs: int | None, force: bool) -> None:
    """Validate KB, generate its pages and compile the guide into KB/_build/html."""
    from inclucities.build import build_guide
    from inclucities.problems import BuildFailed, KnowledgeBaseInvalid

    try:
        result = build_guide(kb, jobs=jobs, force=force, echo=lambda text: click.echo(text, err=True))
    except KnowledgeBaseInvalid as error:
        _report_invalid(error)
    except BuildFailed as error:
        click.echo(f"build failed: {error}", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"guide built: {result.site / 'index.html'}")


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--name", default=None, help="The network's name (default: from the folder name).")
def new(directory: Path, name: str | None) -> None:
    """Create a small, valid, buildable knowledge base in DIRECTORY for another network."""
    from inclucities.scaffold import ScaffoldRefused, scaffold

    try:
        scaffold(directory, name=name)
    except ScaffoldRefused as error:
        click.echo(f"{directory}: {error}", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"created {directory}; next: inclucities check {directory} && inclucities build {directory}")


@main.command("import-eurostat")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--kb", "kb", default=".", show_default=True, type=click.Path(file_okay=False, path_type=Path), help="The knowledge base."
)
def import_eurostat_command(files: tuple[Path, ...], kb: Path) -> None:
    """Import Eurostat Urban Audit SDMX-CSV FILES into KB's indicator tables.

    Writes data/indicators/eurostat.csv (the network's cities) and data/indicators/distributions/eurostat.csv
    (deciles over all European cities), regenerated from exactly the files given.
    """
    from inclucities.eurostat import import_eurostat
    from inclucities.problems import KnowledgeBaseInvalid

    try:
        summary = import_eurostat(list(files), kb)
    except KnowledgeBaseInvalid as error:
        _report_invalid(error)
    click.echo(summary.describe())


KB_OPTION = click.option(
    "--kb", "kb", default=".", show_default=True, type=click.Path(file_okay=False, path_type=Path), help="The knowledge base."
)


def _load_kb(kb: Path):  # type: ignore[no-untyped-def]
    from inclucities.loader import load
    from inclucities.problems import KnowledgeBaseInvalid

    try:
        return load(kb)
    except KnowledgeBaseInvalid as error:
        _report_invalid(error)


@main.command("new-city")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@KB_OPTION
@click.option("--theme", default=None, help="The theme of the self-assessment (default: the only theme of KB).")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True, help="The questionnaire's format."
)
@click.option("--name", default=None, help="The city's name (default: from the folder name).")
def new_city(directory: Path, kb: Path, theme: str | None, fmt: str, name: str | None) -> None:
    """Create DIRECTORY with the files a city fills in for `inclucities analyse`.

    city.yml, the theme's self-assessment questionnaire (CSV or XLSX, as the toolkits publish it, with one example
    row), an empty services table and HOW-TO-FILL.md explaining every column.
    """
    from inclucities.city_folder import themes_with_benchmarks
    from inclucities.city_templates import new_city_files

    knowledge_base = _load_kb(kb)
    themes = themes_with_benchmarks(knowledge_base)
    if theme is None and len(themes) == 1:
        theme = themes[0]
    if theme not in themes:
        given = "missing" if theme is None else f"{theme!r} is not a theme of {kb}"
        raise click.BadParameter(f"{given} (allowed: {', '.join(themes)})", param_hint="--theme")
    if directory.exists() and any(directory.iterdir()):
        click.echo(f"{directory}: folder exists and is not empty; nothing was written (allowed: a new or empty folder)", err=True)
        sys.exit(EXIT_INVALID)
    files = new_city_files(knowledge_base, directory.resolve().name, theme, fmt, name)
    directory.mkdir(parents=True, exist_ok=True)
    for relative_name, content in files.items():
        (directory / relative_name).write_bytes(content)
    click.echo(f"created {directory}: " + ", ".join(files))
    click.echo(
        f"next: fill in city.yml and self-assessment.{fmt} (see HOW-TO-FILL.md), then: inclucities analyse {directory} --kb {kb}"
    )


@main.command()
@click.argument("city_dir", type=click.Path(file_okay=False, path_type=Path))
@KB_OPTION
@click.option("--theme", default=None, help="The theme to analyse (default: city.yml's, else the scored key factors').")
@click.option(
    "--out",
    "out",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: CITY_DIR/report).",
)
def analyse(city_dir: Path, kb: Path, theme: str | None, out: Path | None) -> None:
    """Analyse the city in CITY_DIR (made by `inclucities new-city`) against the knowledge base KB.

    Validates the city's files, then writes into --out: the executed city-profile notebook, a standalone HTML
    report, the suggested mentors, the practices for its largest gaps and an action-plan draft. The city's files
    are never changed; rerunning replaces only these outputs.
    """
    from inclucities.city_analysis import analyse_city
    from inclucities.city_folder import read_city_folder
    from inclucities.city_outputs import (
        REPORT_FILE,
        execute_profile,
        output_files,
        refused_output,
        standalone_html,
        write_outputs,
    )
    from inclucities.pipeline.execute import NotebookFailed
    from inclucities.problems import KnowledgeBaseInvalid

    out = out if out is not None else city_dir / "report"
    knowledge_base = _load_kb(kb)
    try:
        folder = read_city_folder(city_dir, knowledge_base, theme)
    except KnowledgeBaseInvalid as error:
        _report_invalid(error)
    reason = refused_output(out, city_dir, kb)
    if reason:
        raise click.BadParameter(f"{out} {reason}", param_hint="--out")
    analysis = analyse_city(knowledge_base, folder)
    click.echo(f"{folder.city.name}: {len(folder.scores)} key factors scored; running the city profile notebook…", err=True)
    try:
        notebook = execute_profile(kb, folder)
    except NotebookFailed as error:
        click.echo(f"analysis failed: {error}", err=True)
        sys.exit(EXIT_FAILED)
    report = standalone_html(notebook, f"{folder.city.name}: city profile")
    files = output_files(analysis, notebook, report)
    write_outputs(out, files)
    mentors = analysis.mentors
    if not mentors.empty:
        best = mentors.iloc[0]
        click.echo(f"best suggested mentor: {best['mentor_name']} (compatibility {best['compatibility']:g} of 4)")
    click.echo(f"report: {out / REPORT_FILE}")
    click.echo(f"written to {out}: " + ", ".join(files))


if __name__ == "__main__":
    main()
