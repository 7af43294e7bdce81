"""The `inclucities` command: a thin layer over the package. Heavy imports stay inside the commands so that
`--help` is fast, and every error meant for the user is turned into its message and exit code in one place
(`Command.invoke`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from inclucities import __version__, layout
from inclucities.errors import EXIT_INTERRUPTED, InclucitiesError, UsageError

KB_ARGUMENT = click.argument("kb", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
KB_OPTION = click.option(
    "--kb", "kb", default=".", show_default=True, type=click.Path(file_okay=False, path_type=Path), help="The knowledge base."
)


class Command(click.Command):
    """A command whose user errors print their lines and exit with their code, without a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as error:
            raise click.BadParameter(error.message, ctx=ctx, param_hint=error.param) from None
        except InclucitiesError as error:
            for line in error.lines():
                click.echo(line, err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            # what was running stopped itself on the way here (workers, kernels, Sphinx); outputs are written
            # atomically, so the previous site and the cache are as they were
            click.echo("interrupted: nothing was published; the previous site and the cache are kept", err=True)
            sys.exit(EXIT_INTERRUPTED)


class Group(click.Group):
    command_class = Command


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="inclucities")
def main() -> None:
    """Build and check IncluCities-style methodology guides for city-to-city mentoring."""


@main.command()
@KB_ARGUMENT
def check(kb: Path) -> None:
    """Validate the knowledge base KB (default: the current folder) and list every problem."""
    from inclucities.kb.loader import load

    knowledge_base = load(kb)
    click.echo(f"{kb}: valid knowledge base: {knowledge_base.summary()}")


@main.command()
@KB_ARGUMENT
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Parallel jobs (default: the number of cores).")
@click.option("--force", is_flag=True, help="Rebuild everything, ignoring caches.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    envvar=layout.BUILD_DIR_VARIABLE,
    help=f"Write the site, generated pages and caches under DIR (the site in DIR/html); KB is only read. [env: {layout.BUILD_DIR_VARIABLE}]",
)
def build(kb: Path, jobs: int | None, force: bool, out: Path | None) -> None:
    """Validate KB, generate its pages and compile the guide into KB/_build/html (or --out DIR).

    One build at a time writes an output folder: a second one waits for the first to finish.
    """
    from inclucities.guide.build import build_guide

    result = build_guide(kb, jobs=jobs, force=force, out=out, echo=lambda text: click.echo(text, err=True))
    click.echo(f"guide built: {result.site / 'index.html'}")


@main.command()
@KB_ARGUMENT
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the guide in the default browser.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Parallel jobs (default: the number of cores).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    envvar=layout.BUILD_DIR_VARIABLE,
    help="Build under DIR instead of KB/_build, as `build --out`.",
)
def serve(kb: Path, port: int, open_browser: bool, jobs: int | None, out: Path | None) -> None:
    """Build KB, serve it on 127.0.0.1, rebuild on every save and reload the pages open in the browser.

    A failed build shows its messages here and on the open pages, while the last good site stays served.
    """
    from inclucities.guide.serve import serve as serve_guide

    serve_guide(kb, port=port, open_browser=open_browser, out=out, jobs=jobs, echo=lambda text: click.echo(text, err=True))


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--name", default=None, help="The network's name (default: from the folder name).")
def new(directory: Path, name: str | None) -> None:
    """Create a small, valid, buildable knowledge base in DIRECTORY for another network."""
    from inclucities.kb.scaffold import scaffold

    scaffold(directory, name=name)
    click.echo(f"created {directory}; next: inclucities check {directory} && inclucities build {directory}")


@main.command("import-eurostat")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@KB_OPTION
def import_eurostat_command(files: tuple[Path, ...], kb: Path) -> None:
    """Import Eurostat Urban Audit SDMX-CSV FILES into KB's indicator tables.

    Writes data/indicators/eurostat.csv (the network's cities) and data/indicators/distributions/eurostat.csv
    (deciles over all European cities), regenerated from exactly the files given.
    """
    from inclucities.importers.eurostat.write import import_eurostat

    click.echo(import_eurostat(list(files), kb).describe())


@main.command("new-city")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@KB_OPTION
@click.option("--theme", default=None, help="The theme of the self-assessment (default: the only theme of KB).")
@click.option(
    "--format", "fmt", type=click.Choice(layout.ASSESSMENT_FORMATS), default="csv", show_default=True, help="The questionnaire's format."
)
@click.option("--name", default=None, help="The city's name (default: from the folder name).")
def new_city(directory: Path, kb: Path, theme: str | None, fmt: str, name: str | None) -> None:
    """Create DIRECTORY with the files a city fills in for `inclucities analyse`.

    city.yml, the theme's self-assessment questionnaire (CSV or XLSX, as the toolkits publish it, with one example
    row), an empty services table and HOW-TO-FILL.md explaining every column.
    """
    from inclucities.city.starter import write_new_city
    from inclucities.kb.loader import load

    files = write_new_city(load(kb), directory, theme, fmt, name)
    click.echo(f"created {directory}: " + ", ".join(files))
    click.echo(
        f"next: fill in {layout.CITY_FILE} and {layout.ASSESSMENT_STEM}.{fmt} (see {layout.HOW_TO_FILE}), "
        f"then: inclucities analyse {directory} --kb {kb}"
    )


@main.command("new-practice")
@click.argument("practice_id", metavar="ID")
@KB_OPTION
@click.option("--city", default=None, help="The network city that runs the practice.")
@click.option("--theme", default=None, help="The practice's theme (its key factors are then listed from this theme).")
def new_practice(practice_id: str, kb: Path, city: str | None, theme: str | None) -> None:
    """Write practices/ID.md in KB with every field of the contract, for you to fill in.

    Required fields the options do not give are left empty: `inclucities check` names each one still to fill.
    """
    from inclucities.kb.new_practice import write_new_practice

    path = write_new_practice(kb, practice_id, city, theme)
    click.echo(f"created {layout.relative(path, kb)}; fill it in, then: inclucities check {kb}")


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
    from inclucities.city.outputs import analyse_folder

    out = out if out is not None else city_dir / layout.REPORT_FOLDER
    result = analyse_folder(city_dir, kb, theme, out, echo=lambda text: click.echo(text, err=True))
    if result.best_mentor:
        click.echo(result.best_mentor)
    click.echo(f"report: {out / layout.CITY_REPORT_FILE}")
    click.echo(f"written to {out}: " + ", ".join(result.files))


if __name__ == "__main__":
    main()
