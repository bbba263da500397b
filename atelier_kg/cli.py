"""The atelier-kg command line: parses options, calls the library, prints, sets exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .messages import LANGS, EntryError, default_lang, message

EXIT_INPUT = 2


class _Settings:
    def __init__(self, lang: str, data: Path) -> None:
        self.lang = lang
        self.data = data


def _fail(settings: _Settings, error: EntryError) -> None:
    click.echo(error.render(settings.lang), err=True)
    sys.exit(EXIT_INPUT)


def _load(settings: _Settings):  # type: ignore[no-untyped-def]
    from .load import load_graph

    try:
        return load_graph(settings.data)
    except EntryError as error:
        _fail(settings, error)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--lang", type=click.Choice(LANGS), default=None,
              help="Language of messages: fr or en (default: from the locale).")
@click.option("--data", type=click.Path(path_type=Path, file_okay=False), default=Path("data"),
              show_default=True, help="Folder of the YAML data files.")
@click.version_option(package_name="atelier-kg")
@click.pass_context
def main(context: click.Context, lang: str | None, data: Path) -> None:
    """Knowledge graph of the Atelier des territoires: build, export and describe it.

    Run from the project folder (where data/ is), or pass --data.
    """
    context.obj = _Settings(lang or default_lang(), data)


@main.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("build"), show_default=True, help="Folder to write the outputs to.")
@click.pass_obj
def build(settings: _Settings, out_dir: Path) -> None:
    """Load the data and write the graph in every format (Turtle, JSON-LD, N-Triples).

    Each file is written whole or not at all: a failure leaves the previous one intact.
    """
    from .export import export_all

    loaded = _load(settings)
    written = export_all(loaded.graph, out_dir)
    from .stats import graph_stats

    stats = graph_stats(loaded.graph)
    click.echo(message("built", settings.lang, triples=stats.triples, resources=stats.resources))
    for path in written:
        click.echo(f"  {path}  ({path.stat().st_size} octets/bytes)")


@main.command()
@click.option("--format", "format_name", type=click.Choice(["ttl", "jsonld", "nt"]),
              default="ttl", show_default=True, help="Serialization format.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write (default: standard output).")
@click.pass_obj
def export(settings: _Settings, format_name: str, output: Path | None) -> None:
    """Write the graph in one format, to a file (atomically) or to standard output."""
    from .export import serialize, write_atomic

    loaded = _load(settings)
    data = serialize(loaded.graph, format_name)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        write_atomic(output, data)


@main.command()
@click.pass_obj
def stats(settings: _Settings) -> None:
    """Count triples, resources and resources per class."""
    from .export import bind_prefixes
    from .stats import graph_stats

    loaded = _load(settings)
    result = graph_stats(bind_prefixes(loaded.graph))
    width = max(len(name) for name, _ in result.per_class)
    header = "classe" if settings.lang == "fr" else "class"
    click.echo(f"{header:<{width}}  {'n':>5}")
    for name, count in result.per_class:
        click.echo(f"{name:<{width}}  {count:>5}")
    label = ("triplets", "ressources") if settings.lang == "fr" else ("triples", "resources")
    click.echo(f"{label[0]:<{width}}  {result.triples:>5}")
    click.echo(f"{label[1]:<{width}}  {result.resources:>5}")
