"""The project as a library: one object that loads, validates, builds, exports, releases, writes
the site, queries, compares, pushes and serves, as the command line does.

It raises instead of exiting: `EntryError` when an input cannot be read (the command line's exit
code 2), `NotConforming` when the data does not conform (exit 1), `QueryError`, `ReleaseError`
and `PushError` for what those refuse. Nothing here prints.

    from atelier_kg import Project
    project = Project()                      # data/, shapes/, ontology/, queries/ of the working folder
    report = project.validate([Path("data/laureats/mayenne.yaml")])
    project.build(Path("out"))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph
from rdflib.namespace import RDF

from .load import LoadedGraph, load_graph
from .messages import EntryError

if TYPE_CHECKING:
    from .diff import Changes
    from .query import Limits, QueryResult, SavedQuery
    from .release.report import ReleaseReport
    from .stats import Stats
    from .validate import ValidationReport

MAP_FILE = "carte-des-laureats.svg"


class NotConforming(Exception):
    """The data does not conform to the shapes: nothing was written. The report says why."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__("the data does not conform")
        self.report = report


@dataclass(frozen=True)
class Built:
    """What `build` wrote: the files (name → bytes), where, the index and the validation report."""

    out: Path
    files: dict[str, bytes]
    index: Path
    report: ValidationReport
    triples: int
    resources: int


