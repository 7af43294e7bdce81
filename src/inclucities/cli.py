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


if __name__ == "__main__":
    main()
