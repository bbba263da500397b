"""The atelier-kg command line: parses options, calls the library, prints, sets exit codes."""

from __future__ import annotations

import errno
import json
import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from .messages import LANGS, EntryError, default_lang, inline, message

EXIT_INVALID = 1
timeout_option = click.option("--timeout", type=click.FloatRange(min=0.1), default=5.0, show_default=True,
                              help="Seconds after which a SPARQL query is stopped.")
EXIT_INPUT = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug, not a problem with the user's input
DEBUG_VARIABLE = "ATELIER_KG_DEBUG"


def limits_options(command):  # type: ignore[no-untyped-def]
    """What one SPARQL query may use: memory of its worker, bytes of its answer."""
    command = click.option(
        "--max-answer", type=click.IntRange(min=1), default=None,
        help="Most MiB an answer may hold (default: 256 for query, 16 for serve).")(command)
    return click.option("--max-memory", type=click.IntRange(min=64), default=1024, show_default=True,
                        help="Most MiB of memory a query's worker may use beyond the graph.")(command)


class _Settings:
    def __init__(self, lang: str, data: Path, shapes: Path, reference: str) -> None:
        self.lang = lang
        self.data = data
        self.shapes = shapes
        self.reference = reference


def _fail(settings: _Settings, error: EntryError) -> None:
    click.echo(error.render(settings.lang), err=True)
    sys.exit(EXIT_INPUT)


def _inputs(settings: _Settings, *more: Path) -> tuple[Path, ...]:
    """What no output may replace or go into: the data, the shapes, the ontology, the index."""
    from .index import index_dir

    return (settings.data, settings.shapes, Path("ontology"), index_dir(settings.data), *more)


def _io_line(error: OSError, lang: str) -> str:
    """An OSError on one line: the file (ours to name) and the system's reason, never file content."""
    named = isinstance(error.filename, (str, bytes, os.PathLike))
    place = inline(os.fsdecode(error.filename)) if named else "atelier-kg"
    reason = error.strerror or type(error).__name__
    return f"{place}: {message('io_error', lang, problem=reason)}"


class _Main(click.Group):
    """The group: an input or output problem that reaches it becomes one line and exit 2."""

    def make_context(self, info_name, args, parent=None, **extra):  # type: ignore[no-untyped-def]
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as error:
            _usage_line(error)

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            _usage_line(error)
        except EntryError as error:
            click.echo(error.render(_lang_of(ctx)), err=True)
            sys.exit(EXIT_INPUT)
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise  # the reader went away (| head): click leaves quietly
            click.echo(_io_line(error, _lang_of(ctx)), err=True)
            sys.exit(EXIT_INPUT)


def _usage_line(error: click.UsageError) -> NoReturn:
    """A wrong option or argument on one line (click would print the usage around it)."""
    if isinstance(error, getattr(click.exceptions, "NoArgsIsHelpError", ())):
        raise error  # no arguments at all: the help is what the user needs
    command = error.ctx.command_path if error.ctx is not None else "atelier-kg"
    click.echo(f"{command}: {inline(error.format_message())} ({command} --help)", err=True)
    sys.exit(error.exit_code)


def _lang_of(ctx: click.Context | None) -> str:
    settings = getattr(ctx, "obj", None) if ctx is not None else None
    return getattr(settings, "lang", None) or _lang_of_arguments(sys.argv[1:])


def _lang_of_arguments(arguments: list[str]) -> str:
    for index, argument in enumerate(arguments):
        if argument == "--lang" and index + 1 < len(arguments) and arguments[index + 1] in LANGS:
            return arguments[index + 1]
        if argument.startswith("--lang=") and argument[7:] in LANGS:
            return argument[7:]
    return default_lang()


def run() -> None:
    """The `atelier-kg` command: main, with a last resort so that no user ever sees a traceback.

    A bug becomes one line and exit 70 (the traceback with ATELIER_KG_DEBUG=1); the exception's
    own text is not shown, as it may quote a file that is not ours.
    """
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # a terminal that is not UTF-8 gets escapes, not a crash
            stream.reconfigure(errors="backslashreplace")
    try:
        main()
    except Exception as error:
        if os.environ.get(DEBUG_VARIABLE):
            raise
        lang = _lang_of(click.get_current_context(silent=True))
        click.echo(f"atelier-kg: {message('internal_error', lang, kind=type(error).__name__)}", err=True)
        sys.exit(EXIT_INTERNAL)