@dataclass
class Project:
    data: Path = Path("data")
    shapes: Path = Path("shapes")
    ontology: Path = Path("ontology/atelier.ttl")
    queries: Path = Path("queries")
    reference: str = "compact"  # compact | full | none
    root: Path = field(default_factory=Path.cwd)
    engine: str = "native"  # SHACL engine: native (atelier_kg.shacl) | pyshacl (the reference)

    def __post_init__(self) -> None:
        for folder in (self.data, self.shapes):
            try:  # resolved all along the way; on a loop of links Python 3.11 raises RuntimeError
                folder.resolve()
            except (RuntimeError, OSError):
                raise EntryError(str(folder), None, "link_loop") from None

    # -- inputs ------------------------------------------------------------------------------------
    def inputs(self, *more: Path) -> tuple[Path, ...]:
        """What no output may replace or go into: the data, the shapes, the ontology, the index."""
        from .index import index_dir

        return (self.data, self.shapes, self.ontology.parent, index_dir(self.data), *more)

    @cached_property
    def shapes_graph(self) -> Graph:
        from .validate import load_shapes

        return load_shapes(self.shapes.resolve())

    @cached_property
    def ontology_graph(self) -> Graph:
        """The vocabulary; a file that does not parse is one line (its content not quoted)."""
        from .paths import display_path

        try:
            return Graph().parse(self.ontology)
        except OSError:
            raise
        except Exception:  # noqa: BLE001 (rdflib raises many kinds, and quotes the file in them)
            raise EntryError(display_path(self.ontology), None, "bad_graph_file", problem="Turtle") from None

    def load(self, entries: Sequence[Path] = (), track_files: bool = False,
             collect: bool = False) -> LoadedGraph:
        """data/ (and entries) as a graph; what cannot be read raises EntryErrors, or with collect
        is kept in LoadedGraph.problems."""
        return load_graph(self.data, entries, self.reference, track_files, collect)

    # -- validation --------------------------------------------------------------------------------
    def validate(self, paths: Sequence[Path] = (), use_index: bool = True) -> ValidationReport:
        """All of data/, or entries (YAML or RDF) checked together with the existing graph."""
        from .entries import validate_entries

        return validate_entries(self, paths, use_index)

    def validate_endpoint(self, url: str, graph_iri: str | None = None, timeout: float = 300.0,
                          credentials: tuple[str, str] | None = None) -> ValidationReport:
        """The graph of a SPARQL endpoint against the shapes; problems of resources written in our
        data name their file and line (the data is read for that, when it can be). `credentials`:
        (user, password) for HTTP Basic, as `push` sends them."""
        from .validate import validate_endpoint

        try:
            loaded = self.load(collect=True) if self.data.is_dir() else None
        except EntryError:
            loaded = None  # the store's graph is what is checked; our data only helps to locate
        return validate_endpoint(url, self.shapes_graph, loaded, graph_iri, timeout, credentials)

    def check(self, loaded: LoadedGraph) -> ValidationReport:
        """Validate a loaded graph as `build` does."""
        from .paths import display_path
        from .validate import focus_of, validate_graph

        # With the whole of France loaded, SHACL checks what people wrote (and what it touches);
        # the reference extract itself is checked when it is refreshed, and by the tests.
        written_by_people = {display_path(p) for p in loaded.files}
        focus = focus_of(loaded, written_by_people) if self.reference == "full" else None
        return validate_graph(loaded, self.shapes_graph, focus, self.engine)

    def conforming(self, track_files: bool = False) -> tuple[LoadedGraph, ValidationReport]:
        """The loaded graph, if it conforms; NotConforming otherwise."""
        loaded = self.load(track_files=track_files)
        report = self.check(loaded)
        if not report.conforms():
            raise NotConforming(report)
        return loaded, report

    # -- outputs -----------------------------------------------------------------------------------
    def build(self, out: Path) -> Built:
        """Validate, then write every format, the map and the index; out/ is replaced whole."""
        from .export import export_payloads, payload_names, write_folder
        from .index import write_index
        from .map import PREDICATES as MAP_PREDICATES
        from .map import render_map
        from .outputs import check_folder, verify_outputs
        from .release import model_files
        from .stats import graph_stats

        models = model_files(self.ontology, self.shapes)  # the vocabulary and shapes, beside the graph
        check_folder(out, [*payload_names(), MAP_FILE, *models], "build", self.inputs())  # before any work
        loaded, report = self.conforming(track_files=True)
        files = export_payloads(loaded)
        files |= {name: path.read_bytes() for name, path in models.items()}
        # Published: the same bytes in every locale (--lang is for messages), as in the release and site.
        files[MAP_FILE] = render_map(loaded.subgraph(MAP_PREDICATES), "fr").encode("utf-8")
        verify_outputs(out, files, {n: len(loaded) for n in files if n.startswith("atelier-des-")})
        # For `validate ENTRY`, and only for data that conformed; before out/, so that a failure
        # here (a full disk) leaves the previous out/ as it was.
        index = write_index(loaded, self.data, self.reference)
        write_folder(files, out, "build", self.inputs())
        stats = graph_stats(loaded.subgraph([RDF.type]), len(loaded))
        return Built(out, files, index, report, stats.triples, stats.resources)

    def export(self, format_name: str, output: Path | None = None) -> bytes:
        """The graph in one format, parsed back first; written atomically to `output` if given."""
        from . import formats
        from .export import serialize, write_atomic
        from .outputs import check_file_target, verify_rdf

        loaded = self.load()
        if output is not None:
            check_file_target(output, self.inputs())
        data = serialize(loaded, format_name)
        verify_rdf(str(output or "<stdout>"), data, len(loaded), formats.get(format_name).suffix)
        if output is not None:
            write_atomic(output, data)
        return data

    def release(self, version: str | None, out: Path, force: bool = False) -> Path:
        """An open-data release in out/VERSION (default version: the release date)."""
        from .map import render_map
        from .outputs import check_folder
        from .release import (
            build_release,
            check_version,
            model_files,
            previous_release,
            release_date,
            release_names,
        )

        # A version is never a path; and the target is checked before any work.
        if version is None:
            version = release_date(self.root).strftime("%Y.%m.%d")
        check_version(version)
        models = model_files(self.ontology, self.shapes)  # carried, to read and check it offline
        check_folder(out / version, release_names(models), "release", self.inputs())
        loaded, _ = self.conforming()
        self.ontology_graph  # noqa: B018 (the ontology carried must parse: one line if it does not)
        return build_release(loaded.graph, self.root, self.data, out, version, force,
                             previous_release(out, version), render_map(loaded.graph, "fr").encode("utf-8"),
                             self.inputs(), models)

    def validate_release(self, folder: Path) -> ReleaseReport:
        """Check a release folder offline: checksums, its catalog against DCAT-AP 3.0.1, its tables
        against their schemas, its graph against the shapes it carries (release/check.py)."""
        from .release.check import check_release

        return check_release(folder)

    def site(self, out: Path) -> list[Path]:
        from .site import build_site

        return build_site(self.load().graph, self.ontology_graph, self.shapes_graph, out,
                          self.inputs(self.ontology.parent), self.model_bytes(), self.saved_queries())

    def model_bytes(self) -> dict[str, bytes]:
        """The vocabulary and shapes documents as published (ontologie.ttl, formes-….ttl)."""
        from .release import model_files

        return {name: path.read_bytes() for name, path in model_files(self.ontology, self.shapes).items()}

    def new_entry(self, kind: str, slug: str, output: Path | None = None) -> tuple[Path | None, str]:
        """A template for a new entry, written to its file (never over one); (None, text) for stdout."""
        from .export import write_atomic
        from .namespaces import is_slug
        from .templates import default_path, render

        if not is_slug(slug):
            raise EntryError("<slug>", None, "bad_slug", value=slug, key="slug")
        text = render(kind, slug)
        target = output or (Path(p) if (p := default_path(kind, slug)) else None)
        if target is None:
            return None, text
        self._check_entry_target(target)
        if target.exists() or target.is_symlink():
            raise EntryError(str(target), None, "exists", target=str(target))
        write_atomic(target, text.encode("utf-8"))
        return target, text

    def _check_entry_target(self, target: Path) -> None:
        """An entry goes into a YAML file, in data/ or elsewhere, never among shapes or the reference."""
        from .index import index_dir
        from .outputs import check_file_target
        from .paths import REFERENCE_DIR

        if target.suffix.lower() not in (".yaml", ".yml"):
            raise EntryError(str(target), None, "entry_suffix")
        check_file_target(target, (self.shapes, self.ontology.parent, index_dir(self.data),
                                   self.data / REFERENCE_DIR))

    # -- queries and comparisons -------------------------------------------------------------------
    def saved_queries(self) -> dict[str, SavedQuery]:
        from .query import library

        return library(self.queries) if self.queries.is_dir() else {}

    def query(self, name_or_path: str, params: Mapping[str, str] | None = None,
              result_format: str = "json", timeout: float = 5.0, limits: Limits | None = None,
              stdin_text: str | None = None, graph_format: str = "ttl",
              max_rows: int | None = None) -> QueryResult:
        """Run a saved query (by name), a .rq file or a text ("-" with stdin_text) in a confined worker.

        SELECT and ASK answer in `result_format` (json, xml, csv, tsv), CONSTRUCT and DESCRIBE in
        `graph_format` (ttl, jsonld, nt); `max_rows` cuts the answer (QueryResult.truncated).
        """
        from . import query as q

        saved = q.resolve(name_or_path, self.queries, stdin_text)
        bindings = q.bind_parameters(saved, params or {})
        q.check_safe(saved.text)  # refused before the data is even loaded
        with q.QueryEngine(ntriples=self.load().ntriples, limits=limits or q.Limits()) as engine:
            return engine.run(saved.text, bindings, result_format, timeout, max_rows,
                              graph_format=graph_format)

    def diff(self, old: Path, new: Path) -> Changes:
        from .diff import compare, read_snapshot

        return compare(read_snapshot(old, self.reference), read_snapshot(new, self.reference))

    def stats(self) -> Stats:
        from .stats import graph_stats

        loaded = self.load()
        return graph_stats(loaded.subgraph([RDF.type]), len(loaded))

    # -- publishing to a store and on the web --------------------------------------------------------
    def push(self, endpoint: str, graph_iri: str | None = None, timeout: float = 60.0,
             credentials: tuple[str, str] | None = None) -> tuple[int, int]:
        """Replace a named graph in a SPARQL store; (HTTP status, triples sent)."""
        from .push import push_graph

        loaded = self.load()
        return push_graph(loaded, endpoint, graph_iri, timeout, credentials), len(loaded)

    def serve(self, host: str, port: int, **options: Any) -> None:
        """Serve the site and /sparql until Ctrl-C or SIGTERM (see serve.serve_project)."""
        from .serve import serve_project

        serve_project(self, host, port, **options)
