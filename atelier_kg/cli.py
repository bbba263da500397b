"""The atelier-kg command line: parses options, calls the Project, prints, sets exit codes.

Exit codes: 0 done (warnings allowed), 1 the data does not conform or a query, release or push
was refused, 2 an input cannot be read (one line, `file:line: what to do`), 70 a bug.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
from pathlib import Path

import click

from . import present
from .cli_support import (
    EXIT_INPUT,
    EXIT_INVALID,
    Main,
    Settings,
    echo,
    limits,
    limits_options,
    ontology_option,
    out_option,
    queries_option,
    run_guarded,
    timeout_option,
)
from .messages import LANGS, EntryError, default_lang, message, phrase
from .project import Project


def run() -> None:
    """The `atelier-kg` command."""
    run_guarded(main)


# -- the commands ------------------------------------------------------------------------------


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--lang", type=click.Choice(LANGS), default=None,
              help="Language of messages: fr or en (default: from the locale).")
@click.option("--data", type=click.Path(path_type=Path, file_okay=False), default=Path("data"),
              show_default=True, help="Folder of the YAML data files.")
@click.option("--shapes", type=click.Path(path_type=Path, file_okay=False), default=Path("shapes"),
              show_default=True, help="Folder of the SHACL shapes.")
@click.option("--reference", type=click.Choice(["compact", "full", "none"]), default="compact",
              show_default=True,
              help="Geographic reference: regions, departments and what the data refers to (compact), "
                   "every EPCI and commune of France (full), or none.")
@click.version_option(package_name="atelier-kg")
@click.pass_context
def main(context: click.Context, lang: str | None, data: Path, shapes: Path, reference: str) -> None:
    """Knowledge graph of the Atelier des territoires: build, validate, export and describe it.

    Run from the project folder (where data/ and shapes/ are), or pass --data and --shapes.
    """
    lang = lang or default_lang()
    context.obj = Settings(lang, Project(data, shapes, reference=reference))
    # rdflib and pyshacl log warnings of their own on stderr; problems reach users as our
    # one-line messages, in their language, instead.
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    logging.getLogger("pyshacl").setLevel(logging.ERROR)


@main.command()
@out_option("out", "Folder to write the outputs to.")
@click.pass_obj
def build(settings: Settings, out_dir: Path) -> None:
    """Load and validate the data, then write the graph in every format.

    Writes Turtle, JSON-LD (with its context), N-Triples and the map. A graph that does not
    conform is not exported (exit 1). The folder is replaced whole, and only if it holds nothing
    but an earlier build's files; every file is parsed back before it replaces anything.
    """
    echo(present.built(settings.project.build(out_dir), settings.lang))


@main.command()
@click.option("--format", "format_name", type=click.Choice(["ttl", "jsonld", "nt"]), default="ttl",
              show_default=True, help="Serialization format.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write (default: standard output).")
@click.pass_obj
def export(settings: Settings, format_name: str, output: Path | None) -> None:
    """Write the graph in one format, to a file (atomically) or to standard output; never into
    data/, shapes/ or ontology/."""
    data = settings.project.export(format_name, output)
    if output is None:
        sys.stdout.buffer.write(data)


@main.command()
@click.pass_obj
def stats(settings: Settings) -> None:
    """Count triples, resources and resources per class."""
    click.echo(present.stats_table(settings.project.stats(), settings.lang))


@main.command()
# Not exists=True: a missing file, a folder, a FIFO or a loop of links gets our one-line error.
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json", "ttl"]), default="text",
              show_default=True, help="text for people; json, or ttl (the SHACL report graph), for tools.")
@click.option("--strict", is_flag=True, help="Warnings also make the data non-conforming.")
@click.option("--index/--no-index", "use_index", default=True, show_default=True,
              help="Check entries against the index of the last build (fast) when it matches data/; "
                   "--no-index reads all of data/ again.")
@click.option("--release", "release_dir", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Check a release folder instead of the data: checksums, catalog (DCAT-AP 3.0.1), "
                   "tables (Table Schema), graph (the shapes it carries).")
@click.option("--engine", type=click.Choice(["native", "pyshacl"]), default="native", show_default=True,
              help="SHACL engine: native (the shapes compiled to SPARQL, run on Oxigraph) or pyshacl "
                   "(the reference; slower). Both find the same problems.")
@click.option("--endpoint", default=None, metavar="URL",
              help="Check the graph held by a SPARQL 1.1 endpoint (its query URL, e.g. "
                   "http://localhost:7878/query) with the same rules, run where the data lives.")
@click.option("--graph", "graph_iri", default=None, metavar="IRI",
              help="With --endpoint: the named graph to check (default: the endpoint's default graph).")
@click.option("--user", default=None, metavar="NAME",
              help="With --endpoint: HTTP Basic user, as for push (password in ATELIER_KG_PASSWORD or "
                   "prompted; without --user, ~/.netrc's entry for the host).")
@click.pass_obj
def validate(settings: Settings, paths: tuple[Path, ...], output_format: str, strict: bool,
             use_index: bool, release_dir: Path | None, engine: str, endpoint: str | None,
             graph_iri: str | None, user: str | None) -> None:
    """Check the data against the SHACL shapes and say, file by file and line by line, what to fix.

    With no PATH, the whole of data/ is checked. With PATHs (a new session or laureate file, a
    folder of them, or RDF: Turtle, N-Triples, JSON-LD, RDF/XML), those entries are checked together
    with the existing graph: their references resolve against it and a duplicate is caught. Every
    problem is said in one run: what cannot be read, then what the shapes find in the rest.

    With --endpoint URL, the graph a SPARQL 1.1 store holds (after `push`, or grown beyond one
    machine) is checked by the same rules, run as queries by the store; a problem in a resource
    written in data/ names its file and line.

    With --release DIR, a downloaded release is checked offline with what it carries: every
    file against SHA256SUMS, the catalog against the DCAT-AP 3.0.1 shapes and against the files,
    every CSV against its Table Schema, the graph against its shapes; one line per problem.

    Exit code: 0 conforms (warnings allowed unless --strict), 1 does not conform,
    2 an input cannot be read (not a release folder).
    """
    if release_dir is not None:
        if paths:
            raise click.UsageError(phrase("release_and_paths", settings.lang))
        checked = settings.project.validate_release(release_dir)
        echo(present.release_report(checked, settings.lang, output_format))
        sys.exit(0 if checked.conforms() and not (strict and checked.problems) else EXIT_INVALID)
    settings.project = dataclasses.replace(settings.project, engine=engine)
    if endpoint is not None:
        if paths:
            raise click.UsageError(phrase("endpoint_and_paths", settings.lang))
        credentials = _credentials(settings, endpoint, user)
        _warn_clear_text(settings, endpoint, credentials)
        report = settings.project.validate_endpoint(endpoint, graph_iri, credentials=credentials)
    else:
        report = settings.project.validate(paths, use_index)
    for line in present.unreadable_lines(report, settings.lang, output_format):
        click.echo(line, err=True)
    click.echo(present.validation_report(report, settings.lang, output_format, strict))
    sys.exit(0 if report.conforms(strict) else EXIT_INVALID if report.readable() else EXIT_INPUT)


def _template_kinds() -> list[str]:
    from .templates import template_kinds

    return template_kinds()


@main.command()
@click.argument("kind", type=click.Choice(_template_kinds()))
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write (default: where the kind's entries live, e.g. data/laureats/SLUG.yaml; "
                   "an organisation goes to standard output, to paste into data/organisations.yaml).")
@click.pass_obj
def new(settings: Settings, kind: str, slug: str, output: Path | None) -> None:
    """Write a commented YAML template for a new entry (never over an existing file).

    Fill it in, then run `atelier-kg validate FILE`: it lists what is still missing.
    """
    target, text = settings.project.new_entry(kind, slug, output)
    if target is None:
        click.echo(text, nl=False)
    else:
        click.echo(message("written", settings.lang, path=str(target)))


@main.command()
@click.argument("name", required=False)
@click.option("--list", "list_queries", is_flag=True, help="List the saved queries with their descriptions.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the query (repeatable); bound by the engine, never pasted into the text.")
@click.option("--format", "output_format", default="table", show_default=True,
              type=click.Choice(["table", "md", "csv", "tsv", "json", "xml", "ttl", "jsonld", "nt"]),
              help="table or md for people; csv, tsv, json, xml (SPARQL 1.1 results) for tools; "
                   "ttl, jsonld or nt for CONSTRUCT/DESCRIBE queries.")
@timeout_option
@click.option("--max-width", type=click.IntRange(min=0), default=60, show_default=True,
              help="Cut table cells longer than this (0: never).")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Most rows a table or md answer shows (csv, tsv, json and xml are whole).")
@limits_options
@queries_option
@click.pass_obj
def query(settings: Settings, name: str | None, list_queries: bool, params: tuple[str, ...],
          output_format: str, timeout: float, max_width: int, max_rows: int, max_memory: int,
          max_answer: int | None) -> None:
    """Run a saved query (NAME), a .rq FILE, or a query on standard input (-).

    Queries are read-only: updates, LOAD, SERVICE and FROM are refused before anything runs, and
    the worker that runs a query cannot reach the network.
    """
    from .query import GRAPH_FORMATS, RESULT_FORMATS

    if list_queries or not name:
        echo(present.query_listing(settings.project.saved_queries(), settings.lang))
        return
    given = dict(_split_param(settings, p) for p in params)
    stdin_text = _standard_input() if name == "-" else None
    standard = output_format if output_format in RESULT_FORMATS else "json"
    graph_format = output_format if output_format in GRAPH_FORMATS else "ttl"
    for_people = output_format in ("table", "md")
    result = settings.project.query(name, given, standard, timeout, limits(max_memory, max_answer, 256),
                                    stdin_text, graph_format, max_rows if for_people else None)
    sys.stdout.buffer.write(present.query_result(result, output_format, max_width, settings.lang))


def _standard_input() -> str:
    """A query on standard input: bounded, and UTF-8 or a one-line error."""
    from .query import MAX_QUERY_BYTES
    from .readfile import decode_utf8

    return decode_utf8(sys.stdin.buffer.read(MAX_QUERY_BYTES + 1), "<stdin>")


def _split_param(settings: Settings, text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise click.BadParameter(phrase("param_metavar", settings.lang), param_hint="--param")
    return key.strip(), value


@main.command()
@click.option("--version", "version", default=None,
              help="Version of the release (default: the release date, YYYY.MM.DD).")
@out_option("releases", "Folder that holds the releases; this one goes to OUT/VERSION.")
@click.option("--force", is_flag=True, help="Replace an existing release of the same version.")
@click.pass_obj
def release(settings: Settings, version: str | None, out_dir: Path, force: bool) -> None:
    """Publish an open-data release: graph files, CSV tables with Table Schemas and a Frictionless
    datapackage.json, a DCAT-AP 3.0.1 catalog (with provenance, linked to the previous release),
    VoID, SHA256SUMS, CHANGES.md (grown from the previous release's), and the ontology, shapes and
    JSON-LD context it was made with: `validate --release` checks it again offline.

    Dates come from SOURCE_DATE_EPOCH or the data's last commit, so the same data and version give
    the same bytes. The folder appears whole or not at all; an existing one is kept unless --force.
    """
    target = settings.project.release(version, out_dir, force)
    echo(present.files_written(sorted(target.iterdir()), settings.lang))


@main.command()
@click.argument("old", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.argument("new", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--format", "output_format", type=click.Choice(["text", "md"]), default="text",
              show_default=True, help="text for the terminal, md (Markdown) for a changelog.")
@click.pass_obj
def diff(settings: Settings, old: Path, new: Path, output_format: str) -> None:
    """Say what changed between two releases, or a release and a data folder, in the programme's
    terms: laureates, ambitions, organisations, sessions and memberships (with their roles)."""
    from .diff import format_changes

    changes = settings.project.diff(old, new)
    click.echo(format_changes(changes, settings.lang, markdown=output_format == "md"), nl=False)


@main.command()
@out_option("site", "Folder to write the site to (replaced whole, if empty or an earlier site).")
@ontology_option
@queries_option
@click.pass_obj
def site(settings: Settings, out_dir: Path) -> None:
    """Write the static linked-data site: a page per resource at its IRI path, with .ttl, .jsonld
    and .nt beside it, what links to it and its map; indexes, home page with the map, search, the
    vocabulary at /def (HTML, Turtle, JSON-LD, N-Triples, RDF/XML, diagram, shapes), the query page
    with the saved queries, VoID, the entry guide, a 404 page; and nginx and Apache configurations
    that negotiate as `serve` does."""
    files = settings.project.site(out_dir)
    pages = sum(1 for f in files if f.suffix == ".html")
    click.echo(phrase("site_written", settings.lang, files=len(files), pages=pages, out=out_dir))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@timeout_option
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Most rows (or triples) a SPARQL answer holds.")
@limits_options
@click.option("--workers", type=click.IntRange(min=1, max=32), default=2, show_default=True,
              help="Worker processes for ad hoc SPARQL queries (saved queries have one of their own).")
@click.option("--queue", type=click.IntRange(min=0), default=8, show_default=True,
              help="Ad hoc queries that may wait for a worker; beyond, 503 with Retry-After.")
@click.option("--request-timeout", type=click.FloatRange(min=0.5), default=10.0, show_default=True,
              help="Seconds a request may take to arrive whole (headers and body); slower ones are cut.")
@ontology_option
@queries_option
@click.pass_obj
def serve(settings: Settings, host: str, port: int, timeout: float, max_rows: int, max_memory: int,
          max_answer: int | None, workers: int, queue: int, request_timeout: float) -> None:
    """Serve each IRI by content negotiation (HTML, Turtle, JSON-LD, N-Triples; /def also RDF/XML),
    the site, and a read-only SPARQL 1.1 endpoint at /sparql (a browser gets the query page, a client
    asking for RDF the service description; updates refused); /health and pages answer while
    queries run.

    Stops cleanly on Ctrl-C or SIGTERM (workers ended, temporary site removed)."""
    settings.project.serve(host, port, timeout=timeout, max_rows=max_rows,
                           limits=limits(max_memory, max_answer, 16), workers=workers, queue=queue,
                           request_timeout=request_timeout,
                           on_ready=lambda url: click.echo(phrase("serving", settings.lang, url=url)))


@main.command()
@click.option("--endpoint", required=True,
              help="Graph Store Protocol URL (e.g. http://localhost:7878/store).")
@click.option("--graph", "graph_iri", default=None,
              help="Named graph to replace (default: the default graph).")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True)
@click.option("--user", default=None, metavar="NAME",
              help="User name for the store. The password is read from the ATELIER_KG_PASSWORD "
                   "environment variable, else asked without echo; never give it on the command line. "
                   "Without --user, ~/.netrc is used when it has an entry for the endpoint's host.")
@click.pass_obj
def push(settings: Settings, endpoint: str, graph_iri: str | None, timeout: float, user: str | None) -> None:
    """Load the graph into a SPARQL store (Oxigraph, Fuseki, GraphDB…) with the SPARQL 1.1 Graph Store
    HTTP Protocol: one PUT that replaces the named graph.

    Credentials (HTTP Basic): --user NAME with the password in ATELIER_KG_PASSWORD or typed at the
    prompt, or a `machine HOST login NAME password …` line in ~/.netrc. Use https:// with them.
    The server's answer to a refusal is shown on one line, control characters escaped.
    """
    credentials = _credentials(settings, endpoint, user)
    _warn_clear_text(settings, endpoint, credentials)
    status, triples = settings.project.push(endpoint, graph_iri, timeout, credentials)
    click.echo(phrase("push_sent", settings.lang, triples=triples, status=status))


def _warn_clear_text(settings: Settings, endpoint: str, credentials: tuple[str, str] | None) -> None:
    from .push import sends_in_clear

    if credentials is not None and (host := sends_in_clear(endpoint)):
        click.echo(message("push_clear_text", settings.lang, host=host), err=True)


def _credentials(settings: Settings, endpoint: str, user: str | None) -> tuple[str, str] | None:
    """--user with ATELIER_KG_PASSWORD or a hidden prompt; else ~/.netrc's entry for the host."""
    from .push import PASSWORD_VARIABLE, netrc_credentials

    if user is None:
        return netrc_credentials(endpoint)
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        if not sys.stdin.isatty():
            raise EntryError("--user", None, "password_needed", user=user)
        password = click.prompt(phrase("password_prompt", settings.lang), hide_input=True, err=True)
    return user, password