def _load(settings: _Settings, extra_files: tuple[Path, ...] = (), track_files: bool = False):  # type: ignore[no-untyped-def]
    from .load import load_graph

    try:
        return load_graph(settings.data, extra_files, settings.reference, track_files)
    except EntryError as error:
        _fail(settings, error)


MAP_FILE = "carte-des-laureats.svg"


def _load_with_index(settings: _Settings, entries: tuple[Path, ...]):  # type: ignore[no-untyped-def]
    """The entries and their neighbourhood from the index of the last build; None if it is stale."""
    from .index import Index
    from .load import load_entries
    from .validate import inverse_predicates

    try:  # the fingerprint walks data/, which can hold what scan_data refuses
        index = Index.open(settings.data, settings.reference, entries)
        if index is None:
            return None
        return index.neighbourhood(load_entries(entries, index), inverse_predicates(_shapes(settings)))
    except EntryError as error:
        _fail(settings, error)


def _load_conforming(settings: _Settings, track_files: bool = False):  # type: ignore[no-untyped-def]
    """Load and validate; print the report and exit 1 if the data does not conform."""
    from .paths import display_path
    from .validate import focus_of, format_text

    loaded = _load(settings, track_files=track_files)
    # With the whole of France loaded, SHACL checks what people wrote (and what it touches);
    # the reference extract itself is checked when it is refreshed, and by the tests.
    written_by_people = {display_path(p) for p in loaded.files}
    focus = focus_of(loaded, written_by_people) if settings.reference == "full" else None
    report = _validate(settings, loaded, focus)
    if not report.conforms():
        click.echo(format_text(report, settings.lang), err=True)
        click.echo(message("not_conform", settings.lang), err=True)
        sys.exit(EXIT_INVALID)
    return loaded, report


def _shapes(settings: _Settings):  # type: ignore[no-untyped-def]
    from .validate import load_shapes

    try:
        return load_shapes(settings.shapes.resolve())
    except EntryError as error:
        _fail(settings, error)


def _validate(settings: _Settings, loaded, focus=None):  # type: ignore[no-untyped-def]
    from .validate import validate_graph

    try:
        return validate_graph(loaded, _shapes(settings), focus)
    except EntryError as error:  # what the data holds is too deep to check (validate.check_chains)
        _fail(settings, error)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=None,
    help="Language of messages: fr or en (default: from the locale).",
)
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("data"),
    show_default=True,
    help="Folder of the YAML data files.",
)
@click.option(
    "--shapes",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("shapes"),
    show_default=True,
    help="Folder of the SHACL shapes.",
)
@click.option(
    "--reference",
    type=click.Choice(["compact", "full", "none"]),
    default="compact",
    show_default=True,
    help="Geographic reference: regions, departments and the laureates' EPCIs (compact), "
    "every EPCI and commune of France (full), or none.",
)
@click.version_option(package_name="atelier-kg")
@click.pass_context
def main(context: click.Context, lang: str | None, data: Path, shapes: Path, reference: str) -> None:
    """Knowledge graph of the Atelier des territoires: build, validate, export and describe it.

    Run from the project folder (where data/ and shapes/ are), or pass --data and --shapes.
    """
    context.obj = _Settings(lang or default_lang(), data, shapes, reference)
    for folder in (data, shapes):
        try:  # resolved all along the way; on a loop of links Python 3.11 raises RuntimeError
            folder.resolve()
        except (RuntimeError, OSError):
            _fail(context.obj, EntryError(str(folder), None, "link_loop"))
    # rdflib and pyshacl log warnings of their own on stderr; problems reach users as our
    # one-line messages, in their language, instead.
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    logging.getLogger("pyshacl").setLevel(logging.ERROR)


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Folder to write the outputs to.",
)
@click.pass_obj
def build(settings: _Settings, out_dir: Path) -> None:
    """Load and validate the data, then write the graph in every format.

    Writes Turtle, JSON-LD (with its context) and N-Triples. A graph that does not conform
    to the shapes is not exported (exit 1). The folder is replaced whole: readers see the
    previous build or this one, never a mix; and only if it holds nothing but an earlier
    build's files (never the working folder, data/ or shapes/). Every file is parsed back
    before it replaces anything.
    """
    from .export import export_payloads, payload_names, write_folder
    from .index import write_index
    from .map import render_map
    from .outputs import check_folder, verify_outputs
    from .paths import display_path
    from .stats import graph_stats

    check_folder(out_dir, [*payload_names(), MAP_FILE], "build", _inputs(settings))  # before any work
    loaded, report = _load_conforming(settings, track_files=True)
    click.echo(summary_line(report, settings.lang))
    files = export_payloads(loaded.graph)
    # Published: the same bytes in every locale (--lang is for messages), as in the release and site.
    files[MAP_FILE] = render_map(loaded.graph, "fr").encode("utf-8")
    verify_outputs(out_dir, files, {n: len(loaded.graph) for n in files if n.startswith("atelier-des-")})
    # For `validate ENTRY`, and only for data that conformed; before out/, so that a failure
    # here (a full disk) leaves the previous out/ as it was.
    index = write_index(loaded, settings.data, settings.reference)
    write_folder(files, out_dir, "build", _inputs(settings))
    stats = graph_stats(loaded.graph)
    click.echo(message("built", settings.lang, triples=stats.triples, resources=stats.resources))
    for name, data in files.items():
        click.echo(f"  {out_dir / name}  ({len(data)} octets/bytes)")
    click.echo(message("indexed", settings.lang, folder=display_path(index)))


