"""YAML data files → an rdflib Graph, with a map from every resource back to its file and line.

The data of a folder (and the entries being proposed) go through the builder (builder.py); the
official reference adds the regions, the departments and what the data refers to.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from .builder import Builder, Registry, SourceMap
from .messages import EntryError, EntryErrors
from .namespaces import new_graph
from .paths import REFERENCE_DIR, data_files, display_path, display_paths, resolved
from .triples import TripleSet, sorted_ntriples


class LoadedGraph:
    """The triples of the data, where each resource was written, and what could not be read.

    The triples are kept as the loader wrote them (a TripleSet) or as an rdflib Graph given by
    the caller. `ntriples` (sorted) and `store` (Oxigraph, bulk-loaded from them) are made once
    and kept while the triples cannot change under them; `graph` makes an rdflib Graph for those
    who need its API, and from then on that Graph is the triples (it may be changed in place,
    so what is made from it is made again each time).
    """

    def __init__(self, triples: Graph | TripleSet, sources: SourceMap, files: list[Path],
                 by_file: dict[str, list[tuple[URIRef, URIRef, Any]]] | None = None,
                 problems: list[EntryError] | None = None) -> None:
        self.triples = triples
        self.sources = sources
        self.files = files
        # With track_files: the triples each data file wrote (what the rest is: reference data).
        self.by_file = by_file
        # With collect: what could not be read (the graph holds the rest), in file order.
        self.problems = problems if problems is not None else []
        self._ntriples: bytes | None = None
        self._store: Any = None

    def __len__(self) -> int:
        return len(self.triples)

    @property
    def graph(self) -> Graph:
        if not isinstance(self.triples, Graph):
            graph = new_graph()
            for triple in self.triples:
                graph.add(triple)
            self.triples = graph
            self._ntriples = self._store = None
        return self.triples

    def subgraph(self, predicates: Iterable[URIRef]) -> Graph:
        """An rdflib Graph of the triples with these predicates, prefixes bound: for a reader that
        needs rdflib's API on a few properties (the map, the counts), not a copy of everything."""
        wanted = set(predicates)
        graph = new_graph()
        for triple in self.triples:
            if triple[1] in wanted:
                graph.add(triple)
        return graph

    def add(self, triple: tuple[Any, Any, Any]) -> None:
        self.triples.add(triple)
        self._ntriples = self._store = None

    @property
    def ntriples(self) -> bytes:
        """The triples as sorted N-Triples (exports, the store, the query engine)."""
        if self._ntriples is not None:
            return self._ntriples
        data = sorted_ntriples(self.triples)
        if not isinstance(self.triples, Graph):
            self._ntriples = data
        return data

    @property
    def store(self) -> Any:
        """The triples in an Oxigraph store (pyoxigraph.Store), loaded from the sorted N-Triples."""
        if self._store is not None:
            return self._store
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(self.ntriples, ox.RdfFormat.N_TRIPLES)
        if not isinstance(self.triples, Graph):
            self._store = store
        return store


def load_graph(data_dir: Path, extra_files: Sequence[Path] = (), reference: str = "compact",
               track_files: bool = False, collect: bool = False) -> LoadedGraph:
    """Load every data file of data_dir, then extra_files (entries being proposed).

    Every problem of every file is found in one run: they are raised together (EntryErrors), or,
    with collect, kept in LoadedGraph.problems beside the graph of what could be read (so that
    `validate` says them and what SHACL finds in the rest, at once).

    reference: "compact" loads the regions and departments, and the EPCIs, communes and State
    services (DDT…) the data refers to, from data/reference/; "full" loads every EPCI, commune
    and State service of France; "none" skips it.
    """
    # Millions of new objects and none to free: the cyclic collector would walk the growing
    # graph again and again (a fifth of the load time at 100k triples).
    # Once loaded, the graph lives as long as the command: frozen, it is left out of every
    # later collection too (without it, validating full France took 2.2 s instead of 0.5 s).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_graph(data_dir, extra_files, reference, track_files, collect)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _load_graph(data_dir: Path, extra_files: Sequence[Path], reference: str,
                track_files: bool, collect: bool) -> LoadedGraph:
    files = data_files(data_dir)
    if not files:
        raise EntryError(display_path(data_dir), None, "no_data", folder=display_path(data_dir))
    if extra_files:
        seen = {resolved(p) for p in files}
        files += [p for p in extra_files if resolved(p) not in seen]
    builder = Builder(track_files)
    extract = None
    if reference != "none" and (data_dir / REFERENCE_DIR / "sources.json").exists():
        from . import reference as ref

        extract = ref.read_extract((data_dir / REFERENCE_DIR).resolve(), reference == "full")
        ref.add_sources(builder.triples, extract)
        folder = display_path(data_dir / REFERENCE_DIR)
        builder.register_reference(ref.add_regions_and_departments(builder.triples, extract), folder)
    for path, shown in zip(files, display_paths(files), strict=True):
        with builder.keep_going():
            builder.load_file(path, shown)
    if extract is not None:
        from . import reference as ref

        # The EPCIs, communes and State services referred to (every one with "full").
        references = [(r.target, r.slug) for r in builder.references]
        added = ref.add_referenced(builder.triples, extract, references, builder.registry.__contains__,
                                   full=reference == "full")
        builder.register_reference(added, folder)
        builder.reference_slugs = extract.keys  # "did you mean" among all of France
    builder.resolve_references()
    return _result(LoadedGraph(builder.triples, builder.sources, files, builder.by_file), builder, collect)


def load_entries(entry_files: Sequence[Path], known: Registry, collect: bool = False) -> LoadedGraph:
    """Load only entry_files; their references resolve against `known` (the index of a build)."""
    builder = Builder(track_files=False, known=known)
    for path in entry_files:
        with builder.keep_going():
            builder.load_file(path, display_path(path))
    builder.resolve_references()
    return _result(LoadedGraph(builder.triples, builder.sources, list(entry_files)), builder, collect)


def _result(loaded: LoadedGraph, builder: Builder, collect: bool) -> LoadedGraph:
    if builder.problems and not collect:
        raise EntryErrors(builder.problems)
    loaded.problems = builder.problems
    return loaded