@main.command()
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["ttl", "jsonld", "nt"]),
    default="ttl",
    show_default=True,
    help="Serialization format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File to write (default: standard output).",
)
@click.pass_obj
def export(settings: _Settings, format_name: str, output: Path | None) -> None:
    """Write the graph in one format, to a file (atomically) or to standard output.

    The output is parsed back before it is written; a file is never written into data/,
    shapes/ or ontology/.
    """
    from .export import FORMATS, serialize, write_atomic
    from .outputs import check_file_target, verify_rdf

    loaded = _load(settings)
    if output is not None:
        check_file_target(output, _inputs(settings))
    data = serialize(loaded.graph, format_name)
    verify_rdf(str(output or "<stdout>"), data, len(loaded.graph), FORMATS[format_name].suffix)
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


def summary_line(report, lang: str) -> str:  # type: ignore[no-untyped-def]
    from .validate import summary

    return ("validation : " if lang == "fr" else "validation: ") + summary(report, lang)


@main.command()
# Not exists=True: a missing file, a folder, a FIFO or a loop of links gets our one-line error.
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "ttl"]),
    default="text",
    show_default=True,
    help="text for people; json, or ttl (the SHACL report graph), for tools.",
)
@click.option("--strict", is_flag=True, help="Warnings also make the data non-conforming.")
@click.option("--index/--no-index", "use_index", default=True, show_default=True,
              help="Check entries against the index of the last build (fast) when it matches data/; "
                   "--no-index reads all of data/ again.")
@click.pass_obj
def validate(settings: _Settings, paths: tuple[Path, ...], output_format: str, strict: bool,
             use_index: bool) -> None:
    """Check the data against the SHACL shapes and say, file by file and line by line, what to fix.

    With no PATH, the whole of data/ is checked. With PATHs (a new session or laureate file,
    or a Turtle file), those entries are checked together with the existing graph: their
    references resolve against it and a duplicate of an existing entry is caught.

    Exit code: 0 conforms (warnings allowed unless --strict), 1 does not conform,
    2 an input cannot be read.
    """
    from .contributions import RDF_SUFFIXES, YAML_SUFFIXES, merge_graph_file
    from .paths import display_path
    from .readfile import check_regular
    from .validate import focus_of, format_json, format_text, format_turtle

    for path in paths:
        if path.suffix.lower() not in (*YAML_SUFFIXES, *RDF_SUFFIXES):
            _fail(settings, EntryError(display_path(path), None, "unsupported_entry", suffix=path.suffix))
        try:  # before the index or the data are looked at; read_bytes checks again when reading
            check_regular(path, display_path(path))
        except EntryError as error:
            _fail(settings, error)
    yaml_paths = tuple(p for p in paths if p.suffix.lower() in YAML_SUFFIXES)
    graph_paths = tuple(p for p in paths if p.suffix.lower() in RDF_SUFFIXES)
    indexed = _load_with_index(settings, yaml_paths) if yaml_paths and use_index else None
    if indexed is not None:
        loaded, focus = indexed
    else:
        loaded = _load(settings, yaml_paths)
        focus = focus_of(loaded, {display_path(p) for p in yaml_paths}) if paths else None
    if paths:
        for path in graph_paths:
            try:
                focus |= merge_graph_file(loaded, path)
            except EntryError as error:
                _fail(settings, error)
    report = _validate(settings, loaded, focus)
    if output_format == "json":
        click.echo(format_json(report, settings.lang, strict))
    elif output_format == "ttl":
        click.echo(format_turtle(report))
    else:
        click.echo(format_text(report, settings.lang, strict))
    sys.exit(0 if report.conforms(strict) else EXIT_INVALID)


@main.command()
@click.argument("kind", type=click.Choice(["laureat", "session", "organisation"]))
@click.argument("slug")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File to write (default: data/laureats/SLUG.yaml, data/sessions/SLUG.yaml; "
    "an organisation goes to standard output, to paste into data/organisations.yaml).",
)
@click.pass_obj
def new(settings: _Settings, kind: str, slug: str, output: Path | None) -> None:
    """Write a commented YAML template for a new entry (never over an existing file).

    Fill it in, then run `atelier-kg validate FILE`: it lists what is still missing.
    """
    from .export import write_atomic
    from .namespaces import is_slug
    from .templates import default_path, render

    if not is_slug(slug):
        _fail(settings, EntryError("<slug>", None, "bad_slug", value=slug, key="slug"))
    text = render(kind, slug)
    target = output or (Path(p) if (p := default_path(kind, slug)) else None)
    if target is None:
        click.echo(text, nl=False)
        return
    if target.exists():
        _fail(settings, EntryError(str(target), None, "exists", target=str(target)))
    write_atomic(target, text.encode("utf-8"))
    click.echo(message("written", settings.lang, path=target))


@main.command()
@click.argument("name", required=False)
@click.option("--list", "list_queries", is_flag=True, help="List the saved queries with their descriptions.")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter of the query (repeatable); bound by the engine, never pasted into the text.",
)
@click.option(
    "--format",
    "output_format",
    default="table",
    show_default=True,
    type=click.Choice(["table", "md", "csv", "tsv", "json", "xml", "ttl", "jsonld", "nt"]),
    help="table or md for people; csv, tsv, json, xml (SPARQL 1.1 results) for tools; "
    "ttl, jsonld or nt for CONSTRUCT/DESCRIBE queries.",
)
@timeout_option
@click.option(
    "--max-width",
    type=click.IntRange(min=0),
    default=60,
    show_default=True,
    help="Cut table cells longer than this (0: never).",
)
@click.option(
    "--queries",
    "queries_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("queries"),
    show_default=True,
    help="Folder of the saved queries.",
)
@limits_options
@click.pass_obj
def query(
    settings: _Settings,
    name: str | None,
    list_queries: bool,
    params: tuple[str, ...],
    output_format: str,
    timeout: float,
    max_width: int,
    queries_dir: Path,
    max_memory: int,
    max_answer: int,
) -> None:
    """Run a saved query (NAME), a .rq FILE, or a query on standard input (-).

    Queries are read-only: updates, LOAD, SERVICE and FROM are refused before anything runs, and
    the worker that runs a query cannot reach the network.
    Exit code: 0 done, 1 the query was refused, failed or ran past --timeout, 2 bad input.
    """
    from . import query as q

    if list_queries or not name:
        _list_queries(settings, q.library(queries_dir))
        return
    try:
        saved = q.resolve(name, queries_dir, sys.stdin.read(q.MAX_QUERY_BYTES + 1) if name == "-" else None)
        given = dict(_split_param(settings, p) for p in params)
        bindings = q.bind_parameters(saved, given)
        q.check_safe(saved.text)
    except q.QueryError as error:
        click.echo(error.message(settings.lang), err=True)
        sys.exit(EXIT_INVALID)
    loaded = _load(settings)
    standard = output_format if output_format in q.RESULT_FORMATS else "json"
    try:
        with q.QueryEngine(loaded.graph, limits=q.Limits(max_memory, max_answer or 256)) as engine:
            result = engine.run(saved.text, bindings, standard, timeout)
    except q.QueryError as error:
        click.echo(error.message(settings.lang), err=True)
        sys.exit(EXIT_INVALID)
    _print_result(settings, q, result, output_format, max_width)


def _split_param(settings: _Settings, text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise click.BadParameter("KEY=VALUE" if settings.lang == "en" else "CLÉ=VALEUR", param_hint="--param")
    return key.strip(), value


def _list_queries(settings: _Settings, saved: dict) -> None:  # type: ignore[type-arg]
    for name, item in saved.items():
        click.echo(click.style(name, bold=True) + f"  {item.title(settings.lang)}")
        click.echo(f"    {item.description(settings.lang)}")
        for parameter in item.parameters:
            default = f" = {parameter.default}" if parameter.default else ""
            click.echo(
                f"    --param {parameter.name}=…  ({parameter.kind}{default}) "
                f"{parameter.description.get(settings.lang, '')}"
            )


def _print_result(settings: _Settings, q, result, output_format: str, max_width: int) -> None:  # type: ignore[no-untyped-def]
    from .export import serialize

    if result.kind == "graph":
        if output_format not in q.GRAPH_FORMATS:
            output_format = "ttl"
        sys.stdout.buffer.write(serialize(q.graph_of(result), output_format))
        return
    if output_format in q.GRAPH_FORMATS:
        french = "ce format est pour les requêtes CONSTRUCT/DESCRIBE ; prenez table, csv, tsv, json, xml, md"
        english = "that format is for CONSTRUCT/DESCRIBE queries; use table, csv, tsv, json, xml or md"
        click.echo(french if settings.lang == "fr" else english, err=True)
        sys.exit(EXIT_INPUT)
    if output_format in q.RESULT_FORMATS:
        sys.stdout.buffer.write(result.payload)
        return
    if result.kind == "boolean":
        click.echo(json.loads(result.payload)["boolean"])
        return
    variables, rows = q.solutions(result)
    if output_format == "md":
        click.echo(q.format_markdown(variables, rows))
    else:
        click.echo(q.format_table(variables, rows, max_width))
        count = len(rows)
        click.echo(
            f"\n{count} ligne{'s' if count > 1 else ''}"
            if settings.lang == "fr"
            else f"\n{count} row{'s' if count != 1 else ''}"
        )


@main.command()
@click.option(
    "--version",
    "version",
    default=None,
    help="Version of the release (default: the release date, YYYY.MM.DD): letters and digits with "
    ". - + _ between them, never a path. CHANGES.md compares with the highest lower version.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("releases"),
    show_default=True,
    help="Folder that holds the releases; this one goes to OUT/VERSION.",
)
@click.option("--force", is_flag=True, help="Replace an existing release of the same version.")
@click.pass_obj
def release(settings: _Settings, version: str | None, out_dir: Path, force: bool) -> None:
    """Publish an open-data release: graph files, CSV tables with Table Schemas, a DCAT-AP 3.0.1
    catalog (with provenance), VoID, SHA256SUMS and CHANGES.md against the previous release.

    Dates come from SOURCE_DATE_EPOCH or the data's last commit, so the same data and version give
    the same bytes. The folder appears whole or not at all; an existing one is kept unless --force.
    """
    from .map import render_map
    from .outputs import check_folder
    from .release import (
        ReleaseError,
        build_release,
        check_version,
        previous_release,
        release_date,
        release_names,
    )

    project = Path.cwd()
    try:
        # A version is never a path; and the target is checked before any work.
        day = release_date(project) if version is None else None
        version = check_version(version) if day is None else day.strftime("%Y.%m.%d")
    except ReleaseError as error:
        click.echo(error.message(settings.lang), err=True)
        sys.exit(EXIT_INVALID)
    check_folder(out_dir / version, release_names(), "release", _inputs(settings))
    loaded, _ = _load_conforming(settings)
    try:
        target = build_release(
            loaded.graph,
            project,
            settings.data,
            out_dir,
            version,
            force,
            previous_release(out_dir, version),
            render_map(loaded.graph, "fr").encode("utf-8"),
            _inputs(settings),
        )
    except ReleaseError as error:
        click.echo(error.message(settings.lang), err=True)
        sys.exit(EXIT_INVALID)
    for path in sorted(target.iterdir()):
        click.echo(f"  {path}  ({path.stat().st_size} octets/bytes)")


@main.command()
@click.argument("old", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.argument("new", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "md"]),
    default="text",
    show_default=True,
    help="text for the terminal, md (Markdown) for a changelog.",
)
@click.pass_obj
def diff(settings: _Settings, old: Path, new: Path, output_format: str) -> None:
    """Say what changed between two releases, or a release and a data folder, in the programme's
    terms: laureates, ambitions, organisations, sessions and memberships (with their roles)."""
    from .diff import compare, format_changes, read_snapshot

    try:
        changes = compare(read_snapshot(old, settings.reference), read_snapshot(new, settings.reference))
    except EntryError as error:
        _fail(settings, error)
    click.echo(format_changes(changes, settings.lang, markdown=output_format == "md"), nl=False)


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("site"),
    show_default=True,
    help="Folder to write the site to (replaced whole, if empty or an earlier site).",
)
@click.option(
    "--ontology",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=Path("ontology/atelier.ttl"),
    show_default=True,
    help="The vocabulary to document.",
)
@click.pass_obj
def site(settings: _Settings, out_dir: Path, ontology: Path) -> None:
    """Write the static linked-data site: a page per resource at its IRI path, with .ttl, .jsonld
    and .nt beside it; indexes, home page with the map, search, vocabulary and entry guide; and
    nginx/Apache configurations for content negotiation."""
    from .site import build_site

    loaded = _load(settings)
    files = build_site(loaded.graph, _ontology(ontology), _shapes(settings), out_dir,
                       _inputs(settings, ontology.parent))
    pages = sum(1 for f in files if f.suffix == ".html")
    click.echo(
        f"{len(files)} fichiers, {pages} pages HTML : {out_dir}"
        if settings.lang == "fr"
        else f"{len(files)} files, {pages} HTML pages: {out_dir}"
    )


def _ontology(path: Path):  # type: ignore[no-untyped-def]
    """The vocabulary to document; a file that does not parse is one line (its content not quoted)."""
    from rdflib import Graph

    from .paths import display_path

    try:
        return Graph().parse(path)
    except OSError:
        raise
    except Exception:  # noqa: BLE001 (rdflib raises many kinds, and quotes the file in them)
        raise EntryError(display_path(path), None, "bad_graph_file", problem="Turtle") from None


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@timeout_option
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Most rows (or triples) a SPARQL answer holds.",
)
@limits_options
@click.option("--workers", type=click.IntRange(min=1, max=32), default=2, show_default=True,
              help="Worker processes for ad hoc SPARQL queries (saved queries have one of their own).")
@click.option("--queue", type=click.IntRange(min=0), default=8, show_default=True,
              help="Ad hoc queries that may wait for a worker; beyond, 503 with Retry-After.")
@click.option("--request-timeout", type=click.FloatRange(min=0.5), default=10.0, show_default=True,
              help="Seconds a request may take to arrive whole (headers and body); slower ones are cut.")
@click.option(
    "--ontology",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=Path("ontology/atelier.ttl"),
    show_default=True,
    help="The vocabulary to document.",
)
@click.option(
    "--queries",
    "queries_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("queries"),
    show_default=True,
    help="Folder of the saved queries (they run in a pool of their own).",
)
@click.pass_obj
def serve(settings: _Settings, host: str, port: int, timeout: float, max_rows: int, max_memory: int,
          max_answer: int | None, workers: int, queue: int, request_timeout: float, ontology: Path,
          queries_dir: Path) -> None:
    """Serve each IRI by content negotiation (HTML, Turtle, JSON-LD, N-Triples), the site, and a
    read-only SPARQL 1.1 endpoint at /sparql; /health and pages answer while queries run.

    Stops cleanly on Ctrl-C or SIGTERM (workers ended, temporary site removed)."""
    from rdflib import Graph

    from .query import Limits, QueryEngine, library
    from .serve import SparqlService, create_app, run_server
    from .site import build_site
    from .validate import load_shapes

    loaded = _load(settings)
    with _temporary_site_folder() as folder:
        site_dir = Path(folder) / "site"
        build_site(loaded.graph, Graph().parse(ontology), load_shapes(settings.shapes.resolve()), site_dir)
        adhoc = QueryEngine(loaded.graph, workers=workers, waiting=queue,
                            limits=Limits(max_memory, max_answer or 16))
        saved = adhoc.pool(workers=1, waiting=32)
        saved_queries = library(queries_dir).values() if queries_dir.is_dir() else ()
        texts = frozenset(item.text for item in saved_queries)
        service = SparqlService(adhoc, saved, texts, timeout, max_rows)
        click.echo(f"http://{host}:{port}/  (SPARQL: http://{host}:{port}/sparql)")
        run_server(create_app(site_dir, service), host, port, (saved, adhoc), request_timeout)


def _temporary_site_folder():  # type: ignore[no-untyped-def]
    """A temporary folder named after this process; those of dead processes are removed first."""
    import os
    import shutil
    import tempfile

    prefix = "atelier-site-"
    for leftover in Path(tempfile.gettempdir()).glob(f"{prefix}*-*"):
        owner = leftover.name[len(prefix):].split("-", 1)[0]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(leftover, ignore_errors=True)
    return tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-")


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@main.command()
@click.option(
    "--endpoint", required=True, help="Graph Store Protocol URL (e.g. http://localhost:7878/store)."
)
@click.option(
    "--graph", "graph_iri", default=None, help="Named graph to replace (default: the default graph)."
)
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True)
@click.option("--user", default=None, metavar="NAME",
              help="User name for the store. The password is read from the ATELIER_KG_PASSWORD "
                   "environment variable, else asked without echo; never give it on the command line. "
                   "Without --user, ~/.netrc is used when it has an entry for the endpoint's host.")
@click.pass_obj
def push(settings: _Settings, endpoint: str, graph_iri: str | None, timeout: float, user: str | None) -> None:
    """Load the graph into a SPARQL store (Oxigraph, Fuseki, GraphDB…) with the SPARQL 1.1 Graph Store
    HTTP Protocol: one PUT that replaces the named graph.

    Credentials (HTTP Basic): --user NAME with the password in ATELIER_KG_PASSWORD or typed at the
    prompt, or a `machine HOST login NAME password …` line in ~/.netrc. Use https:// with them.
    The server's answer to a refusal is shown on one line, control characters escaped.
    """
    from .push import PushError, push_graph, sends_in_clear

    credentials = _credentials(settings, endpoint, user)
    loaded = _load(settings)
    if credentials is not None and (host := sends_in_clear(endpoint)):
        click.echo(message("push_clear_text", settings.lang, host=host), err=True)
    try:
        status = push_graph(loaded.graph, endpoint, graph_iri, timeout, credentials)
    except PushError as error:
        click.echo(error.message(settings.lang), err=True)
        sys.exit(EXIT_INVALID)
    click.echo(
        f"{len(loaded.graph)} triplets envoyés ({status})"
        if settings.lang == "fr"
        else f"{len(loaded.graph)} triples sent ({status})"
    )


def _credentials(settings: _Settings, endpoint: str, user: str | None) -> tuple[str, str] | None:
    """--user with ATELIER_KG_PASSWORD or a hidden prompt; else ~/.netrc's entry for the host."""
    from .push import PASSWORD_VARIABLE, netrc_credentials

    if user is None:
        return netrc_credentials(endpoint)
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        if not sys.stdin.isatty():
            _fail(settings, EntryError("--user", None, "password_needed", user=user))
        password = click.prompt("Mot de passe" if settings.lang == "fr" else "Password", hide_input=True,
                                err=True)
    return user, password
